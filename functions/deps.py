"""One set of clients per process (connection pools and the token cache survive between calls)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from shared.app.config import AppConfig
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, utc_now
from shared.app.wiring import tick_deps

_lock = threading.Lock()
_cached: dict[str, TickDeps] = {}
_feed: dict[str, SupplierFeed] = {}
_clock: dict[str, Callable[[], datetime]] = {}


def deps() -> TickDeps:
    with _lock:
        if "tick" not in _cached:
            clock = _clock.get("clock", utc_now)
            _cached["tick"] = tick_deps(AppConfig.from_env(), feed=_feed.get("feed"), clock=clock)
        return _cached["tick"]


def config() -> AppConfig:
    return AppConfig.from_env()


def set_feed(feed: SupplierFeed | None) -> None:
    """The supplier sources the tick pulls (the demo gives its emulated supplier API here, until
    sources are read from the 供应商 tab). Takes effect at the next ``deps()``."""
    with _lock:
        _feed.clear()
        if feed is not None:
            _feed["feed"] = feed
        _cached.clear()


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """The tick's clock (UTC-aware ``now``); None: the real one. The demo gives a clock it can move
    together with the emulators' (shared/demo/clock.py), so time-based rules show in minutes.
    Takes effect at the next ``deps()``."""
    with _lock:
        _clock.clear()
        if clock is not None:
            _clock["clock"] = clock
        _cached.clear()


def reset() -> None:
    """Forget the clients (tests that change the environment)."""
    with _lock:
        _cached.clear()
