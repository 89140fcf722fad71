"""The object-store interface the journal needs, and nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Stored:
    """An object's bytes and its version tag (an ETag, or a content hash for the local store)."""

    data: bytes
    etag: str


class ObjectStore(Protocol):
    """Keys are '/'-separated paths. Implementations must make ``create`` and ``replace`` atomic.

    A store may say how many writes it takes at once with a ``write_concurrency`` attribute (read by
    ``Journal.replace_all``; without it, 1): worth it where each write waits on the network.
    """

    def read(self, key: str) -> Stored | None:
        """The object, or None when absent."""
        ...

    def create(self, key: str, data: bytes) -> bool:
        """Write only if absent (If-None-Match: *). False when the key already exists."""
        ...

    def replace(self, key: str, data: bytes, etag: str | None) -> bool:
        """Overwrite only if the current version is ``etag`` (If-Match); ``etag=None`` overwrites
        unconditionally. False when the version changed or the key vanished."""
        ...

    def keys(self, prefix: str) -> list[str]:
        """Every key under ``prefix``, sorted."""
        ...

    def describe(self) -> str:
        """Where the store is, for ``doctor`` and logs (no secrets)."""
        ...
