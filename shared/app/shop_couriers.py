"""The shop's own courier list (``deliverycompanylist``), kept in the journal, and the delivery_id to
push for each of our couriers (shared/couriers/shop_list.py).

Call budget: the list is read from the shop only when a push needs it and the journal's copy is
missing or older than a day (``REFRESH``): at most one extra WeChat call per day, none on a tick that
pushes nothing, and a cold function instance reuses the journal's copy. When the shop cannot be read,
a stale copy is used; with no copy at all the push waits (the error is the shop's, retried by the
next tick) rather than going out with a guessed id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from shared.couriers import by_code
from shared.couriers.shop_list import shop_delivery_id
from shared.journal.errors import JournalCorrupt
from shared.journal.journal import Journal
from shared.wechat.client import WeChatShopClient
from shared.wechat.errors import WeChatError

log = logging.getLogger(__name__)

STATE = "shop_couriers"
REFRESH = timedelta(days=1)

Listed = tuple[tuple[str, str], ...]


class ShopCouriers:
    """One pass's view of the shop's courier list, read at most once per instance."""

    def __init__(self, journal: Journal, shop: WeChatShopClient, clock: Callable[[], datetime]) -> None:
        self._journal = journal
        self._shop = shop
        self._clock = clock
        self._listed: Listed | None = None

    def delivery_id(self, code: str) -> str | None:
        """The delivery_id to push for our courier ``code``; None when the shop does not list it.
        Raises the shop's WeChatError when the list was never read and cannot be read now."""
        return shop_delivery_id(by_code(code), self.listed())

    def listed(self) -> Listed:
        if self._listed is None:
            self._listed = self._load()
        return self._listed

    def _load(self) -> Listed:
        now = self._clock()
        stored_at, stored = self._stored()
        if stored is not None and stored_at is not None and now - stored_at < REFRESH:
            return stored
        try:
            fresh = tuple(
                (c.delivery_id, c.delivery_name) for c in self._shop.delivery_companies(refresh=True)
            )
        except WeChatError:
            if stored is None:
                raise
            log.warning("courier list: the shop did not answer, using the copy of %s", stored_at)
            return stored
        self._journal.put_state(
            STATE, {"at": now.isoformat(), "couriers": [[delivery_id, name] for delivery_id, name in fresh]}
        )
        return fresh

    def _stored(self) -> tuple[datetime | None, Listed | None]:
        try:
            state = self._journal.get_state(STATE)
        except JournalCorrupt:
            return None, None
        if not state or not isinstance(state.get("couriers"), list):
            return None, None
        try:
            at = datetime.fromisoformat(str(state["at"]))
            pairs = tuple((str(i), str(n)) for i, n in state["couriers"])
        except (KeyError, ValueError, TypeError):
            return None, None
        return at, pairs
