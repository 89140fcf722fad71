"""Rows per state, read back from the sheet as an operator sees it (the 状态 column)."""

from __future__ import annotations

from collections.abc import Mapping

from demo.operator import Table
from shared.domain.states import RowState
from sheet_templates.scorecard import KIND
from sheet_templates.workspace import state_by_label, status_label

UNKNOWN = "unknown"  # a 状态 cell that names no state (empty, or typed over by someone)


def row_states(orders: Table) -> dict[str, str]:
    """order id -> state code of its row."""
    result: dict[str, str] = {}
    for record in orders.records():
        order_id = record.get("订单号", "")
        if order_id:
            found = state_by_label(record.get("状态", ""))
            result[order_id] = found.state if found is not None else UNKNOWN
    return result


def counts(states: Mapping[str, str]) -> dict[str, int]:
    """state code -> rows, in the order of the states' life cycle (zero counts left out)."""
    order = [s.value for s in RowState] + [UNKNOWN]
    tally: dict[str, int] = {}
    for state in states.values():
        tally[state] = tally.get(state, 0) + 1
    return {s: tally[s] for s in order if s in tally}


def label(state: str) -> str:
    return "未知" if state == UNKNOWN else status_label(state, "zh")


def line(
    tick: int, clock: str, tally: Mapping[str, int], pushes: int, sheets_calls: int, with_events: bool = False
) -> str:
    """One line per tick: 第 3 次同步 14:02:11 | 待下单 10 · 待单号 45 … | 推送 12 · 表格 API 调用 4.
    ``with_events``: the call count includes shop events handled meanwhile (said so on the line)."""
    states = " · ".join(f"{label(s)} {n}" for s, n in tally.items())
    calls = f"表格 API 调用 {sheets_calls}" + ("（含同时处理的小店事件）" if with_events else "")
    return f"第 {tick} 次同步 {clock} | {states} | 推送 {pushes} · {calls}"


SCORECARD_TAB = "统计"
_OVERALL = "全部供应商"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def scorecard(tab: Table) -> dict[str, dict[str, float | None]]:
    """supplier -> its 30-day line of the 统计 tab (on-time rate as a share, wrong numbers per 100
    orders, median hours from payment to a number), in the tab's ranking order, best first."""
    out: dict[str, dict[str, float | None]] = {}
    lines = [r for r in tab.records() if r.get("天数") == "30" and r.get("供应商") not in ("", _OVERALL)]
    for record in sorted(lines, key=lambda r: _number(r.get("排名", "")) or 0):
        on_time = _number(record.get("按时发货率(%)", ""))
        out[record["供应商"]] = {
            "on_time_rate": None if on_time is None else round(on_time / 100, 3),
            "wrong_per_100": _number(record.get("错号/改号每百单", "")),
            "median_hours_to_number": _number(record.get("付款到单号·中位数(小时)", "")),
        }
    return out


def exceptions_chart(tab: Table) -> dict[str, dict[str, float | None]]:
    """The data of the 统计 tab's exceptions chart (the block under its 物流异常（每百件） row): kind ->
    supplier -> logistics exceptions of that kind per 100 parcels over 30 days."""
    block = [tab.header, *tab.rows]
    starts = [i for i, row in enumerate(block) if row and row[0] == KIND.zh]
    if not starts:
        return {}
    suppliers = [s for s in block[starts[0]][1:] if s]
    out: dict[str, dict[str, float | None]] = {}
    for row in block[starts[0] + 1 :]:
        if not row or not row[0]:
            break
        cells = (row[1:] + [""] * len(suppliers))[: len(suppliers)]
        out[row[0]] = {s: _number(c) for s, c in zip(suppliers, cells, strict=True)}
    return out
