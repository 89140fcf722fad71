"""One supplier record -> updates or a problem, through the field mapping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shared.suppliers.http_config import HttpSupplierConfig
from shared.suppliers.http_records import convert
from shared.suppliers.model import ShipmentUpdate, ShippedItem, SourceProblem
from tests.unit.suppliers.rows import ENV, acme_row

ZTO_1 = "73123456789012"
ZTO_2 = "75123456789013"
CFG = HttpSupplierConfig.from_row(acme_row(), ENV)


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "orderNo": "GY1",
        "outOrderNo": "3700001",
        "orderStatus": "SENT",
        "expressCompany": "中通速递",
        "expressNo": ZTO_1,
        "deliverTime": "2026-11-26 12:00:00",
        "goods": [{"skuCode": "CUP-1", "goodsName": "保温杯", "num": 2}],
    }
    base.update(changes)
    return base


def updates(outcome: tuple[ShipmentUpdate, ...] | SourceProblem) -> tuple[ShipmentUpdate, ...]:
    assert not isinstance(outcome, SourceProblem), outcome
    return outcome


def refused(outcome: tuple[ShipmentUpdate, ...] | SourceProblem) -> SourceProblem:
    assert isinstance(outcome, SourceProblem), outcome
    assert outcome.message.zh and outcome.message.en and outcome.source_ref == "ref"
    return outcome


def test_a_shipped_record_maps_every_field() -> None:
    (update,) = updates(convert(CFG, record(), "ref"))
    assert update.supplier_id == "acme"
    assert (update.supplier_order_no, update.shop_order_id) == ("GY1", "3700001")
    assert (update.courier_text, update.courier, update.tracking_numbers) == ("中通速递", "ZTO", (ZTO_1,))
    assert update.items == (ShippedItem("CUP-1", "保温杯", 2),)
    assert update.shipped_at == datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
    assert (update.status, update.source, update.source_ref) == ("shipped", "http_api", "ref")


def test_split_packages_in_one_string_are_normalised_and_deduplicated() -> None:
    (update,) = updates(convert(CFG, record(expressNo=f"{ZTO_1}， {ZTO_2},{ZTO_1}"), "ref"))
    assert update.tracking_numbers == (ZTO_1, ZTO_2)


def test_a_list_of_strings() -> None:
    (update,) = updates(convert(CFG, record(expressNo=[ZTO_2, ZTO_1]), "ref"))
    assert update.tracking_numbers == (ZTO_2, ZTO_1)


def test_package_objects_with_two_couriers_give_one_update_per_courier() -> None:
    cfg = HttpSupplierConfig.from_row(
        acme_row(tracking_path="packages", package_number_field="no", package_courier_field="co"), ENV
    )
    packages = [{"no": ZTO_1, "co": "zto"}, {"no": "SF1234567890123", "co": "顺丰"}, {"no": ZTO_2}]
    zto, sf = updates(convert(cfg, record(packages=packages), "ref"))
    assert (zto.courier, zto.tracking_numbers) == ("ZTO", (ZTO_1, ZTO_2))
    assert (sf.courier, sf.courier_text, sf.tracking_numbers) == ("SF", "顺丰", ("SF1234567890123",))


def test_out_of_stock_and_cancelled_carry_no_number() -> None:
    (oos,) = updates(convert(CFG, record(orderStatus="LACK_STOCK", expressNo="", expressCompany=None), "ref"))
    assert (oos.status, oos.tracking_numbers, oos.courier) == ("out_of_stock", (), None)
    (gone,) = updates(convert(CFG, record(orderStatus="CLOSED", expressNo=""), "ref"))
    assert gone.status == "cancelled"


def test_waiting_records_give_nothing() -> None:
    assert convert(CFG, record(orderStatus="WAIT_SEND", expressNo=""), "ref") == ()


def test_without_a_status_field_a_number_means_shipped() -> None:
    cfg = HttpSupplierConfig.from_row(acme_row(status_path="<drop>", status_map="<drop>"), ENV)
    assert updates(convert(cfg, record(orderStatus="whatever"), "ref"))[0].status == "shipped"
    assert convert(cfg, record(expressNo=""), "ref") == ()


def test_bad_records_become_problems() -> None:
    assert refused(convert(CFG, record(orderStatus="REFUNDING"), "ref")).code == "unknown_status"
    assert refused(convert(CFG, record(expressCompany="火星快递"), "ref")).code == "unknown_courier"
    assert refused(convert(CFG, record(expressNo="7312345678901"), "ref")).code == "format_mismatch"
    assert refused(convert(CFG, record(orderNo=None, outOrderNo=""), "ref")).code == "missing_order_ref"
    assert refused(convert(CFG, record(expressNo=""), "ref")).code == "missing_tracking"
    assert refused(convert(CFG, record(goods=[{"num": "two"}]), "ref")).code == "bad_item"
    assert refused(convert(CFG, ["not", "an", "object"], "ref")).code == "not_an_object"


def test_a_bad_number_in_a_split_order_refuses_the_whole_record() -> None:
    problem = refused(convert(CFG, record(expressNo=f"{ZTO_1},123"), "ref"))
    assert "123" in problem.message.zh and "123" in problem.message.en


def test_the_shop_order_id_alone_is_enough() -> None:
    (update,) = updates(convert(CFG, record(orderNo=None), "ref"))
    assert (update.supplier_order_no, update.shop_order_id) == (None, "3700001")


def test_an_unreadable_ship_time_does_not_hold_back_the_number() -> None:
    (update,) = updates(convert(CFG, record(deliverTime="soon"), "ref"))
    assert update.shipped_at is None and update.tracking_numbers == (ZTO_1,)


def test_a_default_courier_for_suppliers_that_never_say() -> None:
    cfg = HttpSupplierConfig.from_row(acme_row(courier_path="<drop>", default_courier="中通"), ENV)
    (update,) = updates(convert(cfg, record(expressCompany="顺丰"), "ref"))
    assert (update.courier, update.courier_text) == ("ZTO", "中通")
