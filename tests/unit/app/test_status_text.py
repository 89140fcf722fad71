"""The 状态 label of a decision, for every state and variant reconcile can produce."""

from __future__ import annotations

from shared.app.sheet_plan import status_text
from shared.domain.states import RowState, Variant
from shared.domain.text import Bilingual
from shared.reconcile.plan import RowDecision
from sheet_templates.workspace import state_by_label


def _decision(state: RowState, variant: Variant | None) -> RowDecision:
    return RowDecision("3700000001", 2, state, variant, Bilingual("说明", "message"))


def test_an_urgent_row_awaiting_its_supplier_order_gets_a_label_that_reads_back() -> None:
    # decide() marks 待下单 urgent near the ship-by deadline; the template has no urgent 待下单 label,
    # and this used to raise IndexError and fail the whole tick.
    label = status_text(_decision(RowState.AWAITING_SUPPLIER_ORDER, Variant.URGENT), "zh")
    assert label == "待下单"


def test_every_state_and_variant_has_a_label_that_names_its_state() -> None:
    for state in RowState:
        for variant in (None, *Variant):
            for lang in ("zh", "en"):
                found = state_by_label(status_text(_decision(state, variant), lang))  # type: ignore[arg-type]
                assert found is not None and found.state == state.value
    assert status_text(_decision(RowState.AWAITING_TRACKING, Variant.URGENT), "zh") == "待单号（紧急）"
