"""A refused number's audit entry, once per order and number (shared/app/refusals.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.app.refusals import refusal_entries
from shared.domain.pushes import RefusalReason
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile.inputs import Refusal
from shared.reconcile.plan import CellFill, RowDecision

AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def decided(order_id: str, state: RowState) -> RowDecision:
    return RowDecision(order_id, 2, state, None, Bilingual("", ""))


def test_each_refused_row_with_a_number_gets_one_entry_keyed_by_its_numbers() -> None:
    rows = {
        "1": SheetRow(2, "1", tracking_cell="SF9\nSF1"),
        "2": SheetRow(3, "2", tracking_cell="YT1"),
        "3": SheetRow(4, "3"),
        "4": SheetRow(5, "4", tracking_cell="SF4"),
    }
    made = refusal_entries(
        [decided("1", RowState.INVALID), decided("2", RowState.NUMBER_REUSED), decided("3", RowState.INVALID),
         decided("4", RowState.READY)],
        rows, [], {}, AT,
    )  # fmt: skip
    assert [(e.order_id, e.new, e.reason, who) for e, who in made] == [
        ("1", "SF9\nSF1", "number refused: invalid", "refused/1/SF1 SF9"),
        ("2", "YT1", "number refused: reused", "refused/2/YT1"),
    ]
    assert all((e.action, e.actor, e.field_name, e.result, e.at) == ("refused", "system", "tracking_numbers",
               "noted", AT) for e, _ in made)  # fmt: skip


def test_a_suppliers_fill_is_the_number_refused() -> None:
    fill = CellFill("1", 2, "tracking_numbers", "SF7", "supplier", "reported by x")
    [(entry, _)] = refusal_entries([decided("1", RowState.INVALID)], {"1": SheetRow(2, "1")}, [fill], {}, AT)
    assert entry.new == "SF7"


def test_a_courier_the_shop_refused_is_named() -> None:
    refusal = Refusal("ship", "SF", ("SF7",), RefusalReason.INVALID_COURIER)
    rows = {"1": SheetRow(2, "1", tracking_cell="SF7")}
    [(entry, _)] = refusal_entries([decided("1", RowState.INVALID)], rows, [], {"1": refusal}, AT)
    assert entry.reason == "number refused: wrong courier"
    other = Refusal("ship", "SF", ("SF8",), RefusalReason.INVALID_COURIER)  # another number's refusal
    [(entry, _)] = refusal_entries([decided("1", RowState.INVALID)], rows, [], {"1": other}, AT)
    assert entry.reason == "number refused: invalid"
