"""A local directory as the journal's object store (the default for ``make demo`` and tests).

Atomicity: every write goes to a temporary file in the same directory first. ``create`` publishes it
with ``os.link`` (fails if the name exists: create-if-absent without a window), ``replace`` with
``os.replace`` under a per-key lock file so that compare-and-swap holds between processes.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.journal.errors import JournalError, JournalUnavailable
from shared.journal.store import Stored


class LocalDirStore:
    # One write at a time: each is a few local file operations under a per-key lock, and threads
    # only contend (measured: 4,000 index writes 0.78 s in turn, 2.2-2.5 s with 4-16 threads).
    write_concurrency = 1

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def describe(self) -> str:
        return f"local directory {self.root}"

    def _path(self, key: str) -> Path:
        parts = [p for p in key.split("/") if p]
        if not parts or any(p in {".", ".."} or "\\" in p or "\x00" in p for p in parts):
            raise JournalError(f"invalid journal key {key!r}", code="InvalidKey")
        return self.root.joinpath(*parts)

    def read(self, key: str) -> Stored | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise JournalUnavailable(
                f"cannot read {key}: {exc.strerror}", code=errno.errorcode.get(exc.errno or 0)
            ) from exc
        return Stored(data, hashlib.sha256(data).hexdigest())

    def _staged(self, path: Path, data: bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return Path(name)

    def create(self, key: str, data: bytes) -> bool:
        path = self._path(key)
        try:
            staged = self._staged(path, data)
            try:
                os.link(staged, path)
            except FileExistsError:
                return False
            finally:
                staged.unlink(missing_ok=True)
        except OSError as exc:
            raise JournalUnavailable(
                f"cannot write {key}: {exc.strerror}", code=errno.errorcode.get(exc.errno or 0)
            ) from exc
        return True

    @contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        lock_path = path.parent / f".lock-{path.name}"
        with open(lock_path, "a") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def replace(self, key: str, data: bytes, etag: str | None) -> bool:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked(path):
                if etag is not None:
                    current = self.read(key)
                    if current is None or current.etag != etag:
                        return False
                os.replace(self._staged(path, data), path)
        except OSError as exc:
            raise JournalUnavailable(
                f"cannot write {key}: {exc.strerror}", code=errno.errorcode.get(exc.errno or 0)
            ) from exc
        return True

    def keys(self, prefix: str) -> list[str]:
        # Walk only below the deepest folder the prefix names (audit/2026/11/ -> that folder), with
        # os.scandir: a year's journal lists day folders of ~1,000 entries many times a tick, and
        # pathlib's rglob spent ~20 ms on each.
        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = self._path(folder) if folder else self.root
        found: list[str] = []
        stack = [(str(start), f"{folder}/" if folder else "")]
        while stack:
            path, relative = stack.pop()
            try:
                listing = os.scandir(path)
            except (FileNotFoundError, NotADirectoryError):
                continue
            with listing:
                for entry in listing:
                    if entry.is_dir():
                        stack.append((entry.path, f"{relative}{entry.name}/"))
                    elif entry.is_file() and not entry.name.startswith("."):
                        key = relative + entry.name
                        if key.startswith(prefix):
                            found.append(key)
        return sorted(found)
