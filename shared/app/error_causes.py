"""Why each wrong number was wrong, from the journal: inferred, or the operator's word.

A correction the shop accepted and a number refused (单号有误, 单号重复; its ``refused`` entry,
shared/app/refusals.py) each carry a cause (shared/reconcile/causes.py). The journal's history of the
order tells who put each number on the row (a supplier's fill, a person's edit), and the pure rules
turn that into a cause, or None when they cannot tell. The operator can say otherwise in the 原因分类
column (a correction's or a refused number's 日志 row, a reused number's 异常 row):
shared/app/desk_edit.py journals that as a ``cause`` entry whose reason names what it is about
(``target``: the correction's time, or the refused order's numbers), and the operator's latest word
wins over the inference everywhere: in the scorecard and in a rebuilt 日志. It is kept per wrong
number, never per order: a later, different refused number of the order has its own cause.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.records import AuditEntry
from shared.reconcile.causes import Cause, NumberSource, correction_cause, refusal_cause
from shared.reconcile.deadline import to_sheet_time

#: The journal's action of an operator's 原因分类 (new: the cause's code, or "" when cleared), and of
#: a value the product could not take (the entry's result says why; nothing changes).
CAUSE_ACTION = "cause"
CAUSE_REFUSED = "cause_refused"
#: The journal's action of a refused number (shared/app/refusals.py): one entry per order and number.
REFUSED_ACTION = "refused"
#: What an operator's cause is about (the ``cause`` entry's reason): a refused number of the order,
#: ``refused number <the numbers>``; bare (``REFUSED_TARGET``) when typed on a 异常 row, which does not
#: show the number, and in the journals of before (``operator_causes`` says which number it is about).
REFUSED_TARGET = "refused number"
_CORRECTION = "correction at "
#: Why a number was refused (a ``refused`` entry's reason) -> the state and flags the rules read.
REFUSAL_KINDS: dict[str, tuple[RowState, tuple[str, ...]]] = {
    "number refused: invalid": (RowState.INVALID, ()),
    "number refused: reused": (RowState.NUMBER_REUSED, ()),
    "number refused: wrong courier": (RowState.INVALID, ("wrong_courier",)),
}
_NUMBER_ACTIONS = ("fill", "edit", "edit_detected")
JOURNAL_DAYS = 31  # the scorecard's 30-day window plus the day it straddles


def correction_target(sheet_time: str) -> str:
    """What a correction pushed at ``sheet_time`` (the 日志 row's 时间 cell) is called in a cause entry."""
    return _CORRECTION + sheet_time.strip()


def refused_target(numbers: Iterable[str]) -> str:
    """What a refusal of ``numbers`` is called in a cause entry (the same whatever their order)."""
    return " ".join([REFUSED_TARGET, *sorted(numbers)])


def target_time(target: str) -> str | None:
    """The sheet time a correction's target names; None for any other target."""
    return target[len(_CORRECTION) :] if target.startswith(_CORRECTION) else None


def target_numbers(target: str) -> tuple[str, ...] | None:
    """The numbers a refusal's target names (empty: the bare ``REFUSED_TARGET``); None for any other."""
    if target != REFUSED_TARGET and not target.startswith(REFUSED_TARGET + " "):
        return None
    return tuple(target[len(REFUSED_TARGET) :].split())


def is_accepted_correction(entry: AuditEntry) -> bool:
    return entry.action == "correct" and entry.result == "ok"


def has_cause(entry: AuditEntry) -> bool:
    """A wrong number's entry: an accepted correction or a refused number."""
    return bool(entry.order_id) and (is_accepted_correction(entry) or entry.action == REFUSED_ACTION)


def target_of(entry: AuditEntry) -> str:
    """What an operator's cause for this wrong number's entry (``has_cause``) names."""
    if entry.action == REFUSED_ACTION:
        return refused_target(numbers_of(entry.new))
    return correction_target(to_sheet_time(entry.at))


def numbers_of(cell: str | None) -> tuple[str, ...]:
    """The numbers of a 快递单号 cell or an entry's value, sorted (a cell's order does not matter)."""
    return tuple(sorted(n for n in (cell or "").split() if n))


def source_of(entry: AuditEntry) -> NumberSource:
    """Who put the number of a fill or an edit on the row."""
    if entry.source.startswith("supplier:") or entry.source == "inbox":
        return NumberSource("supplier")
    if entry.source == "sheet" or entry.action == "edit_detected":
        return NumberSource("operator")
    if entry.source == "shop":
        return NumberSource("shop")
    return NumberSource("")


def inferred(history: Sequence[AuditEntry]) -> tuple[list[tuple[AuditEntry, Cause | None]], NumberSource]:
    """One order's wrong numbers (accepted corrections and refused numbers) with the cause the
    journal shows, and who put the number the row holds now (in time order, as ``history`` must be)."""
    wrong: list[tuple[AuditEntry, Cause | None]] = []
    sources: list[NumberSource] = []  # who put each number on the row, in order
    last: tuple[str, ...] | None = None
    for entry in history:
        if entry.field_name == "tracking_numbers" and entry.action in _NUMBER_ACTIONS:
            numbers = numbers_of(entry.new)
            # A person's edit and the tick noticing it (edit_detected) are one number: the first says who.
            if numbers != last:
                sources.append(source_of(entry))
            last = numbers
        elif is_accepted_correction(entry):
            first = sources[-2] if len(sources) >= 2 else NumberSource("")
            second = sources[-1] if sources else NumberSource("")
            wrong.append((entry, correction_cause(entry.reason, first, second)))
        elif entry.action == REFUSED_ACTION and entry.reason in REFUSAL_KINDS:
            state, flags = REFUSAL_KINDS[entry.reason]
            wrong.append((entry, refusal_cause(state, flags, sources[-1] if sources else NumberSource(""))))
    return wrong, (sources[-1] if sources else NumberSource(""))


def operator_causes(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], Cause]:
    """(order id, target) -> the operator's latest cause; a cleared cell takes the word back (the
    inference stands again). ``entries``: the journal's, with the orders' history (a bare
    ``REFUSED_TARGET`` is resolved from it, ``bare_target``)."""
    chosen: dict[tuple[str, str], Cause] = {}
    seen: dict[str, list[AuditEntry]] = {}
    for entry in sorted((e for e in entries if e.order_id), key=_when):
        order_id = entry.order_id or ""
        if entry.action != CAUSE_ACTION:
            seen.setdefault(order_id, []).append(entry)
            continue
        target = bare_target(seen.get(order_id, [])) if entry.reason == REFUSED_TARGET else entry.reason
        if target is None:
            continue
        cause = Cause.of_text(entry.new or "")
        if cause is None:
            chosen.pop((order_id, target), None)
        else:
            chosen[(order_id, target)] = cause
    return chosen


def _when(entry: AuditEntry) -> datetime:
    """When an entry counts for ``operator_causes``: a cause at the end of its second (an edit's time
    is in whole seconds, so a refusal journaled within that second came before it)."""
    return entry.at + timedelta(seconds=1) if entry.action == CAUSE_ACTION else entry.at


def bare_target(before: Sequence[AuditEntry]) -> str | None:
    """Which wrong number a cause typed without its number (a 异常 row's, or a journal's of before the
    causes were kept per number) is about, from the order's entries before it: its latest refused
    number; else the numbers the row held then (a refusal journaled before refusals were); else its
    latest correction; None when the journal shows none of them."""
    for entry in reversed(before):
        if entry.action == REFUSED_ACTION:
            return target_of(entry)
    for entry in reversed(before):
        if entry.field_name == "tracking_numbers" and entry.action in _NUMBER_ACTIONS and entry.new:
            return refused_target(numbers_of(entry.new))
    for entry in reversed(before):
        if is_accepted_correction(entry):
            return target_of(entry)
    return None


REFUSING_STATES = frozenset({RowState.INVALID, RowState.NUMBER_REUSED})  # 单号有误, 单号重复


def refused_numbers(row: SheetRow) -> tuple[str, ...]:
    """The numbers a 订单 row refuses now (单号有误, 单号重复 with a number), sorted; empty for any
    other row, and for an invalid row whose problem is another identifier stored as a number."""
    if row.state not in REFUSING_STATES:
        return ()
    if row.numeric and "tracking_numbers" not in row.numeric:
        return ()
    return numbers_of(row.tracking_cell)


def order_causes(
    row: SheetRow, history: Sequence[AuditEntry], chosen: Mapping[tuple[str, str], Cause]
) -> list[Cause | None]:
    """The cause of each accepted correction of the row's order and of its number if refused now
    (``refused_numbers``), the operator's where given (``chosen``, from ``operator_causes``)."""
    wrong, last = inferred(history)
    out = [chosen.get((row.order_id, target_of(e)), c) for e, c in wrong if is_accepted_correction(e)]
    numbers = refused_numbers(row)
    if numbers and row.state is not None:
        target = refused_target(numbers)
        journaled = [c for e, c in wrong if e.action == REFUSED_ACTION and target_of(e) == target]
        cause = journaled[-1] if journaled else refusal_cause(row.state, (), last)
        out.append(chosen.get((row.order_id, target), cause))
    return out


def log_causes(to_log: Iterable[AuditEntry], history: Sequence[AuditEntry]) -> dict[AuditEntry, Cause | None]:
    """The cause each wrong number's entry among ``to_log`` (``has_cause``) shows in its 日志 row's
    原因分类: the operator's if ``history`` holds one, else the inference (None: unknown, the row
    asks)."""
    wanted = [e for e in to_log if has_cause(e)]
    if not wanted:
        return {}
    seen = set(history)
    everything = sorted([*history, *(e for e in to_log if e not in seen)], key=lambda e: e.at)
    by_order: dict[str, list[AuditEntry]] = {}
    for entry in everything:
        if entry.order_id:
            by_order.setdefault(entry.order_id, []).append(entry)
    chosen = operator_causes(everything)
    out: dict[AuditEntry, Cause | None] = {}
    for entry in wanted:
        order_id = entry.order_id or ""
        for one, cause in inferred(by_order.get(order_id, []))[0]:
            if one == entry:
                out[entry] = chosen.get((order_id, target_of(entry)), cause)
    return out


def history_days(paid: Iterable[datetime | None], now: datetime) -> int:
    """How many day folders of the journal cover the history of orders paid at ``paid`` (their
    numbers came after payment): at least two, at most ``JOURNAL_DAYS``."""
    oldest = min((p for p in paid if p is not None), default=None)
    if oldest is None:
        return JOURNAL_DAYS
    return max(2, min(JOURNAL_DAYS, math.ceil((now - oldest).total_seconds() / 86400) + 1))
