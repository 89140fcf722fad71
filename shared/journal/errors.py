"""The journal's exception family. No raw OSError/botocore error leaves the journal."""

from __future__ import annotations


class JournalError(Exception):
    """Root: carries the store's error code (S3 code or errno name) and request id when there is one."""

    def __init__(self, message: str, *, code: str | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.request_id = request_id

    def __str__(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in (("code", self.code), ("request_id", self.request_id)) if v)
        return f"{super().__str__()} {extra}".strip()


class JournalUnavailable(JournalError):
    """The store could not be reached or failed after bounded retries: nothing was written."""


class JournalConflict(JournalError):
    """A conditional write lost: the key exists already, or changed since it was read."""


class JournalCorrupt(JournalError):
    """A stored object is not what the journal wrote (not JSON, wrong shape)."""
