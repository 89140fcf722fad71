from __future__ import annotations

from shared.suppliers.inbox import INBOX_SUPPLIER, PASTE_IS_A_NUMBER, InboxRow, InboxSource, read_inbox
from shared.suppliers.matching import answers_back, match_updates
from shared.suppliers.model import SupplierOrder, hears_any_supplier


def test_rows_become_updates_with_a_summary_per_row() -> None:
    results = read_inbox(
        [
            InboxRow("回传!A2", "acme", "3720129913508728832 中通 73100029384756\n\n中通 73100029384757"),
            InboxRow("回传!A3", None, "好的谢谢"),
            InboxRow("回传!A4", "acme", "   "),
            InboxRow("回传!A5", "acme", "PO-1 缺货"),
        ]
    )
    assert [r.row_id for r in results] == ["回传!A2", "回传!A3", "回传!A5"]
    first, thanks, stock = results
    assert [u.tracking_numbers for u in first.updates] == [("73100029384756",)]
    assert [p.code for p in first.problems] == ["missing_order_ref"]
    assert first.summary.zh.startswith("识别 1 条，1 条有问题") and "第3行" in first.summary.zh
    assert thanks.updates == () and thanks.summary.en == "No shipment found."
    assert stock.updates[0].status == "out_of_stock" and stock.problems == ()


def test_a_pasted_reference_matches_a_supplier_order_no_or_a_shop_order_id() -> None:
    orders = [
        SupplierOrder("acme", "PO-1", "3720129913508728832"),
        SupplierOrder("acme", "PO-2", "3720129913508728833"),
    ]
    (result,) = read_inbox(
        [InboxRow("r", "acme", "PO-1 中通 73100029384756\n3720129913508728833 顺丰 SF6026131434978")]
    )
    outcomes = match_updates(result.updates, orders)
    assert [(o.shop_order_id, o.matched_by) for o in outcomes] == [
        ("3720129913508728832", "supplier_order_no"),
        ("3720129913508728833", "shop_order_id"),
    ]


def test_the_inbox_source_labels_every_update_its_own_and_answers_each_row_after_matching() -> None:
    source = InboxSource(
        [
            InboxRow("2", "acme", "PO-1 中通 73100029384756\nPO-9 中通 73100029384757"),
            InboxRow("3", None, "   "),
            InboxRow("4", "acme", "3720129913508728832", stored_as_number=True),
        ]
    )
    assert hears_any_supplier(source) and answers_back(source)
    assert [r.row_id for r in source.rows] == ["2", "4"]  # an empty paste is not taken
    batch = source.fetch_updates([])
    # Whoever sent it, the updates carry the inbox's own id; the number-stored paste is not read.
    assert [(u.supplier_id, u.supplier_order_no) for u in batch.updates] == [
        (INBOX_SUPPLIER, "PO-1"),
        (INBOX_SUPPLIER, "PO-9"),
    ]
    outcomes = match_updates(batch.updates, [SupplierOrder(INBOX_SUPPLIER, "PO-1", "3720129913508728832")])
    source.settle(outcomes)
    answers = dict(source.answers())
    assert answers["4"] == PASTE_IS_A_NUMBER.joined()
    assert answers["2"].startswith("识别 2 条") and "找不到订单「PO-9」" in answers["2"]
    assert "PO-1" not in answers["2"].split("；", 1)[1]  # the line that found its order is not a refusal
