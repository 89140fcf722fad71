"""``AlibabaSource``: a 1688 buyer account as a supplier source (the 供应商 row's channel ``1688``).

The operator links a shop order to its 1688 purchase order by putting the 1688 order id in
供应商单号. Each pull then:

1. pages through the buyer's order list (newest first) until every linked order is found, and asks
   the detail API for the few that are not (older than the list reaches), so one list page usually
   answers many orders;
2. for an order 1688 shows cancelled (``cancel``/``terminated``): a ``cancelled`` update;
3. for an order with anything shipped (all of it, or some lines: 1688 keeps a partly shipped order
   ``waitsellersend``): its parcels (getLogisticsInfos), mapped by ``mapping.updates``; a partial
   shipment carries the shipped lines and a note in the tick's report;
4. for the supplier's shipped orders (``closed``, within ``follow_days`` of shipping): their parcels
   again, reported only when 1688's numbers differ from the row's, i.e. the seller changed the
   number (LOGISTICS_MAIL_NO_CHANGE). Reconcile then shows both numbers and overwrites nothing.

Before that, each pull drains the push messages 1688 could not deliver (push.cursor.messageList,
at most ``MAX_REPLAY_BATCHES`` batches; 1688 confirms what it returns): the pull reads every linked
order anyway, so a missed message loses nothing, but a number change announced for a shipped order
past ``follow_days`` is followed on this pull too. A replay that fails is a note, not a failed pull.

This is why the source takes ``closed`` orders (``pull_when_idle``): it shows nothing to the
supplier, but must follow an order after it shipped. A 供应商单号 that is not a 1688 order id is a
problem on the report, never a call. A record that cannot be mapped is a ``SourceProblem``; a
failure of the whole pull is the ``AlibabaError`` family (a member of the supplier family).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from shared.couriers import check_cell
from shared.domain.purchases import BEIJING, Purchase
from shared.domain.text import Bilingual
from shared.suppliers.alibaba_1688 import mapping
from shared.suppliers.alibaba_1688.client import Alibaba1688Client
from shared.suppliers.alibaba_1688.config import AlibabaConfig
from shared.suppliers.alibaba_1688.errors import AlibabaBusinessError, AlibabaError
from shared.suppliers.alibaba_1688.push import NEWS_TOPICS
from shared.suppliers.model import (
    ClosedOrder,
    ListsPurchases,
    ShipmentUpdate,
    SourceProblem,
    SupplierBatch,
    SupplierFacingSource,
    SupplierOrder,
)

#: Detail calls per pull for linked orders the list did not reach; the rest wait for the next tick.
MAX_DETAILS = 20
#: Batches of missed push messages drained per pull (each up to 100 messages).
MAX_REPLAY_BATCHES = 5
NOT_FOUND = "not_found"
LATER = "later"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AlibabaSource:
    """A SupplierSource over one 1688 buyer account. Use as a context manager, or close()."""

    pull_when_idle = True  # it follows shipped orders (a changed number), see the module's docstring

    def __init__(
        self,
        config: AlibabaConfig,
        *,
        client: Alibaba1688Client | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.config = config
        self.client = client or Alibaba1688Client(config)
        self._owns = client is None
        self._now = now
        self.replayed = 0  # missed push messages drained by the last pull

    def __repr__(self) -> str:
        return f"AlibabaSource(supplier_id={self.config.supplier_id!r})"

    def close(self) -> None:
        if self._owns:
            self.client.close()

    def __enter__(self) -> AlibabaSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch_updates(
        self, open_orders: Sequence[SupplierOrder], *, closed: Sequence[ClosedOrder] = ()
    ) -> SupplierBatch:
        cfg = self.config
        problems: list[SourceProblem] = []
        wanted: dict[str, SupplierOrder] = {}
        for order in open_orders:
            number = (order.supplier_order_no or "").strip()
            if order.supplier_id != cfg.supplier_id or not number:
                continue
            if not mapping.is_order_id(number):
                problems.append(_not_an_order_id(cfg.supplier_id, order.shop_order_id))
                continue
            wanted[number] = order
        in_transit = [c for c in closed if c.stage == "shipped" and mapping.is_order_id(c.supplier_order_no)]
        if not wanted and not in_transit:
            return SupplierBatch((), tuple(problems))  # nothing of 1688 to follow: no call at all
        news = self._replay(problems)
        followed = self._followed(closed, news)
        if not wanted and not followed:
            return SupplierBatch((), tuple(problems))
        views = self._views(set(wanted) | set(followed), problems)
        updates: list[ShipmentUpdate] = []
        for number in wanted:
            view = views.get(number)
            if view is None:
                continue
            ref = f"{cfg.supplier_id} 1688 {number}"
            if view.closed:
                updates.append(mapping.cancelled(cfg.supplier_id, view, ref))
            elif view.has_parcels:
                self._parcels(view, ref, updates, problems)
        for number, shipped in followed.items():
            view = views.get(number)
            if view is None or view.closed or not view.has_parcels:
                continue
            found: list[ShipmentUpdate] = []
            self._parcels(view, f"{cfg.supplier_id} 1688 {number}", found, problems, note_partial=False)
            numbers = {n for update in found for n in update.tracking_numbers}
            if numbers and numbers != set(shipped):
                updates.extend(found)
        return SupplierBatch(tuple(updates), tuple(problems))

    def recent_purchases(self, since: datetime) -> tuple[Purchase, ...]:
        """The buyer account's purchase orders created since ``since`` (the order list, newest first,
        ``createStartTime`` in 1688's date format, with ``needBuyerAddressAndPhone`` so the list
        carries the receiver), for the tick's link suggestions. Paged as far as ``max_pages``; an
        order older than ``since`` ends the paging (the list is newest first). Raises the
        ``AlibabaError`` family when the list cannot be read."""
        start = since.astimezone(BEIJING)
        filters = {
            "createStartTime": start.strftime("%Y%m%d%H%M%S") + "000+0800",
            "needBuyerAddressAndPhone": "true",
        }
        found: dict[str, Purchase] = {}
        for page in self.client.orders(**filters):
            older = False
            for trade in page.orders:
                bought = mapping.purchase(self.config.supplier_id, trade)
                if bought is None:
                    continue
                if bought.placed_on < start.date():
                    older = True
                    continue
                found.setdefault(bought.order_no, bought)
            if older:
                break
        return tuple(found.values())

    def _replay(self, problems: list[SourceProblem]) -> set[str]:
        """Drain the undelivered push messages; the 1688 order ids their news names."""
        news: set[str] = set()
        self.replayed = 0
        try:
            for _ in range(MAX_REPLAY_BATCHES):
                batch = self.client.missed_messages(100)
                self.replayed += len(batch)
                news |= {str(m.get("bizKey") or "") for m in batch if m.get("type") in NEWS_TOPICS}
                if len(batch) < 100:
                    break
        except AlibabaError as exc:
            problems.append(_replay_failed(self.config.supplier_id, exc))
        return news - {""}

    def _followed(self, closed: Sequence[ClosedOrder], news: set[str]) -> dict[str, tuple[str, ...]]:
        """Shipped orders to look at again (within ``follow_days``, or named by a replayed message):
        1688 order id -> the numbers on the row."""
        horizon = self._now() - timedelta(days=self.config.follow_days)
        followed: dict[str, tuple[str, ...]] = {}
        for order in closed:
            number = (order.supplier_order_no or "").strip()
            if order.supplier_id != self.config.supplier_id or order.stage != "shipped":
                continue
            old = order.shipped_at is not None and order.shipped_at < horizon
            if not mapping.is_order_id(number) or (old and number not in news):
                continue
            followed[number] = tuple(check_cell(None, "\n".join(order.tracking_numbers)).numbers)
        return followed

    def _views(self, numbers: set[str], problems: list[SourceProblem]) -> dict[str, mapping.OrderView]:
        """The orders' views: from the list pages first, then (bounded) from the detail API."""
        views: dict[str, mapping.OrderView] = {}
        for page in self.client.orders():
            for trade in page.orders:
                view = mapping.order_view(trade)
                if view is not None and view.order_id in numbers:
                    views[view.order_id] = view
            if numbers <= set(views):
                break
        missing = sorted(numbers - set(views))
        for index, number in enumerate(missing):
            ref = f"{self.config.supplier_id} 1688 {number}"
            if index >= MAX_DETAILS:
                problems.append(_later(ref, len(missing) - MAX_DETAILS))
                break
            try:
                view = mapping.order_view(self.client.order_detail(number))
            except AlibabaBusinessError as exc:
                problems.append(_not_found(ref, number, str(exc.code or "")))
                continue
            if view is not None:
                views[number] = view
        return views

    def _parcels(
        self,
        view: mapping.OrderView,
        ref: str,
        updates: list[ShipmentUpdate],
        problems: list[SourceProblem],
        *,
        note_partial: bool = True,
    ) -> None:
        outcome = mapping.updates(self.config.supplier_id, view, self.client.parcels(view.order_id), ref)
        if isinstance(outcome, SourceProblem):
            problems.append(outcome)
            return
        updates.extend(outcome)
        if note_partial and outcome and outcome[0].items:
            problems.append(mapping.partial_note(view, outcome[0].items, ref))


# mypy checks here that the adapter keeps the SupplierFacingSource contract.
_AS_SOURCE: Callable[[AlibabaConfig], SupplierFacingSource] = AlibabaSource
_AS_LISTER: Callable[[AlibabaConfig], ListsPurchases] = AlibabaSource


def _not_an_order_id(supplier_id: str, shop_order_id: str) -> SourceProblem:
    return SourceProblem(
        f"{supplier_id} 1688 {shop_order_id}",
        mapping.NOT_AN_ORDER_ID,
        Bilingual(
            f"订单 {shop_order_id} 的供应商单号不是 1688 订单号（应为 1688 订单详情里的订单号，一串数字）。",
            f"The supplier order no. of order {shop_order_id} is not a 1688 order id (the all-digit order "
            "number shown on the 1688 order page).",
        ),
    )


def _not_found(ref: str, number: str, code: str) -> SourceProblem:
    return SourceProblem(
        ref,
        NOT_FOUND,
        Bilingual(
            f"1688 找不到订单 {number}，或它不是这个买家账号的订单（{code}）："
            "请核对供应商单号和授权的 1688 账号。",
            f"1688 does not show order {number} to this buyer account ({code}): check the supplier order no. "
            "and the authorized 1688 account.",
        ),
    )


def _later(ref: str, count: int) -> SourceProblem:
    return SourceProblem(
        ref,
        LATER,
        Bilingual(
            f"还有 {count} 个 1688 订单本次没有查询，下次同步继续。",
            f"{count} more 1688 orders were not looked up this time; the next sync goes on.",
        ),
    )


def _replay_failed(supplier_id: str, exc: AlibabaError) -> SourceProblem:
    return SourceProblem(
        f"{supplier_id} 1688",
        "replay_failed",
        Bilingual(
            f"没能取回 1688 未送达的推送消息（{exc.code}）；订单照常查询，不受影响。",
            f"The undelivered 1688 push messages could not be fetched ({exc.code}); "
            "orders were read as usual.",
        ),
    )
