"""The overview spreadsheet (总览): one row per shop, rewritten whole after every shop's tick.

Entry point: ``refresh_overview(shops, journal_of, gateway, lang, now)``: reads every shop's record
(shared/app/overview_record.py: ``state/last_tick.json`` in each shop's journal), builds the rows
(``overview_table``, pure) and writes the 总览 / Overview tab in ONE ``spreadsheets:batchUpdate``
(shared/sheets/whole_tab.py; the gateway's one metadata ``GET`` the first time). The functions call
it after each shop's tick (functions/overview.py); the demo or a command may call it the same way.

Shops tick in parallel, so two may rewrite the tab at once: each rewrite is made from every shop's
record as the journal holds it, so the last writer's table has every shop's row (no writer erases
another shop's row), and at worst a row is one tick old until the next shop's tick.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.app.overview_record import read_record
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.overview import ShopLine, Status, TickRecord, shop_lines
from shared.sheets.gateway import CellValue, SheetsGateway
from shared.sheets.whole_tab import Cell, rewrite_tab
from sheet_templates import overview as template
from sheet_templates.workspace import Rgb

#: The shop column's text for a deployment without a registry (its one shop has no key).
SINGLE_SHOP = Bilingual("本店", "This shop")


@dataclass(frozen=True, slots=True)
class OverviewTable:
    """The tab as values (row 1 the refresh time, row 2 the header, then one row per shop) and each
    shop row's colour (``colours``, in shop order)."""

    rows: tuple[tuple[CellValue, ...], ...]
    colours: tuple[Rgb, ...]


def refresh_overview(
    shops: Sequence[str],
    journal_of: Callable[[str], Journal],
    gateway: SheetsGateway,
    lang: str,
    now: datetime,
) -> OverviewTable:
    """Rewrite the overview tab from every shop's record (``shops`` in the registry's order; ``""``
    is a deployment without a registry). Raises SheetsError (SheetsQuotaShort when the shared quota
    has no token) or JournalError; the caller decides what a failed refresh means."""
    records = {key: read_record(journal_of(key)) for key in shops}
    table = overview_table(shop_lines(shops, records, now), now, lang)
    rewrite_tab(gateway, template.TITLE.pick(lang), styled(table), frozen_rows=2)
    return table


def overview_table(lines: Sequence[ShopLine], now: datetime, lang: str) -> OverviewTable:
    """The tab's values and row colours (pure)."""
    title = (template.refreshed(to_sheet_time(now)).pick(lang),)
    header = tuple(h.pick(lang) for _field, h in template.COLUMNS)
    rows = tuple(_row(line, lang) for line in lines)
    return OverviewTable((title, header, *rows), tuple(_colour(line) for line in lines))


def _row(line: ShopLine, lang: str) -> tuple[CellValue, ...]:
    record = line.record
    shop = line.shop or SINGLE_SHOP.pick(lang)
    status = template.STATUS[line.status.value].pick(lang)
    counts = record.counts if record is not None else None
    numbers: tuple[CellValue, ...] = (
        (counts.open_orders, counts.past_ship_by, counts.near_ship_by, counts.open_exceptions)
        if counts is not None
        else ("", "", "", "")
    )
    if record is None:
        return (shop, status, *numbers, "", "", "", "")
    times = (to_sheet_time(record.last_ok), to_sheet_time(record.ended), to_sheet_time(record.counted_at))
    return (shop, status, *numbers, *times, _problem(line, record).pick(lang))


def _problem(line: ShopLine, record: TickRecord) -> Bilingual:
    if line.status is Status.FAILING and record.error is not None:
        if record.failures > 1:
            again = template.failures_in_a_row(record.failures)
            return Bilingual(f"{record.error.zh}；{again.zh}", f"{record.error.en}; {again.en}")
        return record.error
    if line.status is Status.STALE:
        minutes = f"{record.stale_minutes:g}"
        return Bilingual(f"超过 {minutes} 分钟没有成功同步", f"no good tick for more than {minutes} minutes")
    return Bilingual("", "")


def _colour(line: ShopLine) -> Rgb:
    if line.status is Status.FAILING:
        return template.FAILING_ROW
    if line.status is Status.STALE:
        return template.STALE_ROW
    if line.status is Status.NEVER:
        return template.NEVER_ROW
    return template.PAST_DEADLINE_ROW if line.past_deadline else template.PLAIN_ROW


def styled(table: OverviewTable) -> list[list[Cell]]:
    """The table as cells: the title bold, the header dark, each shop row in its colour (pure)."""
    width = len(template.COLUMNS)
    header_bg, header_fg = template.HEADER_BG.as_api(), template.HEADER_FG.as_api()
    title, header, *shops = table.rows
    out = [[Cell(title[0], bold=True)], [Cell(v, header_bg, header_fg, bold=True) for v in header]]
    for values, colour in zip(shops, table.colours, strict=True):
        out.append([Cell(v, colour.as_api()) for v in values[:width]])
    return out
