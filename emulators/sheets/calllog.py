"""The request log: every API call with its method name, for budget assertions in tests.

``entries`` keeps the last ``keep`` calls; ``counts`` and ``by_user`` count every call since the
last clear, so a long run (benchmarks/bench_quota.py) can tell one user's calls and 429s apart
after the entries have rolled over."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any


class CallLog:
    def __init__(self, keep: int = 5000) -> None:
        self._lock = threading.Lock()
        self.keep = keep
        self.entries: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()
        self.by_user: dict[str, Counter[str]] = {}  # user -> HTTP status (as text) -> calls

    def record(self, endpoint: str, method: str, path: str, status: int, user: str) -> None:
        with self._lock:
            self.counts[endpoint] += 1
            self.by_user.setdefault(user, Counter())[str(status)] += 1
            self.entries.append(
                {
                    "endpoint": endpoint,
                    "method": method,
                    "path": path,
                    "status": status,
                    "user": user,
                    "time": time.time(),
                }
            )
            if len(self.entries) > self.keep:
                del self.entries[: len(self.entries) - self.keep]

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "total": sum(self.counts.values()),
                "counts": dict(self.counts),
                "byUser": {u: dict(statuses) for u, statuses in self.by_user.items()},
                "requests": list(self.entries),
            }

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.counts.clear()
            self.by_user.clear()
