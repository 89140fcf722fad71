"""The supplier's 默认快递 (供应商 tab) for a bare number on that supplier's row."""

from __future__ import annotations

from shared.couriers import check_cell
from shared.domain.settings import Settings

from .builders import only_decision, order, row, run

AMBIGUOUS = "4312345678901"  # 13 digits starting 431: STO's and China Post parcels' formats both fit
DEFAULTS = Settings(supplier_couriers=(("鑫达供应链", "STO"), ("优品工厂", "ZTO")))


def test_the_number_fits_several_couriers_on_its_own() -> None:
    (line,) = check_cell(None, AMBIGUOUS).lines
    assert line.validation.suggestion is None and len(line.validation.detection.candidates) > 1


def test_a_bare_ambiguous_number_takes_the_supplier_default_and_is_pushed() -> None:
    plan = run([row(supplier="鑫达供应链", tracking_cell=AMBIGUOUS)], [order()], settings=DEFAULTS)
    assert only_decision(plan)[0] == "ready"
    (fill,) = plan.fills
    assert (fill.field, fill.value, fill.source) == ("courier", "申通快递", "supplier_default")
    (push,) = plan.pushes
    assert (push.courier, push.waybills) == ("STO", (AMBIGUOUS,))


def test_without_a_default_the_ambiguous_number_names_the_couriers_it_fits() -> None:
    plan = run([row(supplier="宏业仓", tracking_cell=AMBIGUOUS)], [order()], settings=DEFAULTS)
    state, _, message = only_decision(plan)
    assert state == "confirm_courier" and plan.pushes == () and plan.fills == ()
    assert "申通快递" in message and "默认快递" in message


def test_a_distinctive_format_wins_over_the_default() -> None:
    plan = run([row(supplier="优品工厂", tracking_cell="SF6026131434978")], [order()], settings=DEFAULTS)
    (fill,) = plan.fills
    assert (fill.value, fill.source) == ("顺丰速运", "detected")
    assert plan.pushes[0].courier == "SF"


def test_a_number_that_does_not_fit_the_default_is_not_forced_into_it() -> None:
    # 优品工厂 ships with ZTO by default; a 13-digit 431... number is no ZTO number.
    plan = run([row(supplier="优品工厂", tracking_cell=AMBIGUOUS)], [order()], settings=DEFAULTS)
    assert only_decision(plan)[0] == "confirm_courier" and plan.fills == () and plan.pushes == ()


def test_a_courier_the_operator_chose_is_never_replaced() -> None:
    plan = run(
        [row(supplier="鑫达供应链", courier="邮政快递包裹", tracking_cell=AMBIGUOUS)],
        [order()],
        settings=DEFAULTS,
    )
    assert plan.fills == () and plan.pushes[0].courier == "YZPY"


def test_a_default_without_number_formats_never_makes_a_push() -> None:
    # 其他 accepts any text: a phone number typed into the cell must not be pushed as a parcel.
    other = Settings(supplier_couriers=(("杂货铺", "OTHER"),))
    plan = run([row(supplier="杂货铺", tracking_cell="13812345678")], [order()], settings=other)
    assert plan.pushes == () and plan.fills == ()
    assert only_decision(plan)[0] == "invalid"
