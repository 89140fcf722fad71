"""The plan reconcile returns: every write, push, alert and audit note of one tick or edit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from shared.domain.states import RowState, Variant
from shared.domain.text import Bilingual


@dataclass(frozen=True, slots=True)
class RowDecision:
    """The state and message a row should show. ``row`` is where it was read (0 for a new row)."""

    order_id: str
    row: int
    state: RowState
    variant: Variant | None
    message: Bilingual


@dataclass(frozen=True, slots=True)
class CellFill:
    """Fill an operator cell that is empty (re-checked just before the write): never an overwrite."""

    order_id: str
    row: int
    field: Literal["courier", "tracking_numbers", "supplier_order_no"]
    value: str
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class NewRow:
    """A paid order the sheet does not have yet: its system cells, as text. ``restored``: the order
    had a row before (deleted, cleared or pasted over) and is put back."""

    order_id: str
    values: dict[str, str]
    decision: RowDecision
    restored: bool = False


@dataclass(frozen=True, slots=True)
class Push:
    """Ship (or correct) an order with these waybills. The executor re-reads the order first and
    records an intent before the call. ``courier`` is our code; ``previous`` the waybills replaced."""

    order_id: str
    kind: Literal["ship", "correct"]
    courier: str
    waybills: tuple[str, ...]
    previous: tuple[str, ...] = ()
    reason: str = ""
    buyer_message_zh: str = ""


NO_ACTION = Bilingual("", "")


@dataclass(frozen=True, slots=True)
class Alert:
    """A current problem for the 异常 tab; ``kind`` is stable (for dedupe and clearing)."""

    order_id: str
    kind: str
    message: Bilingual
    action: Bilingual = NO_ACTION


@dataclass(frozen=True, slots=True)
class AuditNote:
    """A change worth keeping in the journal (the executor adds time and result)."""

    order_id: str
    action: str
    field: str
    old: str
    new: str
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    decisions: tuple[RowDecision, ...] = ()
    fills: tuple[CellFill, ...] = ()
    new_rows: tuple[NewRow, ...] = ()
    pushes: tuple[Push, ...] = ()
    alerts: tuple[Alert, ...] = ()
    audits: tuple[AuditNote, ...] = ()
    untouched: tuple[str, ...] = field(default=())
    flagged_rows: tuple[int, ...] = ()  # sheet rows not decided as an order (presence.check_rows)

    def state_counts(self) -> dict[str, int]:
        counts = Counter(d.state.value for d in self.decisions)
        counts.update(n.decision.state.value for n in self.new_rows)
        return dict(counts)
