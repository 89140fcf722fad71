"""Which rows stand for a shop order, and which open orders lost their row (presence + reconcile)."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.domain.orders import ShopStatus
from shared.domain.settings import Settings
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.inputs import JournalFacts
from shared.reconcile.presence import check_rows, order_key, still_open
from tests.unit.reconcile.builders import NOW, order, row, run

A, B = "3720000000000000001", "3720000000000000002"
AUTO = Settings(auto_push=True)


def _shown(order_id: str = A, **cells: object) -> dict[str, object]:
    """A row's system cells as the tick wrote them for ``order()``."""
    return {"paid_at": to_sheet_time(NOW - timedelta(hours=2)), "recipient": "张**", **cells}


def test_an_order_key_drops_spaces_invisible_characters_and_full_width_digits() -> None:
    assert order_key("3720 0000\u200b00１") == "37200000001"
    assert order_key(A) == A


def test_open_means_awaiting_partly_or_shipped_and_not_held_by_an_after_sale() -> None:
    assert still_open(order(status=ShopStatus.AWAITING_SHIPMENT))
    assert still_open(order(status=ShopStatus.SHIPPED, packages=(("SF", "SF1"),)))
    assert not still_open(order(status=ShopStatus.COMPLETED))
    assert not still_open(order(status=ShopStatus.CANCELLED))
    assert not still_open(order(aftersale_open=True))


def test_a_spaced_id_is_flagged_and_counts_as_on_the_sheet() -> None:
    check = check_rows([row(f"{A[:5]} {A[5:]}")], {}, ())
    assert list(check.flags) == [2] and "空格" in check.flags[2].zh and A in check.flags[2].zh
    assert check.present == {A}


def test_an_id_the_shop_does_not_know_is_flagged() -> None:
    check = check_rows([row("ABC-1")], {}, {"ABC-1"})
    assert "不是本店的订单" in check.flags[2].zh and "ABC-1" not in check.present


def test_of_two_rows_with_one_id_the_row_showing_the_order_is_its_row() -> None:
    edited = row(A, row=5, paid_at="2026-01-01 10:00", recipient="李**", tracking_cell="SF1")
    real = row(A, row=7, **_shown())
    check = check_rows([edited, real], {A: order(A)}, ())
    assert list(check.flags) == [5] and "第 7 行已经是订单" in check.flags[5].zh


def test_copies_of_one_row_keep_the_first_and_different_rows_are_all_held() -> None:
    copies = [row(A, row=3, tracking_cell="SF1"), row(A, row=9, tracking_cell="SF1")]
    assert list(check_rows(copies, {}, ()).flags) == [9]
    differ = [row(A, row=3, tracking_cell="SF1"), row(A, row=9, tracking_cell="SF2")]
    flags = check_rows(differ, {}, ()).flags
    assert sorted(flags) == [3, 9] and "第 3、9 行" in flags[3].zh


def test_a_flagged_row_is_never_pushed_and_says_why() -> None:
    plan = run([row("ABC-1", tracking_cell="SF6026131434978")], [], facts=JournalFacts(foreign={"ABC-1"}))
    plan_auto = run(
        [row(A, row=3, tracking_cell="SF1434978"), row(A, row=9, tracking_cell="SF6026131434978")],
        [order(A)],
        settings=AUTO,
    )
    assert plan.pushes == () and plan.decisions[0].state.value == "invalid"
    assert plan_auto.pushes == () and {d.state.value for d in plan_auto.decisions} == {"invalid"}
    assert plan_auto.flagged_rows == (3, 9)


def test_a_known_open_order_missing_from_the_sheet_is_restored_with_the_shops_numbers() -> None:
    shipped = order(B, status=ShopStatus.SHIPPED, packages=(("SF", "SF6026131434978"),))
    plan = run([], [order(A), shipped], facts=JournalFacts(known={A: True, B: True}))
    assert [(n.order_id, n.restored) for n in plan.new_rows] == [(A, True), (B, True)]
    assert plan.new_rows[1].values["tracking_numbers"] == "SF6026131434978"
    assert [a.kind for a in plan.alerts] == ["row_restored", "row_restored"]
    assert "已在表格末尾恢复" in plan.alerts[0].message.zh and plan.alerts[0].message.en
    assert [(a.order_id, a.action) for a in plan.audits if a.action == "restore_row"] == [
        (A, "restore_row"),
        (B, "restore_row"),
    ]
    assert plan.pushes == ()


def test_a_closed_or_finished_known_order_is_not_added_again() -> None:
    closed = run([], [order(A)], facts=JournalFacts(known={A: False}))
    done = run([], [order(A, status=ShopStatus.COMPLETED)], facts=JournalFacts(known={A: True}))
    cancelled = run([], [order(A, status=ShopStatus.CANCELLED)], facts=JournalFacts(known={A: True}))
    assert closed.new_rows == done.new_rows == cancelled.new_rows == ()


def test_an_order_on_a_row_under_a_spaced_id_is_not_restored() -> None:
    plan = run([row(f" {A[:5]}\u3000{A[5:]}")], [order(A)], facts=JournalFacts(known={A: True}))
    assert plan.new_rows == ()


def test_a_new_order_never_seen_is_added_as_before_without_a_restore_alert() -> None:
    plan = run([], [order(A)])
    assert [(n.order_id, n.restored) for n in plan.new_rows] == [(A, False)]
    assert all(a.kind != "row_restored" for a in plan.alerts)


def test_an_order_id_the_sheet_stored_as_a_number_is_flagged_as_such() -> None:
    rounded = "3720000000000000000"  # what Sheets keeps of a typed 19-digit id: 15 significant digits
    found = check_rows([row(rounded, numeric=frozenset({"order_id"}), tracking_cell="SF1")], {})
    (text,) = found.flags.values()
    assert "被表格存成了数字" in text.zh and "纯文本" in text.zh


@given(
    st.text(alphabet=st.sampled_from("0123456789１２٣² \u200b\u3000a-"), max_size=24) | st.text(max_size=24)
)
def test_the_order_key_shortcut_for_plain_digits_changes_no_answer(text: str) -> None:
    # The definition, spelled out: NFKC, then drop every space and invisible character.
    folded = unicodedata.normalize("NFKC", text)
    expected = "".join(c for c in folded if not c.isspace() and c not in "\u200b\u200c\u200d\u2060\ufeff")
    assert order_key(text) == expected
