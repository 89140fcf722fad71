"""The Sheets adapter's small exception family. No gspread / requests / google-auth error escapes it.

``SheetsError`` carries the HTTP status (``None`` when no answer arrived) and Google's error
``status`` (e.g. ``RESOURCE_EXHAUSTED``) and ``message`` when the API sent them, and ``retry_after``
(seconds) when the answer had a ``Retry-After`` header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class SheetsError(Exception):
    """Any failure talking to Google Sheets (or the emulator)."""

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        google_status: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.google_status = google_status
        self.retry_after = retry_after

    def __str__(self) -> str:
        parts = [str(self.http_status) if self.http_status is not None else "no response"]
        if self.google_status:
            parts.append(self.google_status)
        return f"[{' '.join(parts)}] {self.message}"


class SheetsUnavailable(SheetsError):
    """No answer (connection refused, timeout) or a 5xx that outlived the retries."""


class SheetsRateLimited(SheetsError):
    """429 RESOURCE_EXHAUSTED that outlived the retries: try again on the next tick."""


class SheetsQuotaShort(SheetsRateLimited):
    """The quota buckets shared by every function (shared/sheets/quota.py) hold no token for this
    request before the invocation must end: nothing was sent; the work waits (``retry_after``:
    seconds until a token comes back)."""


class SheetsNotFound(SheetsError):
    """404: the spreadsheet (or a tab) does not exist."""


class SheetsPermissionDenied(SheetsError):
    """401/403: the credentials cannot open the spreadsheet (is it shared with the service account?)."""


class SheetsBadRequest(SheetsError):
    """400: a request we built was refused; a bug on our side or a sheet in an unexpected shape."""


class SheetsTabNotFound(SheetsNotFound):
    """The spreadsheet exists but has no tab of that title. Sheets answers a range on a missing tab
    with 400 INVALID_ARGUMENT, so ``http_status`` stays 400; the tab client confirms the tab is
    missing from the spreadsheet's own tab list (tab_client.py), never from the message."""


class SheetsUnexpectedAnswer(SheetsError):
    """The API answered, but with a body we cannot read (not JSON, or not the documented shape)."""


class SheetLayoutError(SheetsError):
    """The sheet is readable but not in the shape we need (missing tab, missing key column)."""


class SheetsConfigError(SheetsError):
    """Settings are missing or contradictory (no spreadsheet id, unreadable credentials)."""


def from_http(
    http_status: int,
    error: Mapping[str, Any] | None,
    fallback_text: str = "",
    retry_after: float | None = None,
) -> SheetsError:
    """Map an HTTP error answer (Google's ``{"error": {...}}`` body, if any) to the family."""
    error = error or {}
    message = str(error.get("message") or fallback_text or f"HTTP {http_status}")[:500]
    google_status = str(error.get("status") or "")
    cls: type[SheetsError]
    if http_status == 429:
        cls = SheetsRateLimited
    elif http_status in (401, 403):
        cls = SheetsPermissionDenied
    elif http_status == 404:
        cls = SheetsNotFound
    elif http_status in (400, 409, 412, 413):
        cls = SheetsBadRequest
    elif http_status == 408 or http_status >= 500:
        cls = SheetsUnavailable
    else:
        cls = SheetsError
    return cls(message, http_status=http_status, google_status=google_status, retry_after=retry_after)
