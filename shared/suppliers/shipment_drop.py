"""Where suppliers' shipment files (发货单) are dropped for the sync tick to read: one folder per supplier
under a root the deployment names (``WAYBILL_SUPPLIER_FILES``), never the sheet.

A supplier's folder is its supplier key (``secret_binding.supplier_key``: ``Acme Ltd.`` -> ``ACME_LTD``,
丁工厂 -> ``S`` + 10 hex digits), the same key its secrets are named with: a sheet editor cannot point
the tick at any other place, and a file is that supplier's because of where it lies, never because
of what it says. Only the files directly in the folder count, named ``*.csv`` or ``*.xlsx``; a name
starting with ``.`` or ``~$`` (an upload or an editor's lock file in progress) is not a file yet, and a
symbolic link is never followed.

``LocalDrop`` is a directory (a single machine, the demo, tests); ``shipment_drop_bucket.BucketDrop``
an S3-compatible bucket. Each lists one folder per call and reads a file's first ``limit + 1``
bytes at most (one byte over is enough to refuse it): the reader's caps (``shipment_file_reader``)
apply as they do to the command line's files. Listing or reading failures are
``ShipmentDropUnavailable``: the next tick tries again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from shared.suppliers.errors import SupplierUnavailable

SUFFIXES = (".csv", ".xlsx")
_NOT_YET = (".", "~$")


class ShipmentDropUnavailable(SupplierUnavailable):
    """The drop could not be listed or a file in it could not be read (a later tick retries)."""


@dataclass(frozen=True, slots=True)
class DroppedFile:
    """A file in a supplier's folder. ``version`` changes whenever the file is replaced (its size and
    modification time locally, its ETag in a bucket), so a file dropped again is read again."""

    folder: str
    name: str
    size: int
    version: str

    @property
    def key(self) -> str:
        return f"{self.folder}/{self.name}"


def is_shipment_file(name: str) -> bool:
    """A name the tick reads: ``*.csv`` / ``*.xlsx``, not hidden, not a lock file, no path in it."""
    plain = "/" not in name and "\\" not in name and "\x00" not in name
    return plain and name.lower().endswith(SUFFIXES) and not name.startswith(_NOT_YET)


class ShipmentDrop(Protocol):
    def files(self, folder: str) -> list[DroppedFile]:
        """The shipment files directly in ``folder``, sorted by name (none when it does not exist)."""
        ...

    def read(self, file: DroppedFile, limit: int) -> bytes:
        """The file's first ``limit + 1`` bytes at most."""
        ...

    def describe(self) -> str:
        """Where the drop is, for ``doctor`` and the docs (no secrets)."""
        ...


class LocalDrop:
    """Supplier folders in a local directory."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def describe(self) -> str:
        return f"local directory {self.root}"

    def _folder(self, folder: str) -> Path:
        if not folder or folder in {".", ".."} or not is_folder_name(folder):
            raise ValueError(f"not a supplier folder: {folder!r}")
        return self.root / folder

    def files(self, folder: str) -> list[DroppedFile]:
        path = self._folder(folder)
        found = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if not is_shipment_file(entry.name) or not entry.is_file(follow_symlinks=False):
                        continue
                    stat = entry.stat(follow_symlinks=False)
                    version = f"{stat.st_size}:{stat.st_mtime_ns}"
                    found.append(DroppedFile(folder, entry.name, stat.st_size, version))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ShipmentDropUnavailable(
                f"cannot list the shipment folder {folder}: {exc.strerror}", code=exc.errno
            ) from None
        return sorted(found, key=lambda f: f.name)

    def read(self, file: DroppedFile, limit: int) -> bytes:
        path = self._folder(file.folder) / file.name
        if not is_shipment_file(file.name):
            raise ValueError(f"not a shipment file: {file.name!r}")
        try:
            # O_NOFOLLOW: a file swapped for a link after the listing is still not followed.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                return handle.read(limit + 1)
        except OSError as exc:
            raise ShipmentDropUnavailable(
                f"cannot read the shipment file {file.key}: {exc.strerror}", code=exc.errno
            ) from None


def is_folder_name(folder: str) -> bool:
    """A supplier key: letters, digits and ``_`` only (what ``supplier_key`` gives)."""
    return folder.isascii() and folder.replace("_", "").isalnum()
