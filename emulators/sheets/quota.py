"""Per-user, per-minute request quota (read and write buckets), like the Sheets API.

A bucket refills at the start of each minute window (windows start at the user's first request).
A batch request counts as one request. Limits of None mean unlimited (the default, so tests and
the demo are not throttled unless they ask; the real API allows 60 reads and 60 writes per
minute per user and project).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from .errors import ApiError

KIND_LABEL = {"read": "Read", "write": "Write"}


class Quota:
    def __init__(
        self,
        reads_per_minute: int | None = None,
        writes_per_minute: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits: dict[str, int | None] = {"read": reads_per_minute, "write": writes_per_minute}
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}
        self.rejected = 0

    def configure(self, reads_per_minute: int | None, writes_per_minute: int | None) -> None:
        with self._lock:
            self.limits = {"read": reads_per_minute, "write": writes_per_minute}
            self._windows.clear()

    def reset_windows(self) -> None:
        with self._lock:
            self._windows.clear()

    def charge(self, user: str, kind: str) -> None:
        """Count one request; raise the real 429 body when the user's bucket is empty."""
        limit = self.limits.get(kind)
        if limit is None:
            return
        now = self.clock()
        with self._lock:
            start, used = self._windows.get((user, kind), (now, 0))
            if now - start >= 60:
                start, used = now, 0
            if used >= limit:
                self.rejected += 1
                raise quota_exceeded(kind, limit)
            self._windows[(user, kind)] = (start, used + 1)

    def status(self) -> dict[str, object]:
        with self._lock:
            used = {f"{u}/{k}": n for (u, k), (_, n) in self._windows.items()}
        return {
            "readsPerMinute": self.limits["read"],
            "writesPerMinute": self.limits["write"],
            "used": used,
            "rejected": self.rejected,
        }


def quota_exceeded(kind: str, limit: int) -> ApiError:
    label = KIND_LABEL[kind]
    message = (
        f"Quota exceeded for quota metric '{label} requests' and limit '{label} requests per minute "
        "per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."
    )
    details: list[dict[str, Any]] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_metric": f"sheets.googleapis.com/{kind}_requests",
                "quota_limit": f"{label}RequestsPerMinutePerUser",
                "quota_limit_value": str(limit),
                "quota_location": "global",
                "consumer": "projects/000000000000",
                "service": "sheets.googleapis.com",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]
    return ApiError(429, message, status="RESOURCE_EXHAUSTED", details=details)
