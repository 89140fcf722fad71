"""The demo's clock: real time plus an offset the demo moves forward (never back).

The functions' tick runs on it (``functions.deps.set_clock``); ``Stage.move_clocks`` moves it
together with the WeChat Shop and Kuaidi100 emulators' clocks, so days of parcel journeys and the
logistics watch's time rules (no pickup in 48 h, stalled 72 h) show within a minute of demo.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class DemoClock:
    def __init__(self) -> None:
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """UTC-aware: the real now plus every move so far."""
        with self._lock:
            return datetime.now(UTC) + self._offset

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def advance(self, hours: float) -> datetime:
        """Move ``hours`` ahead; returns the new now."""
        if hours < 0:
            raise ValueError("the demo clock only moves forward")
        with self._lock:
            self._offset += timedelta(hours=hours)
        return self.now()
