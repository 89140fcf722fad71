"""What a pushed row shows once its push is done (shared/reconcile/after_pushes.py): one case per
typed outcome, and the promise behind it: the row already says what the next pass will say."""

from __future__ import annotations

from shared.domain.orders import ShopStatus
from shared.domain.pushes import Landed, PushOutcome, RefusalReason, Refused, Unconfirmed
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile import messages as msg
from shared.reconcile.after_pushes import after_pushes
from shared.reconcile.inputs import JournalFacts
from shared.reconcile.plan import Plan, RowDecision
from tests.unit.reconcile.builders import order, row, run

OID, OTHER = "3720000000000000001", "3720000000000000002"
OLD, NEW = "73100029384756", "73100029384757"
READY = RowDecision(OID, 2, RowState.READY, None, Bilingual("待推送", "Ready"))
PENDING = RowDecision(OID, 2, RowState.CORRECTION_PENDING, None, Bilingual("正在推送修正", "Correcting"))
AGREED = JournalFacts(agreed={OID: (NEW,)})


def shown(decision: RowDecision, outcome: PushOutcome, facts: JournalFacts = AGREED) -> RowDecision:
    (after,) = after_pushes(Plan(decisions=(decision,)), [outcome], facts).decisions
    return after


def alerts(outcome: PushOutcome, facts: JournalFacts = AGREED) -> list[tuple[str, str, str]]:
    found = after_pushes(Plan(decisions=(READY,)), [outcome], facts).alerts
    return [(a.order_id, a.kind, a.message.zh) for a in found]


def test_a_push_the_shop_took_shows_shipped_with_the_agreed_numbers() -> None:
    after = shown(READY, Landed(OID, "ship"))
    assert (after.state, after.message.zh) == (RowState.SHIPPED, msg.shipped((NEW,), "").zh)
    assert alerts(Landed(OID, "ship")) == []


def test_a_correction_the_shop_took_shows_corrected() -> None:
    after = shown(PENDING, Landed(OID, "correct"))
    assert (after.state, after.message.zh) == (RowState.CORRECTED, msg.corrected((NEW,)).zh)


def test_a_lost_answer_keeps_the_state_and_says_it_is_being_checked() -> None:
    after = shown(READY, Unconfirmed(OID, "ship"))
    assert (after.state, after.message.zh) == (RowState.READY, msg.push_unconfirmed().zh)
    assert alerts(Unconfirmed(OID, "ship")) == []


def test_a_refusal_a_retry_can_overcome_keeps_the_state_and_raises_an_alert() -> None:
    refused = Refused(OID, "ship", RefusalReason.TEMPORARY, retry=True, code="-1")
    after = shown(READY, refused)
    text = msg.push_refused(RefusalReason.TEMPORARY, True, "-1")
    assert (after.state, after.message.zh) == (RowState.READY, text.zh)
    assert alerts(refused) == [(OID, "push_failed", text.zh)]


def test_a_refusal_for_good_makes_the_row_invalid() -> None:
    refused = Refused(OID, "ship", RefusalReason.INVALID_WAYBILL, retry=False, code="606005")
    after = shown(READY, refused)
    assert after.state is RowState.INVALID and after.message.zh.startswith("推送被拒绝，不会自动重试")
    assert [kind for _, kind, _ in alerts(refused)] == ["push_failed"]


def test_an_unknown_platform_refusal_names_its_code() -> None:
    after = shown(READY, Refused(OID, "ship", RefusalReason.PLATFORM, retry=False, code="123456"))
    assert after.state is RowState.INVALID and "123456" in after.message.zh


def test_a_courier_the_shop_does_not_list_keeps_the_row_and_names_the_courier() -> None:
    held = Refused(OID, "ship", RefusalReason.COURIER_NOT_LISTED, retry=True, code="local", courier="JTSD")
    after = shown(READY, held)
    assert (after.state, after.message.zh) == (RowState.READY, msg.courier_not_listed("JTSD").zh)


def test_a_correction_refused_for_the_budget_shows_the_budget_message_at_once() -> None:
    used = JournalFacts(agreed={OID: (OLD,)}, corrections_used={OID: 3})
    refused = Refused(OID, "correct", RefusalReason.BUDGET, retry=False, code="606041")
    after = shown(PENDING, refused, used)
    text = msg.budget_exhausted(3)
    assert (after.state, after.message.zh) == (RowState.CORRECTION_PENDING, text.zh)
    assert alerts(refused, used) == [(OID, "edit_budget_exhausted", text.zh)]


def test_rows_not_pushed_and_flagged_duplicates_keep_their_decision() -> None:
    other = RowDecision(OTHER, 3, RowState.AWAITING_TRACKING, None, Bilingual("待单号", "Awaiting"))
    duplicate = RowDecision(OID, 4, RowState.INVALID, None, Bilingual("订单号重复", "Duplicate"))
    plan = Plan(decisions=(READY, other, duplicate), flagged_rows=(4,))
    after = after_pushes(plan, [Landed(OID, "ship")], AGREED).decisions
    assert after[0].state is RowState.SHIPPED and after[1:] == (other, duplicate)


def test_what_a_landed_push_shows_is_what_the_next_pass_decides() -> None:
    shipped = order(status=ShopStatus.SHIPPED, packages=(("ZTO", NEW),))
    next_pass = run([row(courier="中通", tracking_cell=NEW)], [shipped], facts=AGREED)
    assert shown(READY, Landed(OID, "ship")) == next_pass.decisions[0]


def test_what_a_budget_refusal_shows_is_what_the_next_pass_decides() -> None:
    used = JournalFacts(agreed={OID: (OLD,)}, corrections_used={OID: 3})
    shipped = order(status=ShopStatus.SHIPPED, packages=(("ZTO", OLD),))
    next_pass = run([row(courier="中通", tracking_cell=NEW)], [shipped], facts=used)
    refused = Refused(OID, "correct", RefusalReason.BUDGET, retry=False, code="606041")
    assert shown(PENDING, refused, used) == next_pass.decisions[0]
    assert [a.kind for a in next_pass.alerts] == ["edit_budget_exhausted"]
