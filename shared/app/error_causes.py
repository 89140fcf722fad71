"""Why each wrong number was wrong, from the journal: inferred, or the operator's word.

A correction the shop accepted and a number refused now (单号有误, 单号重复) each carry a cause
(shared/reconcile/causes.py). The journal's history of the order tells who put each number on the row
(a supplier's fill, a person's edit), and the pure rules turn that into a cause, or None when they
cannot tell. The operator can say otherwise in the 原因分类 column (a correction's 日志 row, a refused
number's 异常 row): shared/app/desk_edit.py journals that as a ``cause`` entry whose reason names what
it is about (``target``), and the operator's latest word wins over the inference everywhere: in the
scorecard and in a rebuilt 日志.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from shared.domain.states import RowState
from shared.journal.records import AuditEntry
from shared.reconcile.causes import Cause, NumberSource, correction_cause, refusal_cause
from shared.reconcile.deadline import to_sheet_time

#: The journal's action of an operator's 原因分类 (new: the cause's code, or "" when cleared), and of
#: a value the product could not take (the entry's result says why; nothing changes).
CAUSE_ACTION = "cause"
CAUSE_REFUSED = "cause_refused"
#: What an operator's cause is about (the ``cause`` entry's reason): a refused number of the order.
REFUSED_TARGET = "refused number"
_CORRECTION = "correction at "
JOURNAL_DAYS = 31  # the scorecard's 30-day window plus the day it straddles


def correction_target(sheet_time: str) -> str:
    """What a correction pushed at ``sheet_time`` (the 日志 row's 时间 cell) is called in a cause entry."""
    return _CORRECTION + sheet_time.strip()


def target_time(target: str) -> str | None:
    """The sheet time a correction's target names; None for any other target."""
    return target[len(_CORRECTION) :] if target.startswith(_CORRECTION) else None


def is_accepted_correction(entry: AuditEntry) -> bool:
    return entry.action == "correct" and entry.result == "ok"


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
    """One order's accepted corrections with the cause the journal shows, and who put the number the
    row holds now (in time order, as ``history`` must be)."""
    corrections: list[tuple[AuditEntry, Cause | None]] = []
    sources: list[NumberSource] = []  # who put each number on the row, in order
    last: tuple[str, ...] | None = None
    for entry in history:
        if entry.field_name == "tracking_numbers" and entry.action in ("fill", "edit", "edit_detected"):
            numbers = _numbers(entry.new)
            # A person's edit and the tick noticing it (edit_detected) are one number: the first says who.
            if numbers != last:
                sources.append(source_of(entry))
            last = numbers
        elif is_accepted_correction(entry):
            first = sources[-2] if len(sources) >= 2 else NumberSource("")
            second = sources[-1] if sources else NumberSource("")
            corrections.append((entry, correction_cause(entry.reason, first, second)))
    return corrections, (sources[-1] if sources else NumberSource(""))


def _numbers(cell: str | None) -> tuple[str, ...]:
    return tuple(sorted(n for n in (cell or "").split() if n))


def operator_causes(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], Cause]:
    """(order id, target) -> the operator's latest cause; a cleared cell takes the word back (the
    inference stands again)."""
    chosen: dict[tuple[str, str], Cause] = {}
    for entry in sorted((e for e in entries if e.action == CAUSE_ACTION and e.order_id), key=lambda e: e.at):
        key = (entry.order_id or "", entry.reason)
        cause = Cause.of_text(entry.new or "")
        if cause is None:
            chosen.pop(key, None)
        else:
            chosen[key] = cause
    return chosen


def order_causes(
    order_id: str,
    state: RowState | None,
    has_number: bool,
    history: Sequence[AuditEntry],
    chosen: Mapping[tuple[str, str], Cause],
) -> list[Cause | None]:
    """The cause of each accepted correction of the order and of its number if refused now, the
    operator's where given (``chosen``, from ``operator_causes``)."""
    corrections, last = inferred(history)
    out = [
        chosen.get((order_id, correction_target(to_sheet_time(entry.at))), cause)
        for entry, cause in corrections
    ]
    if state in (RowState.INVALID, RowState.NUMBER_REUSED) and has_number:
        out.append(chosen.get((order_id, REFUSED_TARGET), refusal_cause(state, (), last)))
    return out


def log_causes(to_log: Iterable[AuditEntry], history: Sequence[AuditEntry]) -> dict[AuditEntry, Cause | None]:
    """The cause each accepted correction among ``to_log`` shows in its 日志 row's 原因分类: the
    operator's if ``history`` holds one, else the inference (None: unknown, the row asks)."""
    wanted = [e for e in to_log if is_accepted_correction(e) and e.order_id]
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
        for correction, cause in inferred(by_order.get(order_id, []))[0]:
            if correction == entry:
                target = correction_target(to_sheet_time(entry.at))
                out[entry] = chosen.get((order_id, target), cause)
    return out


def history_days(paid: Iterable[datetime | None], now: datetime) -> int:
    """How many day folders of the journal cover the history of orders paid at ``paid`` (their
    numbers came after payment): at least two, at most ``JOURNAL_DAYS``."""
    oldest = min((p for p in paid if p is not None), default=None)
    if oldest is None:
        return JOURNAL_DAYS
    return max(2, min(JOURNAL_DAYS, math.ceil((now - oldest).total_seconds() / 86400) + 1))
