"""Which rows leave 订单 for an archive tab, which archived orders come back, which rows are deleted."""

from __future__ import annotations

from datetime import timedelta

from shared.domain.orders import ShopStatus
from shared.domain.settings import Settings
from shared.domain.states import RowState
from shared.reconcile.archive import (
    archive_title,
    back_to_life,
    comes_back,
    delete_spans,
    due_for_archive,
    is_finished,
    log_trim_spans,
    newly_finished,
    to_restore,
)
from shared.reconcile.engine import reconcile
from shared.reconcile.inputs import JournalFacts
from tests.unit.reconcile.builders import NOW, order, row

A, B, C = "3720000000000000001", "3720000000000000002", "3720000000000000003"


def test_finished_means_delivered_cancelled_or_shipped_and_closed_by_the_shop() -> None:
    assert is_finished(row(A, state=RowState.DELIVERED), None)
    assert is_finished(row(A, state=RowState.CANCELLED), None)
    assert is_finished(row(A, state=RowState.SHIPPED), order(A, ShopStatus.COMPLETED))
    assert not is_finished(row(A, state=RowState.SHIPPED), order(A, ShopStatus.SHIPPED))
    assert not is_finished(row(A, state=RowState.SHIPPED), None)
    assert not is_finished(row(A, state=RowState.READY), order(A, ShopStatus.COMPLETED))
    assert not is_finished(
        row(A, state=RowState.DELIVERED), order(A, ShopStatus.COMPLETED, aftersale_open=True)
    )


def test_newly_finished_skips_what_is_already_recorded() -> None:
    rows = [row(A, state=RowState.DELIVERED), row(B, row=3, state=RowState.CANCELLED), row(C, row=4)]
    assert newly_finished(rows, {}, known={B}) == (A,)


def test_a_live_row_read_alive_again_loses_its_finishing_time() -> None:
    shipped = [row(A, state=RowState.SHIPPED), row(B, row=3, state=RowState.SHIPPED), row(C, row=4)]
    shop = {
        A: order(A, ShopStatus.COMPLETED, aftersale_open=True),  # an after-sale opened on it
        B: order(B, ShopStatus.COMPLETED),  # still closed
        C: order(C, ShopStatus.AWAITING_SHIPMENT),  # open, but never recorded finished
    }
    assert back_to_life(shipped, shop, finished={A, B}) == (A,)
    # not read this pass: nothing is known of it, its time stays
    assert back_to_life(shipped, {B: shop[B]}, finished={A, B}) == ()
    delivered = [row(A, state=RowState.DELIVERED)]
    assert back_to_life(delivered, {A: order(A, ShopStatus.SHIPPED)}, finished={A}) == ()


def test_due_after_the_setting_and_into_the_month_it_finished() -> None:
    rows = [row(A, state=RowState.DELIVERED), row(B, row=3, state=RowState.DELIVERED)]
    finished = {A: NOW - timedelta(days=30), B: NOW - timedelta(days=29, hours=23)}
    due = due_for_archive(rows, finished, NOW, 30)
    assert [(d.order_id, d.row, d.month) for d in due] == [(A, 2, "2026-10")]
    assert due_for_archive(rows, finished, NOW + timedelta(hours=1), 30)[-1].order_id == B


def test_not_due_when_off_held_doubled_or_no_longer_finished() -> None:
    long_ago = {A: NOW - timedelta(days=90), B: NOW - timedelta(days=90)}
    rows = [row(A, state=RowState.DELIVERED), row(B, row=3, state=RowState.DELIVERED)]
    assert due_for_archive(rows, long_ago, NOW, 0) == ()
    assert [d.order_id for d in due_for_archive(rows, long_ago, NOW, 30, hold={A})] == [B]
    doubled = [*rows, row(B, row=4, state=RowState.DELIVERED)]
    assert [d.order_id for d in due_for_archive(doubled, long_ago, NOW, 30)] == [A]
    moved_on = [row(A, state=RowState.MISMATCH)]
    assert due_for_archive(moved_on, long_ago, NOW, 30) == ()


def test_archive_tab_titles_follow_the_language() -> None:
    assert archive_title("2026-11", "zh") == "归档-2026-11"
    assert archive_title("2026-11", "en") == "Archive-2026-11"


def test_an_archived_order_comes_back_only_when_it_comes_back_to_life() -> None:
    assert comes_back(order(A, ShopStatus.SHIPPED, aftersale_open=True))
    assert comes_back(order(A, ShopStatus.AWAITING_SHIPMENT))
    assert not comes_back(order(A, ShopStatus.COMPLETED))
    shop = {A: order(A, ShopStatus.COMPLETED, aftersale_open=True), B: order(B, ShopStatus.COMPLETED)}
    assert to_restore({A, B, C}, shop) == (A,)


def test_rows_are_deleted_by_matching_order_id_last_span_first() -> None:
    keys = ["订单号", A, B, "x", C, A + "9"]
    assert delete_spans(keys, {A, B, C}) == ((4, 5), (1, 3))
    # the same ids after a sort: the spans follow the ids, not the rows first read
    assert delete_spans(["订单号", C, "x", B, A], {A, B}) == ((3, 5),)
    assert delete_spans(["订单号"], {A}) == ()


def test_an_archived_order_listed_by_the_shop_is_not_added_as_a_new_row() -> None:
    shop = {A: order(A, ShopStatus.COMPLETED), B: order(B, ShopStatus.AWAITING_SHIPMENT)}
    plan = reconcile([], shop, [], JournalFacts(), Settings(), NOW, archived={A})
    assert [n.order_id for n in plan.new_rows] == [B]


def test_the_log_keeps_the_recent_rows_and_at_most_the_bound() -> None:
    day = timedelta(days=1)
    times = [None, NOW - 100 * day, NOW - 95 * day, None, NOW - 10 * day, NOW - 5 * day, NOW]
    # older than 90 days: rows 1 and 2 (a row without a time of ours, row 3, is never deleted)
    assert log_trim_spans(times, NOW - 90 * day, 0) == ((1, 3),)
    # at most 2 rows: the oldest go first, whatever their age
    assert log_trim_spans(times, None, 2) == ((4, 5), (1, 3))
    assert log_trim_spans(times, None, 0) == ()
