"""The scorecard's inputs from what a full tick holds, and its 统计 tab as rows of values.

Inputs (``inputs``): the 订单 rows as read (supplier, paid at, ship-by, state, numbers), the journal's
audit entries of the last 31 days (when a number first reached the shop; corrections and refused
numbers, each with its cause: the operator's 原因分类 where given, else inferred, in
shared/app/error_causes.py), and the 异常 rows (logistics exceptions by kind; cancellations after the
supplier shipped).
The numbers are computed by the pure core (shared/reconcile/scorecard.py); this module only
translates. ``rows`` renders the tab, suppliers ranked by the 30-day on-time rate, then the
wrong-number rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.app import error_causes
from shared.app.sheet_plan import alert_code
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.records import AuditEntry
from shared.reconcile.causes import Cause
from shared.reconcile.deadline import BEIJING, from_sheet_time, to_sheet_time
from shared.reconcile.scorecard import (
    OVERALL,
    UNKNOWN_CAUSE,
    ExceptionKind,
    LogisticsIssue,
    NumberError,
    OrderFacts,
    Score,
    Scorecard,
    ScoreInputs,
    WeekRates,
)
from shared.sheets.charts import Block, Chart, chart_id
from shared.sheets.layout import Row
from sheet_templates import scorecard as tab
from sheet_templates.workspace import Lang

JOURNAL_DAYS = error_causes.JOURNAL_DAYS

# The 异常 kinds the scorecard counts (sheet_plan.ALERT_LABELS codes).
_ISSUE_KINDS = {
    "logistics_no_pickup": ExceptionKind.NO_PICKUP,
    "logistics_stalled": ExceptionKind.STALLED,
    "logistics_returned": ExceptionKind.RETURNED,
    "logistics_rejected": ExceptionKind.REFUSED,
}
_CANCELLED_AFTER_SHIPPED = "cancelled_after_supplier_shipped"
_ON_SHOP = {"ship", "correct"}  # our push, when its result is ok


def counted_kinds() -> frozenset[str]:
    """The 异常 kinds (codes) the scorecard counts."""
    return frozenset({*_ISSUE_KINDS, _CANCELLED_AFTER_SHIPPED})


def inputs(rows: Sequence[SheetRow], entries: Sequence[AuditEntry], exceptions: Iterable[Row]) -> ScoreInputs:
    """The scorecard's facts: every 订单 row with a supplier and a readable 付款时间."""
    alerts = [(alert_code(r["kind"]), r.key) for r in exceptions if r.key]
    cancelled_late = {order_id for code, order_id in alerts if code == _CANCELLED_AFTER_SHIPPED}
    chosen = error_causes.operator_causes(entries)
    by_order: dict[str, list[AuditEntry]] = {}
    for entry in entries:
        if entry.order_id:
            by_order.setdefault(entry.order_id, []).append(entry)
    orders, errors = [], []
    for row in rows:
        paid = from_sheet_time(row.paid_at)
        if not row.supplier.strip() or paid is None:
            continue
        history = by_order.get(row.order_id, [])
        numbered = _first_on_shop(history)
        orders.append(
            OrderFacts(
                row.order_id,
                row.supplier.strip(),
                paid,
                from_sheet_time(row.ship_by),
                numbered,
                parcels=max(1, len([n for n in row.tracking_cell.splitlines() if n.strip()])),
                cancelled=row.state is RowState.CANCELLED,
                cancelled_after_shipped=row.order_id in cancelled_late,
            )
        )
        causes = error_causes.order_causes(row, history, chosen)
        errors += [NumberError(row.order_id, cause) for cause in causes]
    issues = [
        LogisticsIssue(order_id, _ISSUE_KINDS[code]) for code, order_id in alerts if code in _ISSUE_KINDS
    ]
    return ScoreInputs(tuple(orders), tuple(errors), tuple(issues))


def _first_on_shop(history: Sequence[AuditEntry]) -> datetime | None:
    """When a number first reached the shop: our accepted push, the shop's own fill, or numbers found
    there."""
    times = [
        e.at
        for e in history
        if (e.action in _ON_SHOP and e.result == "ok")
        or e.action == "found_on_shop"
        or (e.action == "fill" and e.source == "shop")
    ]
    return min(times) if times else None


def ranking(card: Scorecard) -> list[str]:
    """The suppliers, best first: the 30-day on-time rate (higher first), then wrong numbers per 100
    (fewer first), then the name."""

    def key(supplier: str) -> tuple[float, float, str]:
        line = card.of(supplier, 30)
        on_time = line.on_time_rate if line is not None and line.on_time_rate is not None else -1.0
        wrong = line.wrong_per_100 if line is not None and line.wrong_per_100 is not None else 0.0
        return (-on_time, wrong, supplier)

    return sorted(card.suppliers, key=key)


def rows(card: Scorecard, lang: Lang) -> list[list[str | int | float]]:
    """The 统计 tab: a header row, then per supplier (ranked) and overall one line per window, then a
    blank row and the tab's note. Rates in percent, hours and rates rounded to one decimal."""
    causes = [c.value for c in Cause] + [UNKNOWN_CAUSE]
    kinds = [k.value for k in ExceptionKind]
    header: list[str | int | float] = [h.pick(lang) for _, h in tab.LEADING]
    header += [tab.WRONG_PREFIX.pick(lang) + _cause_label(c, lang) for c in causes]
    header += [tab.EXCEPTION_PREFIX.pick(lang) + ExceptionKind(k).label.pick(lang) for k in kinds]
    header += [h.pick(lang) for _, h in tab.TRAILING]
    out: list[list[str | int | float]] = [header]
    ranked = ranking(card)
    for supplier in [*ranked, OVERALL]:
        for line in (s for s in card.scores if s.supplier == supplier):
            rank: str | int = ranked.index(supplier) + 1 if supplier != OVERALL else ""
            out.append(
                _line(
                    line,
                    rank,
                    dict(line.wrong_by_cause),
                    dict(line.exceptions_per_100_parcels),
                    causes,
                    kinds,
                    card.at,
                    lang,
                )
            )
    out += [[], [tab.NOTE.pick(lang)]]
    return out


def _line(
    line: Score,
    rank: str | int,
    by_cause: dict[str, float],
    by_kind: dict[str, float],
    causes: Sequence[str],
    kinds: Sequence[str],
    at: datetime,
    lang: Lang,
) -> list[str | int | float]:
    name = tab.OVERALL_NAME.pick(lang) if line.supplier == OVERALL else line.supplier
    counted = line.wrong_per_100 is not None
    parcels = line.parcels > 0
    return [
        rank,
        name,
        line.days,
        line.orders,
        line.numbered,
        _round(line.median_hours_to_number),
        _round(line.p90_hours_to_number),
        _round(None if line.on_time_rate is None else 100 * line.on_time_rate),
        _round(line.wrong_per_100),
        *[_round(by_cause.get(c, 0.0)) if counted else "" for c in causes],
        *[_round(by_kind.get(k, 0.0)) if parcels else "" for k in kinds],
        line.parcels,
        line.cancelled_after_shipped,
        to_sheet_time(at),
    ]


def _cause_label(code: str, lang: Lang) -> str:
    return tab.UNKNOWN_CAUSE.pick(lang) if code == UNKNOWN_CAUSE else Cause(code).label.pick(lang)


def _percent(share: float | None) -> str | float:
    return "" if share is None else round(100 * share, 1)


def _round(value: float | None) -> str | float:
    return "" if value is None else round(value, 1)


Cells = list[list[str | int | float]]

ON_TIME_CHART = "scorecard/on_time_by_week"
EXCEPTIONS_CHART = "scorecard/exceptions_by_kind"


@dataclass(frozen=True, slots=True)
class Board:
    """The 统计 tab's cells, and where the two charts' data blocks sit in them (0-based rows)."""

    cells: Cells
    weeks_at: int
    weeks_rows: int
    kinds_at: int
    kinds_rows: int
    columns: int  # of each block: the label column and one per supplier

    def charts(self, sheet_id: int, lang: Lang) -> list[Chart]:
        """The charts over this board on grid ``sheet_id``: on-time rate per supplier by week (lines),
        and logistics exceptions by kind per supplier (columns), side by side below the blocks."""
        below = self.kinds_at + self.kinds_rows + 1
        weeks = Block(sheet_id, self.weeks_at, self.weeks_rows, 0, self.columns)
        kinds = Block(sheet_id, self.kinds_at, self.kinds_rows, 0, self.columns)
        return [
            Chart(
                chart_id(ON_TIME_CHART),
                "LINE",
                tab.ON_TIME_CHART.pick(lang),
                tab.WEEK.pick(lang),
                tab.ON_TIME_AXIS.pick(lang),
                weeks,
                below,
                0,
            ),
            Chart(
                chart_id(EXCEPTIONS_CHART),
                "COLUMN",
                tab.EXCEPTIONS_CHART.pick(lang),
                tab.KIND_AXIS.pick(lang),
                tab.EXCEPTIONS_AXIS.pick(lang),
                kinds,
                below,
                7,
            ),
        ]


def board(card: Scorecard, weeks: Sequence[WeekRates], lang: Lang) -> Board:
    """The table (``rows``), then the weekly on-time block and the exceptions-by-kind block, each
    after a blank row, suppliers in the table's ranking order."""
    cells = rows(card, lang)
    ranked = ranking(card)
    named = sorted(card.suppliers)  # the order of WeekRates.rates
    cells.append([])
    weeks_at = len(cells)
    cells.append([tab.WEEK.pick(lang), *ranked])
    for week in weeks:
        by_name = dict(zip(named, week.rates, strict=True))
        label = week.start.astimezone(BEIJING).strftime("%m-%d")
        cells.append([label, *[_percent(by_name[s]) for s in ranked]])
    weeks_rows = len(cells) - weeks_at
    cells.append([])
    kinds_at = len(cells)
    cells.append([tab.KIND.pick(lang), *ranked])
    for kind in ExceptionKind:
        rates = []
        for supplier in ranked:
            line = card.of(supplier, 30)
            per_kind = dict(line.exceptions_per_100_parcels) if line is not None else {}
            rates.append(_round(per_kind.get(kind.value, 0.0)) if line is not None and line.parcels else "")
        cells.append([kind.label.pick(lang), *rates])
    kinds_rows = len(cells) - kinds_at
    return Board(cells, weeks_at, weeks_rows, kinds_at, kinds_rows, 1 + len(ranked))
