"""Gather supplier news for a tick: every configured source, plus the 回传 inbox, matched to orders.

Every source is asked about its supplier's open orders. A source that shows orders to the supplier
(their own sheet: ``faces_supplier``) is also told about its supplier's closed orders (shipped, with the
row's numbers and when a tick first saw it shipped; delivered; cancelled), so that it can clear the
recipient once the supplier no longer needs it, and report a number the supplier changed after
shipping: such a report is matched to the shipped order and reaches reconcile like any other, which
shows both numbers and overwrites nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from shared.app.facts import FactsDoc
from shared.couriers import check_cell
from shared.domain.rows import SheetRow
from shared.domain.states import CLOSED, SHIPPED_LIKE, RowState
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.inputs import SupplierReport
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Row
from shared.suppliers.errors import (
    SupplierAuthError,
    SupplierConfigError,
    SupplierDataError,
    SupplierError,
    SupplierUnavailable,
)
from shared.suppliers.inbox import INBOX_SUPPLIER, InboxRow, read_inbox
from shared.suppliers.matching import MatchOutcome, match_updates
from shared.suppliers.model import ClosedOrder, ShipmentUpdate, SupplierOrder, SupplierSource, faces_supplier
from shared.suppliers.supplier_sheet import SOURCE as SUPPLIER_SHEET

PASTE_IS_A_NUMBER = (
    "粘贴的内容被表格存成了数字（超过 15 位的数字会丢掉末尾几位），没有读取：请把「回传内容」列设为纯文本"
    "（格式 → 数字 → 纯文本）后重新粘贴。 / The sheet stored this paste as a number (digits past the 15th "
    "are lost), so it was not read: format the column as plain text and paste again."
)


@dataclass
class SupplierFeed:
    """The configured sources, by supplier id (the name in the 供应商 column)."""

    sources: Sequence[tuple[str, SupplierSource]] = ()


@dataclass
class FeedResult:
    reports: list[SupplierReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    inbox_writes: list[CellWrite] = field(default_factory=list)
    # supplier id -> why its pull failed, as a (zh, en) sentence for its 供应商 状态 cell
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)


def failure_sentence(exc: SupplierError) -> tuple[str, str]:
    """What a failed pull means for the operator, by its kind (the exception's text stays in the
    tick's report, not in the sheet). Nothing the supplier's system answered is repeated: only our
    own words and, when there is one, the HTTP status (a business code is part of the reply body,
    which a misdirected endpoint could fill with anything)."""
    code = str(exc.code) if isinstance(exc.code, int) and 100 <= exc.code <= 599 else ""
    tag_zh, tag_en = (f"（代码 {code}）", f" (code {code})") if code else ("", "")
    if isinstance(exc, SupplierAuthError):
        return (
            f"拉取失败{tag_zh}：供应商接口不接受我们的密钥，请核对环境变量里的密钥，重试不会成功。",
            f"Pull failed{tag_en}: the supplier's API refused our key; check the key in the "
            "environment, retrying will not help.",
        )
    if isinstance(exc, SupplierConfigError):
        zh, en = getattr(exc, "message_zh", ""), getattr(exc, "message_en", "")
        return (
            f"拉取失败{tag_zh}：接入设置有误，请核对本行的接入设置。{zh}".strip(),
            f"Pull failed{tag_en}: the connection settings are wrong; check this row's settings. "
            f"{en}".strip(),
        )
    if isinstance(exc, SupplierDataError):
        return (
            f"拉取失败{tag_zh}：供应商返回的数据读不懂，请联系供应商核对接口；下次同步会重试。",
            f"Pull failed{tag_en}: the supplier's answer could not be read; ask the supplier to check "
            "their API. The next sync retries.",
        )
    if isinstance(exc, SupplierUnavailable):
        return (
            f"拉取失败{tag_zh}：供应商系统暂时没有响应，下次同步会重试。",
            f"Pull failed{tag_en}: the supplier's system did not answer; the next sync retries.",
        )
    return (
        f"拉取失败{tag_zh}，下次同步会重试；一直失败请联系供应商。",
        f"Pull failed{tag_en}; the next sync retries. If it keeps failing, contact the supplier.",
    )


def _clearing(source: SupplierSource) -> bool:
    """A supplier sheet the 供应商 tab no longer names, pulled only to clear recipients."""
    return getattr(source, "clearing_only", False) is True


def _not_cleared(sentence: tuple[str, str]) -> tuple[str, str]:
    zh, en = sentence
    return (
        f"之前使用的供应商表格里的收件信息未能清除，下次同步会再试。{zh}",
        f"The recipients in the supplier sheet used before could not be cleared; the next sync tries "
        f"again. {en}",
    )


def _report(outcome: MatchOutcome) -> SupplierReport | None:
    update, order_id = outcome.update, outcome.shop_order_id
    if order_id is None:
        return None
    units = sum(i.quantity for i in update.items) if update.items else None
    return SupplierReport(
        order_id,
        update.supplier_id,
        update.courier,
        update.courier_text,
        update.tracking_numbers,
        update.status,
        units,
        update.source_ref,
        update.supplier_order_no if update.supplier_order_no != update.shop_order_id else None,
    )


def collect_reports(
    feed: SupplierFeed,
    rows: Sequence[SheetRow],
    inbox_rows: Sequence[Row],
    facts: FactsDoc,
    now: datetime,
    closed_now: Collection[str] = (),
) -> FeedResult:
    """``closed_now``: orders the shop reports cancelled this tick, whose rows still read open; they
    are closed for the suppliers at once (a supplier sheet says "do not ship" without a tick's delay)."""
    result = FeedResult()
    pending = [r for r in inbox_rows if r["text"].strip() and not r["result"].strip()]
    if not feed.sources and not pending:
        return result  # nothing to hear from: skip the per-row matching indexes
    who = _audience(feed, rows, facts, closed_now)
    updates = _pull(feed, who, result)
    on_row = {
        row.order_id: set(check_cell(row.courier or None, row.tracking_cell).numbers)
        for row in rows
        if row.has_tracking
    }
    for outcome in match_updates(updates, [*who.watched, *who.followed], who.numbers_on):
        if _settled(outcome, on_row, who.in_transit, facts):
            continue
        _take(outcome, result)
    _read_pastes(pending, who, now, result)
    return result


@dataclass(frozen=True, slots=True)
class _Audience:
    """Which orders the suppliers hear about this tick, and what they may report about."""

    open_orders: list[SupplierOrder]  # shown as still to ship (a supplier's own sheet lists these)
    watched: list[SupplierOrder]  # what reports may be about
    closed: list[ClosedOrder]  # told to suppliers who see their sheet
    in_transit: set[str]  # shipped orders whose supplier sees their sheet (a changed number)
    followed: list[SupplierOrder]  # those orders, matched as well
    numbers_on: dict[str, str]  # tracking number -> the order whose row holds it


def _audience(
    feed: SupplierFeed, rows: Sequence[SheetRow], facts: FactsDoc, closed_now: Collection[str]
) -> _Audience:
    def order(row: SheetRow) -> SupplierOrder:
        return SupplierOrder(
            row.supplier,
            # a supplier order no. Sheets stored as a number lost digits: never matched on
            (row.supplier_order_no if "supplier_order_no" not in row.numeric else "") or None,
            row.order_id,
            needs_tracking=not row.has_tracking,
        )

    # What suppliers are shown as still to ship (a supplier's own sheet lists exactly these) ...
    open_orders = [order(row) for row in rows if row.state not in CLOSED and row.order_id not in closed_now]
    # ... and what their reports may be about: also cancelled orders without a number, so a supplier
    # that ships one anyway turns its row red (stop the parcel) instead of going unnoticed.
    shown = {o.shop_order_id for o in open_orders}
    watched = open_orders + [
        order(row)
        for row in rows
        if row.order_id not in shown
        and (row.state is RowState.CANCELLED or row.order_id in closed_now)
        and not row.has_tracking
    ]
    numbers_on = {
        n: row.order_id
        for row in rows
        if row.has_tracking
        for n in check_cell(row.courier or None, row.tracking_cell).numbers
    }
    facing = {sid for sid, source in feed.sources if faces_supplier(source) and not _clearing(source)}
    closed = [c for row in rows if row.order_id not in shown and (c := _closed(row, facts, closed_now))]
    # A shipped order of a supplier who sees their sheet may still hear from them: a changed number.
    in_transit = {c.shop_order_id for c in closed if c.stage == "shipped" and c.supplier_id in facing}
    followed = [order(row) for row in rows if row.order_id in in_transit]
    return _Audience(open_orders, watched, closed, in_transit, followed, numbers_on)


def _pull(feed: SupplierFeed, who: _Audience, result: FeedResult) -> list[ShipmentUpdate]:
    """Every source's updates; a source that fails is reported (its 状态 cell says why)."""
    updates: list[ShipmentUpdate] = []
    for supplier_id, source in feed.sources:
        mine = [
            o
            for o in (who.open_orders if faces_supplier(source) else who.watched)
            if o.supplier_id == supplier_id
        ]
        try:
            if faces_supplier(source):
                # Pulled even with nothing open: its rows of closed orders must still be told so.
                theirs = [c for c in who.closed if c.supplier_id == supplier_id]
                batch = source.fetch_updates(mine, closed=theirs)
            elif mine:
                batch = source.fetch_updates(mine)
            else:
                continue
        except SupplierError as exc:
            result.problems.append(f"{supplier_id}: {exc}")
            if _clearing(source):
                # Its row may now use another channel: that channel's own failure is shown first.
                result.failures.setdefault(supplier_id, _not_cleared(failure_sentence(exc)))
            else:
                result.failures[supplier_id] = failure_sentence(exc)
            continue
        updates.extend(batch.updates)
        result.problems.extend(f"{supplier_id} {p.source_ref}: {p.message_zh}" for p in batch.problems)
    return updates


def _read_pastes(pending: Sequence[Row], who: _Audience, now: datetime, result: FeedResult) -> None:
    """The 回传 rows not read yet: their reports, and each row's result."""
    # A paste Sheets turned into a number (a bare long number in a column that is not plain text) lost
    # digits: it is not read, and the row says why.
    for row in [r for r in pending if "text" in r.numeric]:
        result.inbox_writes += [
            CellWrite(row.key, row.number, "result", PASTE_IS_A_NUMBER),
            CellWrite(row.key, row.number, "processed_at", to_sheet_time(now)),
        ]
    pending = [r for r in pending if "text" not in r.numeric]
    parsed = read_inbox([InboxRow(str(r.number), r["supplier"].strip() or None, r["text"]) for r in pending])
    # A paste names an order by its supplier order no. or its shop order id, whoever sent it.
    as_inbox = [SupplierOrder(INBOX_SUPPLIER, o.supplier_order_no, o.shop_order_id) for o in who.watched]
    by_row = {str(r.number): r for r in pending}
    for cell in parsed:
        row = by_row[cell.row_id]
        relabelled = [replace(u, supplier_id=INBOX_SUPPLIER) for u in cell.updates]
        refusals = []
        for outcome in match_updates(relabelled, as_inbox, who.numbers_on):
            if _take(outcome, result) is None and outcome.problem is not None:
                refusals.append(outcome.problem.message_zh)
        summary = "；".join([cell.summary_zh, *refusals])
        result.inbox_writes += [
            CellWrite(row.key, row.number, "result", summary),
            CellWrite(row.key, row.number, "processed_at", to_sheet_time(now)),
        ]


def _settled(
    outcome: MatchOutcome, on_row: dict[str, set[str]], in_transit: Collection[str], facts: FactsDoc
) -> bool:
    """Remember when a supplier sheet's numbers are the order row's; True for a report about a
    shipped order that says nothing new: the numbers the row last agreed with (the operator has
    since corrected them: the supplier's old value is no news), or an order never agreed with (the
    difference predates the push; it was shown then). Only a supplier who moved away from what the
    row once agreed with has changed the number after shipping."""
    update, order_id = outcome.update, outcome.shop_order_id
    if order_id is None or update.source != SUPPLIER_SHEET:
        return False
    numbers = set(update.tracking_numbers)
    if order_id not in in_transit:
        if numbers and (numbers == on_row.get(order_id) or not on_row.get(order_id)):
            facts.supplier_agrees(order_id, sorted(numbers))  # the row has them, or is filled with them
        return False
    agreed = facts.supplier_agreed.get(order_id)
    return agreed is None or set(agreed) == numbers


def _closed(row: SheetRow, facts: FactsDoc, closed_now: Collection[str]) -> ClosedOrder | None:
    """The row's order as a closed order of its supplier, or None while it is open."""
    if row.state is RowState.CANCELLED or row.order_id in closed_now:
        return ClosedOrder(row.supplier, row.order_id, "cancelled")
    if row.state is RowState.DELIVERED:
        return ClosedOrder(row.supplier, row.order_id, "delivered")
    if row.state in SHIPPED_LIKE:
        numbers = check_cell(row.courier or None, row.tracking_cell).numbers
        return ClosedOrder(row.supplier, row.order_id, "shipped", numbers, facts.shipped_at(row.order_id))
    return None


def _take(outcome: MatchOutcome, result: FeedResult) -> SupplierReport | None:
    report = _report(outcome)
    if report is not None and (outcome.problem is None or outcome.problem.severity == "warning"):
        result.reports.append(report)
        return report
    if outcome.problem is not None:
        result.problems.append(f"{outcome.update.source_ref}: {outcome.problem.message_zh}")
    return None
