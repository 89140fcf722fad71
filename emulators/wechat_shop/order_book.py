"""The emulator's orders by id, with an index of their create and update times.

order/list/get asks for the orders created or updated within a window of at most 7 days, one page
of 100 at a time. Scanning every order for each page cost a shop of a year's orders (365,000) about
50 ms a page, 3 s for a busy day's listing, all of it the emulator's own time. The book keeps each
order in an hour bucket of its create time and of its update time, so a page looks only at the
hours of its window. An order tells its book when either time changes (``Order.__setattr__``): the
index cannot go stale whichever handler sets them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar


class Timed(Protocol):
    """What the book needs of an order (state.py's ``Order``; named here, not imported: state.py
    imports this module)."""

    order_id: str
    create_time: int
    update_time: int


BUCKET_S = 3600
# A window wider than this many buckets walks the orders instead (the API refuses over 7 days:
# 169 buckets; the control endpoints may ask more).
MAX_BUCKETS = 24 * 31


class TimeIndex:
    """Order ids by the hour of one of their times."""

    def __init__(self) -> None:
        self._buckets: dict[int, set[str]] = {}

    def add(self, order_id: str, when: int) -> None:
        self._buckets.setdefault(when // BUCKET_S, set()).add(order_id)

    def remove(self, order_id: str, when: int) -> None:
        bucket = self._buckets.get(when // BUCKET_S)
        if bucket is not None:
            bucket.discard(order_id)
            if not bucket:
                del self._buckets[when // BUCKET_S]

    def between(self, start: int, end: int) -> Iterator[str] | None:
        """Ids whose time may be within [start, end] (callers check the exact time); None when the
        window spans too many buckets to be worth it."""
        first, last = start // BUCKET_S, end // BUCKET_S
        if last - first > MAX_BUCKETS:
            return None
        return (oid for hour in range(first, last + 1) for oid in self._buckets.get(hour, ()))


OrderT = TypeVar("OrderT", bound=Timed)


class OrderBook(dict[str, OrderT]):
    """``state.orders``: a dict of Order by id that keeps ``created`` and ``updated`` indexes.

    Only the plain dict writes are allowed (``book[id] = order``, ``del book[id]``); the bulk ones
    that would bypass the index raise."""

    def __init__(self, orders: Iterable[OrderT] = ()) -> None:
        super().__init__()
        self.created = TimeIndex()
        self.updated = TimeIndex()
        for order in orders:
            self[order.order_id] = order

    def __setitem__(self, order_id: str, order: OrderT) -> None:
        if order_id in self:
            del self[order_id]
        super().__setitem__(order_id, order)
        self.created.add(order_id, order.create_time)
        self.updated.add(order_id, order.update_time)
        object.__setattr__(order, "_book", self)

    def __delitem__(self, order_id: str) -> None:
        order = self[order_id]
        super().__delitem__(order_id)
        self.created.remove(order_id, order.create_time)
        self.updated.remove(order_id, order.update_time)
        object.__setattr__(order, "_book", None)

    def moved(self, order: OrderT, name: str, old: int, new: int) -> None:
        """Called by the order when its create or update time changes."""
        if self.get(order.order_id) is not order:
            return
        index = self.created if name == "create_time" else self.updated
        index.remove(order.order_id, old)
        index.add(order.order_id, new)

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("OrderBook: set or delete one order at a time (the time index follows)")

    pop = popitem = clear = update = setdefault = _refuse
