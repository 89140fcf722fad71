"""One set of clients per process (connection pools and the token cache survive between calls)."""

from __future__ import annotations

import threading

from shared.app.config import AppConfig
from shared.app.tick import TickDeps
from shared.app.wiring import tick_deps

_lock = threading.Lock()
_cached: dict[str, TickDeps] = {}


def deps() -> TickDeps:
    with _lock:
        if "tick" not in _cached:
            _cached["tick"] = tick_deps(AppConfig.from_env())
        return _cached["tick"]


def config() -> AppConfig:
    return AppConfig.from_env()


def reset() -> None:
    """Forget the clients (tests that change the environment)."""
    with _lock:
        _cached.clear()
