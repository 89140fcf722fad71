"""Why each wrong number was wrong, from journal entries (shared/app/error_causes.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.app import error_causes as ec
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
        return ec.order_causes(ORDER, RowState.CORRECTED, True, history, ec.operator_causes(extra))

    assert causes([]) == [Cause.OPERATOR_TYPING]
    assert causes([chosen(3, "courier_system_change", target)]) == [Cause.COURIER_SYSTEM]
    assert causes([chosen(3, "courier_system_change", target), chosen(4, "other", target)]) == [Cause.OTHER]
    assert causes([chosen(3, "other", target), chosen(4, "", target)]) == [Cause.OPERATOR_TYPING]


def test_a_refused_number_takes_the_operators_cause() -> None:
    history = [fill(0, "SF1")]
    refused = ec.order_causes(ORDER, RowState.NUMBER_REUSED, True, history, {})
    assert refused == [Cause.REUSED_NUMBER]
    mine = ec.operator_causes([chosen(1, "supplier_wrong", ec.REFUSED_TARGET)])
    assert ec.order_causes(ORDER, RowState.NUMBER_REUSED, True, history, mine) == [Cause.SUPPLIER_WRONG]


def test_log_causes_name_only_accepted_corrections() -> None:
    fixed = correct(2.1)
    history = [fill(0, "SF1"), edit(2, "SF2")]
    assert ec.log_causes([detected(2.1, "SF2"), fixed], history) == {fixed: Cause.SUPPLIER_WRONG}
