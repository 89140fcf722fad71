"""Gather supplier news for a tick: every source (API, supplier sheet, shipment files, and the 回传
inbox), on one route, matched to orders.

Every source is asked about its supplier's open orders. A source that shows orders to the supplier
(their own sheet: ``faces_supplier``) is also told about its supplier's closed orders (shipped, with the
row's numbers and when a tick first saw it shipped; delivered; cancelled), so that it can clear the
recipient once the supplier no longer needs it, and report a number the supplier changed after
shipping: such a report is matched to the shipped order and reaches reconcile like any other, which
shows both numbers and overwrites nothing.

The 回传 inbox is one more source (``InboxSource``): anyone may paste there, so it is asked about
every supplier's orders under its own supplier id and its updates are matched in a batch of their
own; being an ``AnswersBack`` source, it then has each row's answer for the tab's result cell.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from shared.app.facts import FactsDoc
from shared.couriers import cell_numbers
from shared.domain.rows import SheetRow
from shared.domain.states import CLOSED, SHIPPED_LIKE, RowState
from shared.domain.text import Bilingual
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.inputs import SupplierReport
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Row
from shared.suppliers.errors import (
    SupplierAuthError,
    SupplierConfigError,
    SupplierDataError,
    SupplierError,
    SupplierSettingsError,
    SupplierUnavailable,
)
from shared.suppliers.http_config import HttpConfigError
from shared.suppliers.inbox import INBOX_SUPPLIER, InboxRow, InboxSource
from shared.suppliers.matching import MatchOutcome, answers_back, match_updates
from shared.suppliers.model import (
    ClosedOrder,
    SupplierBatch,
    SupplierOrder,
    SupplierSource,
    faces_supplier,
    hears_any_supplier,
)
from shared.suppliers.shipment_drop import ShipmentDropUnavailable
from shared.suppliers.supplier_sheet import SOURCE as SUPPLIER_SHEET


@dataclass
class SupplierFeed:
    """The configured sources, by supplier id (the name in the 供应商 column)."""

    sources: Sequence[tuple[str, SupplierSource]] = ()


@dataclass
class FeedResult:
    reports: list[SupplierReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    inbox_writes: list[CellWrite] = field(default_factory=list)
    # supplier id -> why its pull failed, as a sentence for its 供应商 状态 cell
    failures: dict[str, Bilingual] = field(default_factory=dict)


def failure_sentence(exc: SupplierError) -> Bilingual:
    """What a failed pull means for the operator, by its kind (the exception's text stays in the
    tick's report, not in the sheet). Nothing the supplier's system answered is repeated: only our
    own words and, when there is one, the HTTP status (a business code is part of the reply body,
    which a misdirected endpoint could fill with anything)."""
    code = str(exc.code) if isinstance(exc.code, int) and 100 <= exc.code <= 599 else ""
    tag_zh, tag_en = (f"（代码 {code}）", f" (code {code})") if code else ("", "")
    if isinstance(exc, SupplierAuthError):
        return Bilingual(
            f"拉取失败{tag_zh}：供应商接口不接受我们的密钥，请核对环境变量里的密钥，重试不会成功。",
            f"Pull failed{tag_en}: the supplier's API refused our key; check the key in the "
            "environment, retrying will not help.",
        )
    if isinstance(exc, SupplierConfigError):
        said = exc.message if isinstance(exc, (SupplierSettingsError, HttpConfigError)) else None
        zh, en = (said.zh, said.en) if said is not None else ("", "")
        return Bilingual(
            f"拉取失败{tag_zh}：接入设置有误，请核对本行的接入设置。{zh}".strip(),
            f"Pull failed{tag_en}: the connection settings are wrong; check this row's settings. "
            f"{en}".strip(),
        )
    if isinstance(exc, SupplierDataError):
        return Bilingual(
            f"拉取失败{tag_zh}：供应商返回的数据读不懂，请联系供应商核对接口；下次同步会重试。",
            f"Pull failed{tag_en}: the supplier's answer could not be read; ask the supplier to check "
            "their API. The next sync retries.",
        )
    if isinstance(exc, ShipmentDropUnavailable):
        return Bilingual(
            "发货单文件夹暂时读不到，下次同步会再试。",
            "The shipment-file folder could not be read; the next sync tries again.",
        )
    if isinstance(exc, SupplierUnavailable):
        return Bilingual(
            f"拉取失败{tag_zh}：供应商系统暂时没有响应，下次同步会重试。",
            f"Pull failed{tag_en}: the supplier's system did not answer; the next sync retries.",
        )
    return Bilingual(
        f"拉取失败{tag_zh}，下次同步会重试；一直失败请联系供应商。",
        f"Pull failed{tag_en}; the next sync retries. If it keeps failing, contact the supplier.",
    )


def _clearing(source: SupplierSource) -> bool:
    """A supplier sheet the 供应商 tab no longer names, pulled only to clear recipients."""
    return getattr(source, "clearing_only", False) is True


def _not_cleared(sentence: Bilingual) -> Bilingual:
    zh, en = sentence.zh, sentence.en
    return Bilingual(
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


def inbox_source(inbox_rows: Sequence[Row]) -> InboxSource:
    """The 回传 rows not answered yet (text, and an empty result cell) as a supplier source."""
    return InboxSource(
        [
            InboxRow(str(r.number), r["supplier"].strip() or None, r["text"], "text" in r.numeric)
            for r in inbox_rows
            if r["text"].strip() and not r["result"].strip()
        ]
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
    are closed for the suppliers at once (a supplier sheet says "do not ship" without a tick's delay).
    ``inbox_rows``: the 回传 tab's rows; its unanswered pastes are pulled last, as one more source."""
    result = FeedResult()
    inbox = inbox_source(inbox_rows)
    sources = [*feed.sources, *([(INBOX_SUPPLIER, inbox)] if inbox.rows else [])]
    if not sources:
        return result  # nothing to hear from: skip the per-row matching indexes
    who = _audience(sources, rows, facts, closed_now)
    own, anyones = _pull_all(sources, who, result)
    on_row = {
        row.order_id: set(cell_numbers(row.courier or None, row.tracking_cell))
        for row in rows
        if row.has_tracking
    }
    for outcome in _matched(own, [*who.watched, *who.followed], who.numbers_on):
        if _settled(outcome, on_row, who.in_transit, facts):
            continue
        _take(outcome, result)
    for supplier_id, source, batch in anyones:
        everyones = [SupplierOrder(supplier_id, o.supplier_order_no, o.shop_order_id) for o in who.watched]
        for outcome in _matched([(source, batch)], everyones, who.numbers_on):
            _take(outcome, result)
    by_id = {str(r.number): r for r in inbox_rows}
    for row_id, text in inbox.answers():
        row = by_id[row_id]
        result.inbox_writes += [
            CellWrite(row.key, row.number, "result", text),
            CellWrite(row.key, row.number, "processed_at", to_sheet_time(now)),
        ]
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
    sources: Sequence[tuple[str, SupplierSource]],
    rows: Sequence[SheetRow],
    facts: FactsDoc,
    closed_now: Collection[str],
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
        for n in cell_numbers(row.courier or None, row.tracking_cell)
    }
    facing = {sid for sid, source in sources if faces_supplier(source) and not _clearing(source)}
    closed = [c for row in rows if row.order_id not in shown and (c := _closed(row, facts, closed_now))]
    # A shipped order of a supplier who sees their sheet may still hear from them: a changed number.
    in_transit = {c.shop_order_id for c in closed if c.stage == "shipped" and c.supplier_id in facing}
    followed = [order(row) for row in rows if row.order_id in in_transit]
    return _Audience(open_orders, watched, closed, in_transit, followed, numbers_on)


def _pull_all(
    sources: Sequence[tuple[str, SupplierSource]], who: _Audience, result: FeedResult
) -> tuple[list[tuple[SupplierSource, SupplierBatch]], list[tuple[str, SupplierSource, SupplierBatch]]]:
    """Every source's batch: the suppliers' own sources (matched together) and the sources that hear
    from any supplier (the inbox, each matched on its own)."""
    own: list[tuple[SupplierSource, SupplierBatch]] = []
    anyones: list[tuple[str, SupplierSource, SupplierBatch]] = []
    for supplier_id, source in sources:
        if hears_any_supplier(source):
            mine = [SupplierOrder(supplier_id, o.supplier_order_no, o.shop_order_id) for o in who.watched]
        else:
            pool = who.open_orders if faces_supplier(source) else who.watched
            mine = [o for o in pool if o.supplier_id == supplier_id]
        batch = _pull(supplier_id, source, mine, who.closed, result)
        if batch is None:
            continue
        if hears_any_supplier(source):
            anyones.append((supplier_id, source, batch))
        else:
            own.append((source, batch))
        result.problems.extend(f"{supplier_id} {p.source_ref}: {p.message.zh}" for p in batch.problems)
    return own, anyones


def _pull(
    supplier_id: str,
    source: SupplierSource,
    mine: Sequence[SupplierOrder],
    closed: Sequence[ClosedOrder],
    result: FeedResult,
) -> SupplierBatch | None:
    """One source's batch, or None: not asked (nothing of its supplier is open), or its pull failed
    (the failure is kept for its supplier's 状态 cell)."""
    try:
        if faces_supplier(source):
            # Pulled even with nothing open: its rows of closed orders must still be told so.
            theirs = [c for c in closed if c.supplier_id == supplier_id]
            return source.fetch_updates(mine, closed=theirs)
        if mine or hears_any_supplier(source):  # anyone's source always answers its senders
            return source.fetch_updates(mine)
        return None
    except SupplierError as exc:
        result.problems.append(f"{supplier_id}: {exc}")
        if _clearing(source):
            # Its row may now use another channel: that channel's own failure is shown first.
            result.failures.setdefault(supplier_id, _not_cleared(failure_sentence(exc)))
        elif getattr(source, "beside_channel", False) is True:
            result.failures.setdefault(supplier_id, failure_sentence(exc))  # the channel's comes first
        else:
            result.failures[supplier_id] = failure_sentence(exc)
        return None


def _matched(
    pulled: Sequence[tuple[SupplierSource, SupplierBatch]],
    orders: Sequence[SupplierOrder],
    numbers_on: dict[str, str],
) -> tuple[MatchOutcome, ...]:
    """The batches' updates matched together (a number two of them report for two orders is caught);
    each source that answers back is given the outcomes of its own updates."""
    outcomes = match_updates([u for _, batch in pulled for u in batch.updates], orders, numbers_on)
    start = 0
    for source, batch in pulled:
        if answers_back(source):
            source.settle(outcomes[start : start + len(batch.updates)])
        start += len(batch.updates)
    return outcomes


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
        numbers = cell_numbers(row.courier or None, row.tracking_cell)
        order_no = (row.supplier_order_no if "supplier_order_no" not in row.numeric else "") or None
        return ClosedOrder(
            row.supplier, row.order_id, "shipped", numbers, facts.shipped_at(row.order_id), order_no
        )
    return None


def _take(outcome: MatchOutcome, result: FeedResult) -> None:
    """A placed update becomes a report; a refused one, a problem of the tick."""
    report = _report(outcome)
    if report is not None and outcome.placed:
        result.reports.append(report)
    elif outcome.problem is not None:
        result.problems.append(f"{outcome.update.source_ref}: {outcome.problem.message.zh}")
