"""Rows per state, read back from the sheet as an operator sees it (the 状态 column)."""

from __future__ import annotations

from collections.abc import Mapping

from demo.operator import Table
from shared.domain.states import RowState
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
