"""A refused number, journaled once: the entry its 日志 row (and its 原因分类) stands on.

A row the pass leaves 单号有误 (invalid: the number fails its courier's format or check, or the shop
refused it for good) or 单号重复 (held: the number is on another recipient's order), with the number
its 快递单号 holds, gets one audit entry per order and number (shared/app/error_causes.py
``REFUSED_ACTION``): actor ``system``, field ``tracking_numbers``, new the cell as refused (its
numbers, whitespace apart, name it: ``numbers_of``), reason why (``REFUSAL_KINDS``), result
``noted``. ``Journal.record_entry_first`` makes it once whatever the time,
so a repeated tick, or the edit pass and the tick finding the same refusal, add no second entry, no
second 日志 row and ask nothing again. Its 日志 row shows the cause the journal shows (who put the
number there), or asks for it, and takes the operator's word like a correction's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from shared.app.error_causes import REFUSED_ACTION, REFUSING_STATES, refused_numbers
from shared.domain.pushes import RefusalReason
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry
from shared.reconcile.inputs import Refusal
from shared.reconcile.plan import CellFill, RowDecision

_COURIER_REFUSED = frozenset({RefusalReason.INVALID_COURIER})


def refusal_entries(
    decisions: Iterable[RowDecision],
    rows: Mapping[str, SheetRow],
    fills: Iterable[CellFill],
    refused: Mapping[str, Refusal],
    at: datetime,
) -> list[tuple[AuditEntry, str]]:
    """(entry, identity) of each row decided into a refused state with a number (pure). ``rows``:
    the rows as read, by order id; ``fills``: this pass's, a supplier's number filled into an empty
    cell is the one refused; ``refused``: the shop's refusals for good, which tell a courier the shop
    does not take."""
    filled = {f.order_id: f.value for f in fills if f.field == "tracking_numbers"}
    out = []
    for decision in decisions:
        row = rows.get(decision.order_id)
        if row is None or decision.state not in REFUSING_STATES:
            continue  # only 单号有误 and 单号重复 refuse a number (refused_numbers): skip the copy
        cell = row.tracking_cell if row.has_tracking else filled.get(row.order_id, "")
        numbers = refused_numbers(replace(row, state=decision.state, tracking_cell=cell))
        if not numbers:
            continue
        entry = AuditEntry(
            at,
            "system",
            REFUSED_ACTION,
            row.order_id,
            "tracking_numbers",
            "",
            cell.strip(),
            "",
            _kind(decision.state, numbers, refused.get(row.order_id)),
            "noted",
        )
        out.append((entry, f"refused/{row.order_id}/{' '.join(numbers)}"))
    return out


def _kind(state: RowState, numbers: tuple[str, ...], refusal: Refusal | None) -> str:
    if state is RowState.NUMBER_REUSED:
        return "number refused: reused"
    courier = refusal is not None and refusal.reason in _COURIER_REFUSED
    if courier and refusal is not None and tuple(sorted(refusal.waybills)) == numbers:
        return "number refused: wrong courier"
    return "number refused: invalid"


def journal_refusals(
    journal: Journal,
    decisions: Iterable[RowDecision],
    rows: Mapping[str, SheetRow],
    fills: Iterable[CellFill],
    refused: Mapping[str, Refusal],
    at: datetime,
) -> list[AuditEntry]:
    """Journal the refusals not journaled before; returns those this call journaled (to log)."""
    made = []
    for entry, identity in refusal_entries(decisions, rows, fills, refused, at):
        recorded = journal.record_entry_first(entry, identity)
        if recorded is not None:
            made.append(recorded)
    return made
