"""One set of clients per process (connection pools and the token cache survive between calls)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from shared.app.config import AppConfig
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, utc_now
from shared.app.wiring import journal as journal_of
from shared.app.wiring import tick_deps
from shared.journal.journal import Journal
from shared.pubsub import Publisher, PubSubSettings

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
    together with the emulators' (demo/clock.py), so time-based rules show in minutes.
    Takes effect at the next ``deps()``."""
    with _lock:
        _clock.clear()
        if clock is not None:
            _clock["clock"] = clock
        _cached.clear()
        _journal.clear()


def reset() -> None:
    """Forget the clients (tests that change the environment)."""
    with _lock:
        _cached.clear()
        _journal.clear()


_journal: dict[str, Journal] = {}
_publishers: dict[PubSubSettings, Publisher] = {}


def journal() -> Journal:
    """The journal alone: what the public functions need (they hold no shop or supplier secret)."""
    with _lock:
        if "journal" not in _journal:
            _journal["journal"] = journal_of(AppConfig.from_env())
        return _journal["journal"]


def clock() -> Callable[[], datetime]:
    with _lock:
        return _clock.get("clock", utc_now)


def publisher() -> Publisher:
    """The Pub/Sub publisher for this environment's settings (one per settings: tests change them).
    Raises PubSubError when the project is not set."""
    settings = PubSubSettings.from_env(AppConfig.from_env().env)
    with _lock:
        if settings not in _publishers:
            _publishers[settings] = Publisher(settings)
        return _publishers[settings]
