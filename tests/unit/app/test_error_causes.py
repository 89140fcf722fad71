"""Why each wrong number was wrong, from journal entries (shared/app/error_causes.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.app import error_causes as ec
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.records import AuditEntry
from shared.reconcile.causes import Cause
from shared.reconcile.deadline import to_sheet_time

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ORDER = "3700000000000000001"


def _at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def fill(hours: float, number: str) -> AuditEntry:
    return AuditEntry(
        _at(hours), "supplier:优品工厂", "fill", ORDER, "tracking_numbers", "", number, "supplier:优品工厂"
    )


def edit(hours: float, number: str) -> AuditEntry:
    return AuditEntry(
        _at(hours), "ops@example.com", "edit", ORDER, "tracking_numbers", "", number, "sheet", "订单!J2"
    )


def detected(hours: float, number: str) -> AuditEntry:
    return AuditEntry(_at(hours), "system", "edit_detected", ORDER, "tracking_numbers", "X", number, "sheet")


def correct(hours: float) -> AuditEntry:
    return AuditEntry(
        _at(hours), "system", "correct", ORDER, "tracking_numbers", "A", "B", "sync",
        "the operator corrected the number", "ok",
    )  # fmt: skip


def chosen(hours: float, new: str, target: str) -> AuditEntry:
    return AuditEntry(_at(hours), "boss@example.com", "cause", ORDER, "cause", "", new, "sheet", target, "ok")


def refused(hours: float, number: str, kind: str = "invalid") -> AuditEntry:
    return AuditEntry(
        _at(hours), "system", "refused", ORDER, "tracking_numbers", "", number, "",
        f"number refused: {kind}", "noted",
    )  # fmt: skip


def row(state: RowState, cell: str = "") -> SheetRow:
    return SheetRow(row=2, order_id=ORDER, state=state, tracking_cell=cell)


def test_a_persons_edit_and_the_tick_noticing_it_are_one_number() -> None:
    # The supplier's number replaced by a person: the supplier's was wrong (not a typing slip
    # between the edit and its edit_detected, which name the same number).
    history = [fill(0, "SF1"), edit(2, "SF2"), detected(2.1, "SF2"), correct(2.1)]
    [(_, cause)] = ec.inferred(history)[0]
    assert cause is Cause.SUPPLIER_WRONG


def test_unknown_when_the_first_number_has_no_entry() -> None:
    [(_, cause)] = ec.inferred([edit(2, "SF2"), detected(2.1, "SF2"), correct(2.1)])[0]
    assert cause is None


def test_the_operators_latest_word_wins_and_clearing_gives_it_back() -> None:
    target = ec.correction_target(to_sheet_time(_at(2.1)))
    history = [edit(0, "SF1"), edit(2, "SF2"), correct(2.1)]

    def causes(extra: list[AuditEntry]) -> list[Cause | None]:
        return ec.order_causes(row(RowState.CORRECTED, "SF2"), history, ec.operator_causes(extra))

    assert causes([]) == [Cause.OPERATOR_TYPING]
    assert causes([chosen(3, "courier_system_change", target)]) == [Cause.COURIER_SYSTEM]
    assert causes([chosen(3, "courier_system_change", target), chosen(4, "other", target)]) == [Cause.OTHER]
    assert causes([chosen(3, "other", target), chosen(4, "", target)]) == [Cause.OPERATOR_TYPING]


def test_a_refused_number_takes_the_operators_cause() -> None:
    history = [fill(0, "SF1")]
    reused = row(RowState.NUMBER_REUSED, "SF1")
    assert ec.order_causes(reused, history, {}) == [Cause.REUSED_NUMBER]
    # typed on its 异常 row (no number there): about the number the row held then
    mine = ec.operator_causes([*history, chosen(1, "supplier_wrong", ec.REFUSED_TARGET)])
    assert mine == {(ORDER, "refused number SF1"): Cause.SUPPLIER_WRONG}
    assert ec.order_causes(reused, history, mine) == [Cause.SUPPLIER_WRONG]


def test_an_invalid_number_is_inferred_from_who_put_it_there() -> None:
    typed = [edit(0, "SF12"), refused(0.1, "SF12")]
    [(_, cause)] = ec.inferred(typed)[0]
    assert cause is Cause.OPERATOR_TYPING
    sent = [fill(0, "SF12"), refused(0.1, "SF12")]
    assert ec.inferred(sent)[0][0][1] is Cause.SUPPLIER_WRONG
    assert ec.inferred([refused(0.1, "SF12")])[0][0][1] is None  # nobody known: asked
    courier = [fill(0, "SF12"), refused(0.1, "SF12", "wrong courier")]
    assert ec.inferred(courier)[0][0][1] is Cause.WRONG_COURIER
    assert ec.order_causes(row(RowState.INVALID, "SF12"), typed, {}) == [Cause.OPERATOR_TYPING]


def test_a_cause_is_kept_per_order_and_number() -> None:
    # The operator's word on the first refused number does not carry over to a second, different one.
    first = [edit(0, "SF12"), refused(0.1, "SF12"), chosen(0.5, "other", ec.refused_target(["SF12"]))]
    second = [*first, fill(1, "SF34"), refused(1.1, "SF34")]
    mine = ec.operator_causes(second)
    assert mine == {(ORDER, "refused number SF12"): Cause.OTHER}
    assert ec.order_causes(row(RowState.INVALID, "SF12"), first, mine) == [Cause.OTHER]
    assert ec.order_causes(row(RowState.INVALID, "SF34"), second, mine) == [Cause.SUPPLIER_WRONG]
    assert ec.log_causes([second[-1]], second) == {second[-1]: Cause.SUPPLIER_WRONG}
    assert ec.log_causes([first[1]], second) == {first[1]: Cause.OTHER}


def test_a_bare_refused_cause_of_before_applies_to_one_number_only() -> None:
    # a journal of before refusals were journaled: the numbers the row held when it was typed
    old = [edit(0, "SF12"), chosen(0.5, "other", ec.REFUSED_TARGET), edit(1, "SF34")]
    mine = ec.operator_causes(old)
    assert mine == {(ORDER, "refused number SF12"): Cause.OTHER}
    assert ec.order_causes(row(RowState.INVALID, "SF34"), old, mine) == [Cause.OPERATOR_TYPING]
    # the latest refusal before it wins over the cell's numbers
    bare = chosen(0.5, "other", ec.REFUSED_TARGET)
    later = [edit(0, "SF12"), refused(0.1, "SF12"), edit(0.2, "SF56"), bare]
    assert ec.operator_causes(later) == {(ORDER, "refused number SF12"): Cause.OTHER}
    # no number recorded at all: the latest correction before it
    corrected = [correct(0.1), chosen(0.5, "other", ec.REFUSED_TARGET)]
    target = ec.correction_target(to_sheet_time(_at(0.1)))
    assert ec.operator_causes(corrected) == {(ORDER, target): Cause.OTHER}
    assert ec.operator_causes([chosen(0.5, "other", ec.REFUSED_TARGET)]) == {}


def test_targets_name_their_numbers_in_any_order() -> None:
    assert ec.refused_target(["SF9", "SF1"]) == "refused number SF1 SF9"
    assert ec.target_numbers("refused number SF1 SF9") == ("SF1", "SF9")
    assert ec.target_numbers(ec.REFUSED_TARGET) == ()
    assert ec.target_numbers("correction at 2026-11-20 10:00") is None
    assert ec.target_numbers("refused numbers") is None


def test_only_a_refused_number_is_refused() -> None:
    assert ec.refused_numbers(row(RowState.INVALID, "SF2\nSF1")) == ("SF1", "SF2")
    assert ec.refused_numbers(row(RowState.READY, "SF1")) == ()
    assert ec.refused_numbers(row(RowState.INVALID, "")) == ()
    # invalid because the supplier order no. is stored as a number: the tracking number is not refused
    numeric = SheetRow(row=2, order_id=ORDER, state=RowState.INVALID, tracking_cell="SF1",
                       numeric=frozenset({"supplier_order_no"}))  # fmt: skip
    assert ec.refused_numbers(numeric) == ()


def test_log_causes_name_only_accepted_corrections() -> None:
    fixed = correct(2.1)
    history = [fill(0, "SF1"), edit(2, "SF2")]
    assert ec.log_causes([detected(2.1, "SF2"), fixed], history) == {fixed: Cause.SUPPLIER_WRONG}
