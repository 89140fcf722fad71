"""Shipment lists (发货单) as supplier order systems export them: CSV (UTF-8/GBK) and XLSX."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import pytest

from shared.suppliers.errors import SupplierDataError
from shared.suppliers.shipment_file import ColumnMapping, parse_shipment_rows
from shared.suppliers.shipment_file_reader import read_rows

CSV_TEXT = (
    "某某供应链 发货单 2026-11-26\n"
    "订单编号,外部订单号,快递公司,快递单号,发货时间,商品名称,数量\n"
    "PO-1,3720129913508728832,中通快递,73100029384756,2026-11-26 10:30:00,蓝色T恤,2\n"
    "PO-1,3720129913508728832,中通快递,73100029384757,2026-11-26 10:30:00,红色T恤,1\n"
    'PO-2,3720129913508728833,顺丰,"SF6026131434978\nSF6026131434979",2026-11-26 11:00:00,袜子,3\n'
    "PO-3,3720129913508728834,火星快递,12345678901234,2026-11-26 11:00:00,帽子,1\n"
    "PO-4,3720129913508728835,圆通,,2026-11-26 11:00:00,围巾,1\n"
    "PO-5,3.72013E+18,圆通,YT7515836261234,2026-11-26 11:00:00,围巾,1\n"
    "PO-6,3720129913508728837,韵达,SF6026131434980,2026-11-26 11:00:00,围巾,1\n"
)


def test_utf8_csv_with_title_row_merges_rows_of_one_order() -> None:
    batch = parse_shipment_rows(read_rows(("\ufeff" + CSV_TEXT).encode("utf-8")), "acme")
    by_no = {u.supplier_order_no: u for u in batch.updates}
    assert set(by_no) == {"PO-1", "PO-2"}
    assert by_no["PO-1"].tracking_numbers == ("73100029384756", "73100029384757")
    assert by_no["PO-1"].courier == "ZTO" and by_no["PO-1"].courier_text == "中通快递"
    assert [i.quantity for i in by_no["PO-1"].items] == [2, 1]
    assert by_no["PO-1"].shop_order_id == "3720129913508728832"
    assert by_no["PO-1"].shipped_at == datetime(2026, 11, 26, 2, 30, tzinfo=UTC)  # Beijing 10:30
    assert by_no["PO-2"].tracking_numbers == ("SF6026131434978", "SF6026131434979")
    assert by_no["PO-1"].source_ref == "file row 3"


def test_each_bad_row_is_refused_with_its_reason_and_the_others_go_through() -> None:
    batch = parse_shipment_rows(read_rows(CSV_TEXT.encode("utf-8")), "acme")
    codes = {p.source_ref: p.code for p in batch.problems}
    assert codes == {
        "file row 6": "unknown_courier",
        "file row 7": "missing_tracking_number",
        "file row 8": "number_corrupted",
        "file row 9": "courier_mismatch",
    }
    assert all(p.message.zh and p.message.en for p in batch.problems)


def test_gbk_csv_is_read() -> None:
    batch = parse_shipment_rows(read_rows(CSV_TEXT.encode("gb18030")), "acme")
    assert {u.supplier_order_no for u in batch.updates} == {"PO-1", "PO-2"}


def test_custom_mapping_with_vendor_headers_and_tabs() -> None:
    text = "单号ID\t承运\t面单\tstate\nX-9\tzto\t75312345678901\t已发货\nX-10\t韵达\t\t缺货\n"
    mapping = ColumnMapping(
        {"supplier_order_no": "单号ID", "courier": "承运", "tracking_numbers": "面单", "status": "state"}
    )
    batch = parse_shipment_rows(read_rows(text.encode()), "acme", mapping)
    assert [(u.supplier_order_no, u.status, u.tracking_numbers) for u in batch.updates] == [
        ("X-9", "shipped", ("75312345678901",)),
        ("X-10", "out_of_stock", ()),
    ]
    assert batch.problems == ()


def test_unknown_mapping_field_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown fields"):
        ColumnMapping({"tracking": "快递单号"})


def test_missing_columns_reported_once() -> None:
    batch = parse_shipment_rows([["a", "b"], ["1", "2"]], "acme")
    assert batch.updates == () and [p.code for p in batch.problems] == ["missing_columns"]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_numbers_stored_as_numbers() -> None:
    data = _xlsx(
        [
            ["订单号", "物流公司", "物流单号", "发货时间"],
            ["PO-7", "中通", 73100029384758, datetime(2026, 11, 26, 9, 0)],  # 14 digits: exact as a number
            ["PO-8", "顺丰", "SF6026131434981", None],
            [3.720129913508729e18, "圆通", "YT7515836261235", None],  # a long id Excel rounded
        ]
    )
    batch = parse_shipment_rows(read_rows(data, "发货单.xlsx"), "acme")
    by_no = {u.supplier_order_no: u for u in batch.updates}
    assert by_no["PO-7"].tracking_numbers == ("73100029384758",)
    assert by_no["PO-7"].shipped_at == datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    assert by_no["PO-8"].courier == "SF"
    assert [p.code for p in batch.problems] == ["number_corrupted"]


def test_broken_xlsx_is_a_supplier_data_error() -> None:
    with pytest.raises(SupplierDataError):
        read_rows(b"PK\x03\x04 not really a zip", "x.xlsx")


def test_undecodable_csv_is_a_supplier_data_error() -> None:
    with pytest.raises(SupplierDataError):
        read_rows(b"\xff\xfe\xfd\x80\x81\xfe\xff", "x.csv")
