"""Error causes: the fixed list, and what the journal alone can tell (shared/reconcile/causes.py)."""

from __future__ import annotations

import pytest

from shared.domain.states import RowState
from shared.reconcile.causes import ASK, Cause, NumberSource, correction_cause, refusal_cause

OP, SUP, NONE = NumberSource("operator"), NumberSource("supplier"), NumberSource("")


def test_the_fixed_list() -> None:
    assert [c.value for c in Cause] == [
        "operator_typing",
        "supplier_wrong",
        "supplier_changed",
        "courier_system_change",
        "wrong_courier",
        "reused_number",
        "other",
    ]
    assert all(c.label.zh and c.label.en for c in Cause)
    assert "原因" in ASK.zh and "cause" in ASK.en.lower()


@pytest.mark.parametrize(
    "text", ["supplier_changed", "供应商改了单号", "Supplier changed the number", " 供应商改了单号 "]
)
def test_a_cell_names_a_cause_by_code_or_label(text: str) -> None:
    assert Cause.of_text(text) is Cause.SUPPLIER_CHANGED


def test_unknown_text_names_no_cause() -> None:
    assert Cause.of_text("不知道") is None


@pytest.mark.parametrize(
    ("reason", "first", "second", "cause"),
    [
        ("the courier was corrected", NONE, NONE, Cause.WRONG_COURIER),
        ("the operator corrected the number", SUP, SUP, Cause.SUPPLIER_CHANGED),
        ("the operator corrected the number", SUP, OP, Cause.SUPPLIER_WRONG),
        ("the operator corrected the number", OP, OP, Cause.OPERATOR_TYPING),
        ("the operator corrected the number", OP, SUP, None),
        ("the operator corrected the number", NONE, OP, None),
    ],
)
def test_correction_cause(
    reason: str, first: NumberSource, second: NumberSource, cause: Cause | None
) -> None:
    assert correction_cause(reason, first, second) is cause


@pytest.mark.parametrize(
    ("state", "flags", "source", "cause"),
    [
        (RowState.NUMBER_REUSED, (), SUP, Cause.REUSED_NUMBER),
        (RowState.INVALID, ("courier_mismatch",), OP, Cause.WRONG_COURIER),
        (RowState.INVALID, (), SUP, Cause.SUPPLIER_WRONG),
        (RowState.INVALID, (), OP, Cause.OPERATOR_TYPING),
        (RowState.INVALID, (), NONE, None),
    ],
)
def test_refusal_cause(
    state: RowState, flags: tuple[str, ...], source: NumberSource, cause: Cause | None
) -> None:
    assert refusal_cause(state, flags, source) is cause
