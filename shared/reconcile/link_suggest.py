"""Suggest the 1688 order of a shop order (pure: no I/O, no clock).

A merchant buying on 1688 for each shop order (一件代发) places the purchase the day the buyer pays,
with the buyer's name, mobile and the same items. So a shop row of a 1688 supplier whose 供应商单号
is empty can be offered the one purchase that matches it: same supplier, same recipient
(``contact_key``: exact name and mobile, never masked ones), created the same Beijing day as the shop
order was paid, with the same line quantities, not cancelled and not already in some row's
供应商单号.

Titles are not compared: the 1688 name is the seller's listing and the shop title the merchant's own,
so they seldom agree and a title rule would only hide true matches; the quantities are what both
sides count alike.

The match must hold both ways: a suggestion is made only when the shop order has exactly one
candidate purchase *and* that purchase has exactly one candidate shop order. Two purchases for one
order, or two shop orders (same recipient, same day, same quantities) for one purchase, make an
``ambiguous`` hint on each row concerned: the row says so and a person links it, never a guess.

A suggestion is only shown (``with_link_hints``): never written into 供应商单号, never pushed. The
operator accepts it by typing the number into 供应商单号, which takes the row out of the matching.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from shared.domain.purchases import Purchase
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile.messages import join
from shared.reconcile.plan import AuditNote, Plan, RowDecision

SUGGESTED = "link_suggested"


@dataclass(frozen=True, slots=True)
class ShopSide:
    """A shop order waiting for its 1688 link: its row's supplier, the Beijing day it was paid, its
    recipient's ``contact_key`` ("" when not comparable) and its lines' quantities, sorted."""

    order_id: str
    supplier_id: str
    paid_on: date
    contact: str
    quantities: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class LinkHint:
    """What a row is told: ``order_no`` the one matching purchase, or "" with ``purchases`` /
    ``shop_orders`` counting the rivals that made it ambiguous."""

    order_id: str
    supplier_id: str
    order_no: str = ""
    purchases: int = 1
    shop_orders: int = 1

    @property
    def suggested(self) -> bool:
        return bool(self.order_no)


def _fits(shop: ShopSide, purchase: Purchase) -> bool:
    return (
        not purchase.closed
        and bool(shop.contact)
        and purchase.contact == shop.contact
        and purchase.supplier_id == shop.supplier_id
        and purchase.placed_on == shop.paid_on
        and purchase.quantities == shop.quantities
        and sum(shop.quantities) > 0
    )


def suggest_links(
    shop_orders: Sequence[ShopSide], purchases: Iterable[Purchase], linked: Collection[str]
) -> dict[str, LinkHint]:
    """Order id -> its hint, for the shop orders with at least one candidate purchase.
    ``linked``: the 供应商单号 texts already on rows (those purchases are never suggested again)."""
    taken = {no.strip() for no in linked}
    free = sorted(
        {p for p in purchases if p.order_no not in taken and not p.closed},
        key=lambda p: (p.supplier_id, p.order_no),
    )
    unique_shop = {s.order_id: s for s in shop_orders}
    fits: dict[str, list[Purchase]] = {}
    wanted_by: dict[tuple[str, str], list[str]] = {}
    for shop in unique_shop.values():
        for purchase in free:
            if _fits(shop, purchase):
                fits.setdefault(shop.order_id, []).append(purchase)
                wanted_by.setdefault((purchase.supplier_id, purchase.order_no), []).append(shop.order_id)
    hints: dict[str, LinkHint] = {}
    for order_id, candidates in fits.items():
        shop = unique_shop[order_id]
        rivals = max(len(wanted_by[(p.supplier_id, p.order_no)]) for p in candidates)
        if len(candidates) == 1 and rivals == 1:
            hints[order_id] = LinkHint(order_id, shop.supplier_id, candidates[0].order_no)
        else:
            hints[order_id] = LinkHint(order_id, shop.supplier_id, "", len(candidates), rivals)
    return hints


def hint_text(hint: LinkHint) -> Bilingual:
    """The row's sentence: the suggestion and how to accept it, or why none is made."""
    if hint.suggested:
        return Bilingual(
            f"建议关联 1688 订单 {hint.order_no}（收件人、件数和下单日期都对得上）："
            "确认无误请把它填入「供应商单号」。",
            f"Suggested 1688 order {hint.order_no} (recipient, quantities and day match): "
            "type it into the supplier order no. column to link it.",
        )
    if hint.shop_orders > 1:
        return Bilingual(
            f"有 {hint.shop_orders} 个同一天、同一收件人的小店订单都可能对应同一个 1688 订单，"
            "无法自动建议：请在 1688 核对后手动填写「供应商单号」。",
            f"{hint.shop_orders} shop orders of the same recipient and day could match the same 1688 "
            "order, so none is suggested: check on 1688 and fill in the supplier order no. by hand.",
        )
    return Bilingual(
        f"有 {hint.purchases} 个 1688 订单都可能对应本订单，无法自动建议："
        "请在 1688 核对后手动填写「供应商单号」。",
        f"{hint.purchases} 1688 orders could match this order, so none is suggested: check on 1688 "
        "and fill in the supplier order no. by hand.",
    )


def _still_open(row: SheetRow, hint: LinkHint) -> bool:
    """The row still waits for its link: same supplier, 供应商单号 and 快递单号 empty."""
    return (
        row.supplier.strip() == hint.supplier_id
        and not row.supplier_order_no.strip()
        and not row.tracking_cell.strip()
    )


def with_link_hints(
    plan: Plan,
    rows: Sequence[SheetRow],
    hints: Mapping[str, LinkHint],
    new: Collection[str] = (),
) -> Plan:
    """``plan`` with each hint's sentence added to its row's message, for rows still waiting for the
    link and decided 待单号; ``new``: order ids whose suggestion is new, noted once in the journal
    (an audit note, ``link_suggested``). Nothing else changes: no fill, no push."""
    if not hints:
        return plan
    waiting = {row.order_id: row for row in rows}
    decisions: list[RowDecision] = []
    audits: list[AuditNote] = []
    for decision in plan.decisions:
        hint = hints.get(decision.order_id)
        row = waiting.get(decision.order_id)
        shown = (
            hint is not None
            and row is not None
            and row.row == decision.row
            and decision.state is RowState.AWAITING_TRACKING
            and _still_open(row, hint)
        )
        if not shown or hint is None:
            decisions.append(decision)
            continue
        decisions.append(replace(decision, message=join(hint_text(hint), decision.message)))
        if hint.suggested and decision.order_id in new:
            audits.append(
                AuditNote(
                    decision.order_id,
                    SUGGESTED,
                    "supplier_order_no",
                    "",
                    hint.order_no,
                    f"supplier:{hint.supplier_id}",
                    "suggested: same recipient, quantities and day; not linked until typed in",
                )
            )
    return replace(plan, decisions=tuple(decisions), audits=(*plan.audits, *audits))
