"""WeChat Shop emulator: control API and persistence (the command line:
tests/commands/test_emulator_commands.py)."""

from __future__ import annotations

from pathlib import Path

from emulators.control import ShopControl
from emulators.wechat_shop.server import running

from .conftest import Shop

GET = "/channels/ec/order/get"


def test_reset_forgets_orders_and_tokens(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    token = shop.token
    shop.control.reset()
    assert shop.control.orders() == []
    assert shop.call(GET, {"order_id": order_id}, token=token)["errcode"] == 40001


def test_create_order_answers_order_id(shop: Shop) -> None:
    order_id = shop.control.create_order(
        products=[{"product_id": "p1", "sku_id": "s1", "sku_cnt": 2, "title": "杯子"}], status=20
    )
    assert order_id.isdigit()
    bad = shop.http.post("/_emulator/orders", json={"products": [{"sku_cnt": 0}]})
    assert bad.status_code == 400 and "sku_cnt" in bad.json()["error"]


def test_bulk_orders_and_order_inspection(shop: Shop) -> None:
    ids = shop.control.create_orders(25, products=[{"sku_cnt": 1}])
    assert len(set(ids)) == 25
    inspected = shop.control.order(ids[0])
    assert inspected["order"]["order_id"] == ids[0] and inspected["internal"]["modify_count"] == 0


def test_bulk_ship_act_and_forget(shop: Shop) -> None:
    ids = shop.control.create_orders(3, products=[{"product_id": "p1", "sku_id": "s1", "sku_cnt": 2}])
    shipped = shop.control.ship_orders(
        [
            {"order_id": i, "delivery_id": "ZTO", "waybill_id": f"7810000000{n:04d}"}
            for n, i in enumerate(ids[:2])
        ]
    )
    assert shipped == {"shipped": ids[:2], "failed": {}}
    assert shop.control.order(ids[0])["order"]["status"] == 30
    done = shop.control.act_on_orders("confirm", ids)
    assert done["done"] == ids[:2] and list(done["failed"]) == [ids[2]]  # not shipped: no receipt
    assert shop.control.forget_orders(ids) == ids[:2]  # closed ones only
    assert [o["order_id"] for o in shop.control.orders()] == [ids[2]]


def test_unknown_order_and_endpoint_are_404(shop: Shop) -> None:
    assert shop.http.post("/_emulator/orders/123/cancel").status_code == 404
    assert shop.http.post("/_emulator/nothing").status_code == 404
    assert shop.http.post("/_emulator/faults", json={"no_such_key": 1}).status_code == 400


def test_latency_setting_is_reported_and_calls_still_answer(shop: Shop) -> None:
    faults = shop.control.set_latency(ms=5, path=GET)
    assert faults["latency_ms_by_path"][GET] == 5
    assert shop.call(GET, {"order_id": "1"})["errcode"] == 100002


def test_clock_advance_moves_order_times(shop: Shop) -> None:
    before = shop.control.clock()["now"]
    after = shop.control.advance_clock(3600)["now"]
    assert after - before >= 3600
    order_id = shop.new_order(("1", "2", 1))
    assert shop.order(order_id)["create_time"] >= int(after)


def test_state_file_survives_restart(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    with running(state_file=str(path)) as emu, ShopControl(emu.url) as control:
        order_id = control.create_order(products=[{"title": "伞"}])
    assert path.exists()
    with running(state_file=str(path)) as emu, ShopControl(emu.url) as control:
        answer = control.order(order_id)
        assert answer["order"]["order_detail"]["product_infos"][0]["title"] == "伞"
