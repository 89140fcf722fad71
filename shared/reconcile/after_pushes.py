"""What the rows show after a pass's pushes (pure), from each push's typed outcome.

The row says at once what the next pass's ``reconcile`` will say, so that pass has nothing to
rewrite: shipped or corrected when the shop took the push; the budget message when the platform
said the order's corrections are used up; the reason, in the operator's words, when it was refused
(invalid when a retry cannot help, its state kept when one can); "being checked" while the answer is
lost (the row keeps its state until the order is read back). A refused push is also an alert on 异常,
with the same sentence as the row (never the platform's own text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import assert_never

from shared.domain.pushes import Landed, PushOutcome, RefusalReason, Refused, Unconfirmed
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile import messages as msg
from shared.reconcile.inputs import JournalFacts
from shared.reconcile.plan import Alert, Plan, RowDecision


@dataclass(frozen=True, slots=True)
class AfterPushes:
    """``decisions``: the plan's decisions, those of pushed rows replaced; ``alerts``: one per push
    that did not land."""

    decisions: tuple[RowDecision, ...]
    alerts: tuple[Alert, ...]


def after_pushes(plan: Plan, outcomes: Sequence[PushOutcome], facts: JournalFacts) -> AfterPushes:
    """``facts``: the journal's facts after the pushes (the numbers the shop agreed to, the
    corrections used)."""
    by_order: Mapping[str, PushOutcome] = {o.order_id: o for o in outcomes}
    flagged = set(plan.flagged_rows)
    decisions = []
    for decision in plan.decisions:
        outcome = by_order.get(decision.order_id)
        if outcome is None or decision.row in flagged:
            decisions.append(decision)  # not pushed, or a duplicate row that is not the order's
        else:
            decisions.append(row_after(decision, outcome, facts))
    alerts = tuple(alert for o in outcomes if (alert := alert_after(o, facts)) is not None)
    return AfterPushes(tuple(decisions), alerts)


def row_after(decision: RowDecision, outcome: PushOutcome, facts: JournalFacts) -> RowDecision:
    """The row of one pushed order, as the outcome leaves it."""
    match outcome:
        case Unconfirmed():
            return _shown(decision, decision.state, msg.push_unconfirmed())
        case Landed(kind="correct"):
            return _shown(decision, RowState.CORRECTED, msg.corrected(_agreed(outcome, facts)))
        case Landed():
            return _shown(decision, RowState.SHIPPED, msg.shipped(_agreed(outcome, facts), ""))
        case Refused(reason=RefusalReason.BUDGET):
            return _shown(decision, RowState.CORRECTION_PENDING, _budget(outcome, facts))
        case Refused(retry=True):
            return _shown(decision, decision.state, _refused(outcome))
        case Refused():
            return _shown(decision, RowState.INVALID, _refused(outcome))
        case _:
            assert_never(outcome)


def alert_after(outcome: PushOutcome, facts: JournalFacts) -> Alert | None:
    """The 异常 alert a push that did not land raises (None when it landed or is being checked)."""
    match outcome:
        case Refused(reason=RefusalReason.BUDGET):
            text = _budget(outcome, facts)
            return Alert(outcome.order_id, "edit_budget_exhausted", text, msg.budget_action())
        case Refused():
            refused = _refused(outcome)
            return Alert(outcome.order_id, "push_failed", refused)
        case Landed() | Unconfirmed():
            return None
        case _:
            assert_never(outcome)


def _shown(decision: RowDecision, state: RowState, text: Bilingual) -> RowDecision:
    return RowDecision(decision.order_id, decision.row, state, None, text)


def _agreed(outcome: Landed, facts: JournalFacts) -> tuple[str, ...]:
    return tuple(facts.agreed.get(outcome.order_id, ()))


def _budget(outcome: Refused, facts: JournalFacts) -> Bilingual:
    """The same words as the next pass's: the journal counts the budget used up (FactsDoc.exhaust)."""
    return msg.budget_exhausted(facts.corrections_used.get(outcome.order_id, 0))


def _refused(outcome: Refused) -> Bilingual:
    return msg.push_refused(outcome.reason, outcome.retry, outcome.code, outcome.courier)
