"""The typed outcome the core decides a pushed row from (shared/domain/pushes.py), as the app makes it
from what the shop adapter raised: by the error's class, never its code."""

from __future__ import annotations

from shared.app.pushes import PushResult, classify
from shared.domain.pushes import Landed, RefusalReason, Refused, Unconfirmed
from shared.wechat.errors import EditBudgetExhaustedError, error_for

OID = "3720000000000000001"


def test_the_edit_budget_error_class_is_the_budget_refusal() -> None:
    assert isinstance(error_for(606041, "edit budget used up"), EditBudgetExhaustedError)
    assert classify(error_for(606041, "edit budget used up")) == (RefusalReason.BUDGET, False)


def test_each_result_is_one_typed_outcome() -> None:
    assert PushResult(OID, "ship", True).outcome == Landed(OID, "ship")
    assert PushResult(OID, "correct", False, unknown=True).outcome == Unconfirmed(OID, "correct")
    refused = PushResult(OID, "ship", False, "606005", reason=RefusalReason.INVALID_WAYBILL, retry=False)
    assert refused.outcome == Refused(OID, "ship", RefusalReason.INVALID_WAYBILL, False, "606005")
    held = PushResult(OID, "ship", False, "local", reason=RefusalReason.COURIER_NOT_LISTED, courier="JTSD")
    assert held.outcome == Refused(OID, "ship", RefusalReason.COURIER_NOT_LISTED, True, "local", "JTSD")


def test_a_stored_refusal_this_version_does_not_know_reads_as_the_shops_own() -> None:
    assert RefusalReason.of_code("invalid_waybill") is RefusalReason.INVALID_WAYBILL
    assert RefusalReason.of_code("something_newer") is RefusalReason.PLATFORM
