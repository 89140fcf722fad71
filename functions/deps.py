"""One set of clients per process (connection pools and the token cache survive between calls).

With a shop registry (WAYBILL_SHOPS, shared/app/shops.py) there is one set per shop, named by its
key: ``deps("north")``, ``config("north")``, ``journal("north")``. The empty key is the deployment
itself: without a registry, the one shop exactly as before; with one, only what no shop owns.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from shared.app.config import AppConfig
from shared.app.shop_config import shop_config
from shared.app.shops import ENV_SHOPS, ShopRegistry, parse_registry
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, utc_now
from shared.app.wiring import journal as journal_of
from shared.app.wiring import overview_gateway as wiring_overview_gateway
from shared.app.wiring import tick_deps
from shared.journal.journal import Journal
from shared.pubsub import Publisher, PubSubSettings
from shared.sheets.gateway import SheetsGateway

_lock = threading.Lock()
_cached: dict[str, TickDeps] = {}
_feed: dict[str, SupplierFeed] = {}
_clock: dict[str, Callable[[], datetime]] = {}


def deps(shop: str = "") -> TickDeps:
    """The tick's clients for ``shop`` (raises UnknownShop for a key the registry does not hold)."""
    settings = config(shop)
    with _lock:
        key = f"tick:{shop}"
        if key not in _cached:
            clock = _clock.get("clock", utc_now)
            _cached[key] = tick_deps(settings, feed=_feed.get("feed"), clock=clock)
        return _cached[key]


class UnknownShop(LookupError):
    """A shop key the registry does not hold (or a key named while there is no registry)."""


def registry() -> ShopRegistry | None:
    """The shop registry of this environment, or None (raises ShopRegistryError when it is invalid)."""
    return _registry_in(AppConfig.from_env().env)


def _registry_in(env: Mapping[str, str]) -> ShopRegistry | None:
    text = env.get(ENV_SHOPS, "").strip()
    return _parsed(text) if text else None


# Parsed once per text: routing a push may look at every shop's settings.
_parsed = functools.lru_cache(maxsize=4)(parse_registry)


def config(shop: str = "") -> AppConfig:
    """The deployment's settings, or the settings of one shop of the registry."""
    base = AppConfig.from_env()
    if not shop:
        return base
    found = (_registry_in(base.env) or _NO_SHOPS).get(shop)
    if found is None:
        raise UnknownShop(shop)
    return shop_config(base.env, found)


_NO_SHOPS = ShopRegistry(())


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
        _overview.clear()


_journal: dict[str, Journal] = {}
_publishers: dict[PubSubSettings, Publisher] = {}


def journal(shop: str = "") -> Journal:
    """The journal alone: what the public functions need (they hold no shop or supplier secret)."""
    settings = config(shop)
    with _lock:
        if shop not in _journal:
            _journal[shop] = journal_of(settings)
        return _journal[shop]


_overview: dict[str, SheetsGateway | None] = {}


def overview_gateway() -> SheetsGateway | None:
    """The overview spreadsheet's gateway (one per process: its sheet ids are cached), or None when
    WAYBILL_OVERVIEW_SPREADSHEET_ID is unset (shared/app/wiring.py ``overview_gateway``)."""
    settings = config()
    with _lock:
        key = settings.overview_spreadsheet_id
        if key not in _overview:
            _overview.clear()
            _overview[key] = wiring_overview_gateway(settings)
        return _overview[key]


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
