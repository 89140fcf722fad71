"""Rebuild the 日志 (Log) tab from the journal: the journal survives the sheet being edited, sorted
or cleared; the tab is only its view.

Cost: one header read, one ``values:batchClear`` of the tab's body, one ``spreadsheets:batchUpdate``
with ``appendCells`` for every entry (written as text, never formulas), plus the sheet-id lookup once
per process: four calls at most, whatever the journal's size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from shared.app import error_causes, sheet_plan
from shared.app.archive_moves import add_tab_requests
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.sheets import a1
from shared.sheets.append_cells import Appendix, append_request
from shared.sheets.gateway import SheetsGateway, _guard
from shared.sheets.layout import Table, TableLayout
from sheet_templates.workspace import LOG, Lang

_LOG_KEYS = {"at", "order_id", "action"}  # a tab whose header has these (and no other) columns is a log


class NotALogTab(ValueError):
    """``into`` names a tab that holds something else (订单, 设置, an archive tab, the operator's own):
    a rebuild clears its rows, so it is refused before anything is written."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.text = Bilingual(
            f"「{title}」页已存在，但它的表头不是日志的表头：重建会清空它的内容，所以没有动它。"
            "请用 --into 给一个新页名（会新建），或一个之前用 --into 重建过的页。",
            f"the tab {title!r} exists and its header is not the log's: a rebuild would clear it, so "
            "it was left alone. Give --into a new tab name (it is added) or one rebuilt with --into before.",
        )
        super().__init__(self.text.en)


def is_log_tab(header: Table) -> bool:
    """Row 1 holds the log's columns (the time, the order, the action at least) and nothing else."""
    named = [h for h in header.header if h.strip()]
    return set(header.columns) >= _LOG_KEYS and len(named) == len(header.columns) and not header.duplicated


@dataclass(frozen=True, slots=True)
class RebuildReport:
    entries: int
    sheets_calls: int


def rebuild_log(
    gateway: SheetsGateway,
    journal: Journal,
    lang: Lang = "zh",
    since: datetime | None = None,
    until: datetime | None = None,
    into: str | None = None,
) -> RebuildReport:
    """Replace the 日志 tab's rows with the journal's audit entries (from ``since``, before ``until``,
    when given), worded as the tick words them (``lang``: the workspace's language). ``into``: write
    them to this tab instead (added, with the 日志 header, when missing): a period the bounded 日志
    tab no longer shows, brought back where the next trim leaves it alone. ``NotALogTab``: ``into``
    names an existing tab whose header is not the log's (checked before anything is written)."""
    before = gateway.calls.total
    layout = TableLayout.from_template(LOG, lang)
    if into:
        layout = replace(layout, title=into)
        ids = gateway.sheet_ids(refresh=True)
        if into not in ids:
            new_id = max(ids.values(), default=0) + 1
            gateway.write_many([], extra_requests=add_tab_requests(new_id, layout))
    header = gateway.read([], headers_only=[layout], lenient=bool(into))[layout.title]
    if into and not is_log_tab(header):
        raise NotALogTab(into)
    entries = list(journal.entries(since=since, until=until))
    # A correction's 原因分类 as the period's history tells it (the operator's latest word, else inferred).
    rows = sheet_plan.log_rows(entries, lang, error_causes.log_causes(entries, entries))
    with _guard("values:batchClear"):
        # The ranges go in the body (BatchClearValuesRequest): gspread's second argument is the
        # query, where Google refuses `ranges` (no such parameter on values:batchClear).
        gateway.http.values_batch_clear(
            gateway.spreadsheet_id, body={"ranges": [a1.sheet_range(layout.title, "A2:ZZ")]}
        )
    requests = []
    if rows:
        ids = gateway.sheet_ids(refresh=bool(into))
        requests.append(append_request(ids[layout.title], Appendix(header, rows)))
    if requests:
        gateway.write_many([], extra_requests=requests)
    return RebuildReport(len(rows), gateway.calls.total - before)
