"""The edit hook: the same signed POST that the sheet's Apps Script sends (contract in README.md).

Body: compact JSON (UTF-8, non-ASCII unescaped, like JavaScript's JSON.stringify).
Headers: ``X-Waybill-Timestamp: <unix seconds>`` and
``X-Waybill-Signature: hex(HMAC-SHA256(secret, "<timestamp>." + raw body))``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

TIMESTAMP_HEADER = "X-Waybill-Timestamp"
SIGNATURE_HEADER = "X-Waybill-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Webhook:
    """Where edits are posted; deliveries are made on a background thread and recorded."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.url: str | None = None
        self.secret: str = ""
        self.user = "operator@example.com"
        self.clock = clock
        self._lock = threading.Lock()
        self.deliveries: list[dict[str, Any]] = []
        self._threads: list[threading.Thread] = []

    def configure(self, url: str | None, secret: str | None, user: str | None) -> None:
        with self._lock:
            self.url = url or None
            if secret is not None:
                self.secret = secret
            if user:
                self.user = user

    def config(self) -> dict[str, Any]:
        return {"url": self.url, "secretSet": bool(self.secret), "user": self.user}

    def fire(self, payload: dict[str, Any]) -> None:
        """Sign and post ``payload`` (its ``timestamp`` is filled in here) unless no URL is set."""
        with self._lock:
            url, secret = self.url, self.secret
        if not url:
            return
        ts = int(self.clock())
        payload = {**payload, "timestamp": ts}
        body = encode(payload)
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: sign(secret, ts, body),
        }
        queued = time.time()
        thread = threading.Thread(target=self._post, args=(url, body, headers, payload, queued), daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _post(
        self, url: str, body: bytes, headers: dict[str, str], payload: dict[str, Any], queued: float
    ) -> None:
        # When the edit was made, when the POST left and when the receiver answered (unix seconds,
        # float): where an operator's wait goes (benchmarks/bench_webview_wait.py reads them).
        record: dict[str, Any] = {"url": url, "payload": payload, "status": None, "error": None}
        record["queued"], record["sent"] = queued, time.time()
        try:
            req = urllib.request.Request(url, data=body, headers=headers, method="POST")
            with urllib.request.urlopen(req, timeout=10) as resp:
                record["status"] = resp.status
        except urllib.error.HTTPError as err:
            record["status"] = err.code
        except (urllib.error.URLError, OSError) as err:
            record["error"] = str(err)
        record["answered"] = time.time()
        with self._lock:
            self.deliveries.append(record)

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for deliveries in flight (tests, shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(timeout)

    def reset(self) -> None:
        with self._lock:
            self.url, self.secret, self.user = None, "", "operator@example.com"
            self.deliveries.clear()
