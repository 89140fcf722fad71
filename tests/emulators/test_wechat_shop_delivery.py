"""WeChat Shop emulator: courier lists, delivery/send and deliveryinfo/update
(docs/platforms/wechat-shop.md#emulator-checklist 8-10)."""

from __future__ import annotations

import contextlib
import threading

import httpx

from .conftest import Shop, package

OLD_LIST = "/channels/ec/order/deliverycompanylist/get"
NEW_LIST = "/channels/ec/order/deliverycompanylist/new/get"
UPDATE = "/channels/ec/order/deliveryinfo/update"


# --- checklist 8: courier lists ---------------------------------------------------------------
def test_old_courier_list_needs_a_json_body(shop: Shop) -> None:
    resp = shop.http.post(OLD_LIST, params={"access_token": shop.token}, content=b"")
    assert resp.json()["errcode"] == 44002
    answer = shop.call(OLD_LIST, {})
    codes = {c["delivery_id"]: c["delivery_name"] for c in answer["company_list"]}
    assert codes["SF"] == "顺丰速运"
    assert {"ZTO", "YTO", "YUNDA", "JTSD", "STO", "JD", "EMS"} <= set(codes)


def test_new_courier_list_requires_boolean_ewaybill_only(shop: Shop) -> None:
    assert shop.call(NEW_LIST, {})["errcode"] == 40097
    assert shop.call(NEW_LIST, {"ewaybill_only": "no"})["errcode"] == 47001
    everything = {c["delivery_id"] for c in shop.call(NEW_LIST, {"ewaybill_only": False})["company_list"]}
    ewaybill = {c["delivery_id"] for c in shop.call(NEW_LIST, {"ewaybill_only": True})["company_list"]}
    assert ewaybill < everything and "XFEX" in everything and "DBKD" in everything


def test_other_courier_accepted_on_send_without_being_listed(shop: Shop) -> None:
    listed = {c["delivery_id"] for c in shop.call(NEW_LIST, {"ewaybill_only": False})["company_list"]}
    assert "OTHER" not in listed
    order_id = shop.new_order(("1", "2", 1))
    assert shop.send(order_id, package("AB12345678", ("1", "2", 1), courier="OTHER"))["errcode"] == 0


# --- checklist 9: delivery/send ---------------------------------------------------------------
def test_send_full_order_moves_to_30(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 2))
    assert shop.send(order_id, package("SF1674816669905", ("1", "2", 2))) == {"errcode": 0, "errmsg": "ok"}
    assert shop.order(order_id)["status"] == 30


def test_drop_after_processing_ships_but_never_answers(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.control.set_faults(drop_after_next=1, paths=["/channels/ec/order/delivery/send"])
    try:
        shop.send(order_id, package("SF1674816669906", ("1", "2", 1)))
        raise AssertionError("the answer should have been lost")
    except httpx.TransportError:
        pass
    assert shop.order(order_id)["status"] == 30  # carried out all the same


def test_the_call_log_names_the_order_and_numbers_of_each_applied_write(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.control.set_faults(drop_after_next=1, paths=["/channels/ec/order/delivery/send"])
    with contextlib.suppress(httpx.TransportError):  # the answer is lost; the call was applied
        shop.send(order_id, package("SF1674816669906", ("1", "2", 1)))
    assert shop.send(order_id, package("SF2674816669906", ("1", "2", 1)))["errcode"] == 109001
    writes = [c for c in shop.control.calls()["log"] if c["path"].endswith("/delivery/send")]
    assert [(c["errcode"], c.get("order_id"), c.get("waybills")) for c in writes] == [
        ("dropped_after_processing", order_id, ["SF1674816669906"]),
        (109001, None, None),  # refused (already shipped): nothing applied, nothing named
    ]


def test_send_partial_then_rest_goes_21_then_30(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 1))
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 0
    assert shop.order(order_id)["status"] == 21
    assert shop.send(order_id, package("SF2222222222", ("3", "4", 1)))["errcode"] == 0
    assert shop.order(order_id)["status"] == 30


def test_send_several_packages_in_one_call(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 3))
    answer = shop.send(
        order_id, package("SF1111111111", ("1", "2", 1)), package("SF2222222222", ("3", "4", 3))
    )
    assert answer["errcode"] == 0
    order = shop.order(order_id)
    assert order["status"] == 30 and len(order["order_detail"]["delivery_info"]["delivery_product_info"]) == 2


def test_send_twice_is_109001(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.send(order_id, package("SF1111111111", ("1", "2", 1)))
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 109001


def test_send_in_wrong_status_is_101100(shop: Shop) -> None:
    unpaid = shop.new_order(("1", "2", 1), status=10)
    assert shop.send(unpaid, package("SF1111111111", ("1", "2", 1)))["errcode"] == 101100
    shop.control.cancel(unpaid)
    assert shop.send(unpaid, package("SF1111111111", ("1", "2", 1)))["errcode"] == 101100  # 250
    refunded = shop.new_order(("1", "2", 1))
    shop.control.cancel(refunded)  # paid, unshipped: full refund -> 200
    assert shop.order(refunded)["status"] == 200
    assert shop.send(refunded, package("SF1111111111", ("1", "2", 1)))["errcode"] == 101100
    done = shop.new_order(("1", "2", 1))
    shop.send(done, package("SF1111111111", ("1", "2", 1)))
    shop.control.confirm(done)
    assert shop.send(done, package("SF1111111111", ("1", "2", 1)))["errcode"] == 101100  # 100
    for status in (12, 13):
        gift = shop.new_order(("1", "2", 1), status=status)
        assert shop.send(gift, package("SF1111111111", ("1", "2", 1)))["errcode"] == 101100


def test_send_unknown_order_is_100002(shop: Shop) -> None:
    assert shop.send("3720129913508728832", package("SF1111111111", ("1", "2", 1)))["errcode"] == 100002


def test_send_with_active_aftersale_is_108009(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 1))
    shop.control.aftersale(order_id, product_id="3", sku_id="4", action="open")
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 108009
    shop.control.aftersale(order_id, action="close")
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 0


def test_send_empty_items_is_109002(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    assert shop.send(order_id, package("SF1111111111"))["errcode"] == 109002
    assert shop.send(order_id)["errcode"] == 109002


def test_send_missing_product_id_is_40097_with_field_path(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 1))
    bad = package("SF1111111111", ("1", "2", 1), ("0", "4", 1))
    answer = shop.send(order_id, bad)
    assert answer["errcode"] == 40097
    assert "delivery_list[0].product_infos[1].product_id > 0, actually 0" in answer["errmsg"]


def test_send_item_not_in_order_is_606031(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    assert shop.send(order_id, package("SF1111111111", ("1", "999", 1)))["errcode"] == 606031


def test_send_over_quantity_or_already_shipped_or_refunded_is_109000(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 1))
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 2)))["errcode"] == 109000
    shop.send(order_id, package("SF1111111111", ("1", "2", 1)))
    assert shop.send(order_id, package("SF2222222222", ("1", "2", 1)))["errcode"] == 109000
    refund = shop.new_order(("1", "2", 2))
    shop.control.aftersale(refund, action="open", count=1)
    shop.control.aftersale(refund, action="finish")
    assert shop.send(refund, package("SF3333333333", ("1", "2", 2)))["errcode"] == 109000
    assert shop.send(refund, package("SF3333333333", ("1", "2", 1)))["errcode"] == 0
    assert shop.order(refund)["status"] == 30


def test_send_split_sku_is_606030(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 2))
    two_packages = [package("SF1111111111", ("1", "2", 1)), package("SF2222222222", ("1", "2", 1))]
    assert shop.send(order_id, *two_packages)["errcode"] == 606030
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 606030
    assert shop.order(order_id)["status"] == 20


def test_send_unknown_courier_is_606004(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1), courier="NOPE"))["errcode"] == 606004
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1), courier="YD"))["errcode"] == 606004


def test_send_invalid_waybill_is_606005_and_validator_is_pluggable(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    for waybill in ("", "SF 123 456", "单号123456", "SF-1234567"):
        assert shop.send(order_id, package(waybill, ("1", "2", 1)))["errcode"] == 606005, waybill
    shop.control.configure(waybill_patterns={"SF": r"^SF[0-9]{13}$"})
    assert shop.send(order_id, package("1234567890", ("1", "2", 1)))["errcode"] == 606005
    shop.control.configure(waybill_rejects=["SF1674816669905"])
    assert shop.send(order_id, package("SF1674816669905", ("1", "2", 1)))["errcode"] == 606005
    assert shop.send(order_id, package("SF1674816669906", ("1", "2", 1)))["errcode"] == 0


def test_send_deliver_type_mismatch_is_606008(shop: Shop) -> None:
    physical = shop.new_order(("1", "2", 1))
    assert shop.send(physical, package("", ("1", "2", 1), courier="", deliver_type=3))["errcode"] == 606008
    virtual = shop.new_order(("1", "2", 1), deliver_method=1)
    assert shop.send(virtual, package("SF1111111111", ("1", "2", 1)))["errcode"] == 606008
    assert shop.send(virtual, package("", ("1", "2", 1), courier="", deliver_type=3))["errcode"] == 0


def test_send_fixture_flags_606003_606034_109205(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    pkg = package("SF1111111111", ("1", "2", 1))
    shop.control.set_shop(has_return_address=False)
    assert shop.send(order_id, pkg)["errcode"] == 606003
    shop.control.set_shop(has_return_address=True)
    shop.control.set_flags(order_id, dropship_locked=True)
    assert shop.send(order_id, pkg)["errcode"] == 606034
    shop.control.set_flags(order_id, dropship_locked=False, ewaybill=True)
    assert shop.send(order_id, pkg)["errcode"] == 109205
    shop.control.set_flags(order_id, ewaybill=False)
    assert shop.send(order_id, pkg)["errcode"] == 0


def test_dropship_assignment_event_locks_shipping(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.control.ext_info(order_id, type=14)
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 606034
    shop.control.ext_info(order_id, type=15)
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 0


def test_send_while_order_locked_is_100003(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.control.lock(order_id)
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 100003
    shop.control.unlock(order_id)
    assert shop.send(order_id, package("SF1111111111", ("1", "2", 1)))["errcode"] == 0


def test_simultaneous_sends_one_wins_other_gets_100003(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.control.configure(order_lock_hold_ms=300)
    token = shop.token
    codes: list[int] = []
    start = threading.Barrier(2)

    def ship() -> None:
        start.wait()
        body = {"order_id": order_id, "delivery_list": [package("SF1111111111", ("1", "2", 1))]}
        resp = shop.http.post("/channels/ec/order/delivery/send", params={"access_token": token}, json=body)
        codes.append(resp.json()["errcode"])

    threads = [threading.Thread(target=ship) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [0, 100003]


# --- checklist 10: deliveryinfo/update ----------------------------------------------------------
def _shipped(shop: Shop, *lines: tuple[str, str, int]) -> str:
    order_id = shop.new_order(*lines)
    assert shop.send(order_id, package("SF1111111111", *lines))["errcode"] == 0
    return order_id


def _replace(
    order_id: str, waybill: str, *items: tuple[str, str, int], courier: str = "SF"
) -> dict[str, object]:
    return {"order_id": order_id, "delivery_list": [package(waybill, *items, courier=courier)]}


def test_update_new_rules_allows_3_then_606041(shop: Shop) -> None:
    order_id = _shipped(shop, ("1", "2", 1))
    for n in range(3):
        assert (
            shop.call(UPDATE, _replace(order_id, f"YT00000000{n}", ("1", "2", 1), courier="YTO"))["errcode"]
            == 0
        )
    assert (
        shop.call(UPDATE, _replace(order_id, "YT000000009", ("1", "2", 1), courier="YTO"))["errcode"]
        == 606041
    )
    order = shop.order(order_id)
    pkg = order["order_detail"]["delivery_info"]["delivery_product_info"][0]
    assert (pkg["delivery_id"], pkg["waybill_id"], pkg["delivery_name"]) == ("YTO", "YT000000002", "圆通速递")
    assert order["status"] == 30  # modification never changes status


def test_update_before_any_shipment_or_after_completion_is_101100(shop: Shop) -> None:
    fresh = shop.new_order(("1", "2", 1))
    assert shop.call(UPDATE, _replace(fresh, "SF2222222222", ("1", "2", 1)))["errcode"] == 101100
    done = _shipped(shop, ("1", "2", 1))
    shop.control.confirm(done)
    assert shop.call(UPDATE, _replace(done, "SF2222222222", ("1", "2", 1)))["errcode"] == 101100


def test_update_change_infos_on_split_order(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 1))
    shop.send(order_id, package("SF1111111111", ("1", "2", 1)), package("SF2222222222", ("3", "4", 1)))
    change = {
        "old": {"delivery_id": "SF", "waybill_id": "SF2222222222"},
        "new": {"delivery_id": "ZTO", "waybill_id": "ZT3333333333"},
    }
    assert shop.call(UPDATE, {"order_id": order_id, "change_infos": [change]})["errcode"] == 0
    pkgs = shop.order(order_id)["order_detail"]["delivery_info"]["delivery_product_info"]
    assert [(p["delivery_id"], p["waybill_id"]) for p in pkgs] == [
        ("SF", "SF1111111111"),
        ("ZTO", "ZT3333333333"),
    ]
    # delivery_list replacement is only for single-package orders
    assert shop.call(UPDATE, _replace(order_id, "SF4444444444", ("1", "2", 1)))["errcode"] == 606040


def test_update_old_package_must_exist_606042(shop: Shop) -> None:
    order_id = _shipped(shop, ("1", "2", 1))
    change = {
        "old": {"delivery_id": "SF", "waybill_id": "SF9999999999"},
        "new": {"delivery_id": "SF", "waybill_id": "SF8888888888"},
    }
    assert shop.call(UPDATE, {"order_id": order_id, "change_infos": [change]})["errcode"] == 606042


def test_update_product_mismatch_is_606042(shop: Shop) -> None:
    order_id = _shipped(shop, ("1", "2", 1))
    assert shop.call(UPDATE, _replace(order_id, "SF2222222222", ("1", "2", 5)))["errcode"] == 606042


def test_update_validates_courier_and_waybill(shop: Shop) -> None:
    order_id = _shipped(shop, ("1", "2", 1))
    assert (
        shop.call(UPDATE, _replace(order_id, "SF2222222222", ("1", "2", 1), courier="NOPE"))["errcode"]
        == 606004
    )
    assert shop.call(UPDATE, _replace(order_id, "bad waybill!", ("1", "2", 1)))["errcode"] == 606005
    assert shop.call(UPDATE, _replace(order_id, "SF2222222222", ("1", "2", 1)))["errcode"] == 0


def test_update_old_rules_one_change_only_after_full_shipment(shop: Shop) -> None:
    shop.control.configure(modify_rules="old")
    partial = shop.new_order(("1", "2", 1), ("3", "4", 1))
    shop.send(partial, package("SF1111111111", ("1", "2", 1)))
    assert shop.call(UPDATE, _replace(partial, "SF2222222222", ("1", "2", 1)))["errcode"] == 101100
    order_id = _shipped(shop, ("1", "2", 1))
    assert shop.call(UPDATE, _replace(order_id, "SF2222222222", ("1", "2", 1)))["errcode"] == 0
    assert shop.call(UPDATE, _replace(order_id, "SF3333333333", ("1", "2", 1)))["errcode"] == 606041
    split = shop.new_order(("1", "2", 1), ("3", "4", 1))
    shop.send(split, package("SF1111111111", ("1", "2", 1)), package("SF2222222222", ("3", "4", 1)))
    assert shop.call(UPDATE, _replace(split, "SF5555555555", ("1", "2", 1)))["errcode"] == 606040


def test_update_on_dropship_locked_order_is_606034(shop: Shop) -> None:
    order_id = _shipped(shop, ("1", "2", 1))
    shop.control.set_flags(order_id, dropship_locked=True)
    assert shop.call(UPDATE, _replace(order_id, "SF2222222222", ("1", "2", 1)))["errcode"] == 606034
