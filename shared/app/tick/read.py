"""Stage 1, read: the workspace in one ``values:batchGet``, its headers checked, its 订单 rows typed.

The read stage is the only one that differs between passes: the sync tick reads every tab and row,
a sheet edit the edited rows, shop events the rows of their orders, a header edit the headers only.
Its ``Scope`` tells the stages after it whether the pass is the full one (``Scope.full``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from shared.app import layout_guard, sheet_plan, translate
from shared.app.layout_guard import LayoutCheck
from shared.app.tick.deps import Layouts, TickDeps
from shared.couriers import find
from shared.domain.rows import SheetRow
from shared.domain.settings import Settings
from shared.journal.records import AuditEntry
from shared.sheets.layout import Table, TableLayout
from shared.sheets.workspace_settings import parse_settings

# An operator's edit as audit entries, made once the rows it covers are read (shared/app/edit_work.py).
EntriesOf = Callable[[Table], Sequence[AuditEntry]]


@dataclass(frozen=True, slots=True)
class Scope:
    """What a pass reads, set by its entry point.

    ``full``: the sync tick (every tab and row; the stages after it also list the shop, pull the
    suppliers, ask the tracking provider, learn which orders have rows, and move the watermark).
    ``headers_only``: a header was edited (the layout check alone, nothing decided). Otherwise a
    targeted pass: ``rows`` (sheet edits: these 订单 row ranges only, first and last row each) or
    ``order_ids`` (shop events: the rows of these orders, or new rows for them).
    ``push=False`` is 校验所选行 (never push); ``force_push`` is 推送所选行 (push even what
    waits for a person)."""

    full: bool = False
    headers_only: bool = False
    rows: tuple[tuple[int, int], ...] | None = None
    order_ids: frozenset[str] = frozenset()
    push: bool = True
    force_push: bool = False


@dataclass(frozen=True, slots=True)
class Workspace:
    """The tabs a pass decides from and writes to, and the 设置 it decides with."""

    orders: Table
    exceptions: Table
    log: Table
    inbox: Table | None  # None: not read, or its header is broken (neither a source nor written)
    suppliers: Table | None
    settings_tab: Table  # as read (the logistics watch takes its thresholds from it)
    settings: Settings
    stale_minutes: float = 30.0  # 设置 stale_sync_minutes (stale_sync.py)
    desk_hours: float = 24.0  # 设置 exception_urgent_hours (shared/reconcile/desk.py)


@dataclass(frozen=True, slots=True)
class Read:
    """``rows``: the rows this pass decides; ``every_row``: every 订单 row read (who else holds a
    number); ``entries``: the operator's edit, journaled and logged with the rest."""

    scope: Scope
    layout: LayoutCheck
    workspace: Workspace
    rows: tuple[SheetRow, ...]
    every_row: tuple[SheetRow, ...]
    entries: tuple[AuditEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class LayoutOnly:
    """A pass that only shows the headers' state: a tab the decisions read is broken (nothing is
    decided from it), or only the headers were asked for (``check_layout``)."""

    tables: Mapping[str, Table]
    layout: LayoutCheck


def read(deps: TickDeps, scope: Scope, entries: EntriesOf | None = None) -> Read | LayoutOnly:
    """Read what ``scope`` covers; a broken header the decisions need stops the pass here."""
    if scope.headers_only:
        return _read_headers(deps)
    lay = Layouts.of(deps.lang)
    whole, partial = [lay.settings, lay.exceptions, lay.suppliers], []
    if scope.full:
        whole = [lay.orders, lay.settings, lay.inbox, lay.exceptions, lay.suppliers]
    elif scope.rows is not None:
        partial = [(lay.orders, first, last) for first, last in scope.rows]  # the edited rows
    else:
        whole = [lay.orders, *whole]  # shop events: their orders' rows are found (or added)
    tables = deps.gateway.read(whole, headers_only=[lay.log], partial=partial, lenient=True)
    layout = _check(tables, deps)
    if layout.stops:
        return LayoutOnly(tables, layout)
    ws = workspace(tables, lay, layout, scope)
    every_row = tuple(rows_of(ws.orders))
    rows = every_row
    if not scope.full and scope.rows is None:
        rows = tuple(r for r in every_row if r.order_id in scope.order_ids)
    made = tuple(entries(ws.orders)) if entries is not None else ()
    return Read(scope, layout, ws, rows, every_row, made)


def _read_headers(deps: TickDeps) -> LayoutOnly:
    """Only the headers (and 异常, where their alerts are shown or cleared)."""
    lay = Layouts.of(deps.lang)
    headers: list[TableLayout] = [lay.orders, lay.settings, lay.inbox, lay.suppliers, lay.log]
    tables = deps.gateway.read([lay.exceptions], headers_only=headers, lenient=True)
    return LayoutOnly(tables, _check(tables, deps))


def _check(tables: Mapping[str, Table], deps: TickDeps) -> LayoutCheck:
    """Before anything is decided: a tab whose header is broken must not be trusted nor written."""
    layout = layout_guard.check(tables.values(), deps.lang)
    layout.log()
    return layout


def workspace(tables: Mapping[str, Table], lay: Layouts, layout: LayoutCheck, scope: Scope) -> Workspace:
    chosen = parse_settings(tables[lay.settings.title])
    settings = Settings(
        auto_push=(chosen.auto_push or scope.force_push) and scope.push,
        confirmed=scope.force_push,
        urgent_hours=chosen.urgent_hours,
        supplier_couriers=_supplier_couriers(tables.get(lay.suppliers.title)),
    )
    return Workspace(
        tables[lay.orders.title],
        tables[lay.exceptions.title],
        tables[lay.log.title],
        tables.get(lay.inbox.title) if layout.writable(lay.inbox.title) else None,
        tables.get(lay.suppliers.title),
        tables[lay.settings.title],
        settings,
        chosen.stale_sync_minutes,
        chosen.exception_urgent_hours,
    )


def _supplier_couriers(suppliers: Table | None) -> tuple[tuple[str, str], ...]:
    """(supplier, courier code) for each 供应商 row whose 默认快递 names a known courier."""
    if suppliers is None:
        return ()
    pairs = []
    for row in suppliers.rows:
        courier = find(row["default_courier"]) if row["default_courier"].strip() else None
        if row.key.strip() and courier is not None:
            pairs.append((row.key.strip(), courier.code))
    return tuple(pairs)


def rows_of(table: Table) -> list[SheetRow]:
    """The 订单 rows with an order id, each with the state its 状态 label stands for."""
    return [translate.sheet_row(r, sheet_plan.state_of_label(r["status"])) for r in table.rows if r.key]
