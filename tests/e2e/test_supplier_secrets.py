"""A supplier's secret is bound to that supplier and to the hosts the deployment allows for it, end to
end through the tick: a 供应商 row that names another supplier's variable, or an endpoint host the
deployment did not allow, is refused on its 状态 cell and no request reaches the supplier's API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from emulators.control import SupplierControl
from emulators.supplier_api.server import serve as serve_supplier_api
from shared.suppliers.secret_binding import HOSTS_VARIABLE, secret_variable
from tests.e2e.world import World, world

ZTO = "73100029384756"
MAPPING = "preset=erp_json; page_size=50"


@contextmanager
def supplier_api() -> Iterator[tuple[str, SupplierControl]]:
    api = serve_supplier_api(port=0)
    try:
        with SupplierControl(api.url, timeout=5) as control:
            control.reset()
            yield api.url, control
    finally:
        api.close()


def calls(control: SupplierControl) -> int:
    """Order-API requests the supplier emulator received (its control calls are not counted)."""
    return len(control.calls())


def status_of(w: World, name: str) -> str:
    return {r["供应商"]: r["状态"] for r in w.records("供应商")}[name]


def assign_order(w: World, control: SupplierControl, supplier: str) -> str:
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商", supplier)
    control.seed({"order_no": "GY1", "shop_order_id": order_id, "tracking": [ZTO]})
    return order_id


def test_a_row_naming_another_suppliers_secret_sends_nothing(tmp_path: Path) -> None:
    with supplier_api() as (url, control), world(tmp_path) as w:
        victim = secret_variable("甲工厂")
        # The deployment holds 甲工厂's token and allows it towards the emulator's host only.
        w.supplier_env.update({victim: "test-token", HOSTS_VARIABLE: json.dumps({victim: ["127.0.0.1"]})})
        w.add_supplier("乙工厂", "API", f"{MAPPING}; endpoint={url}/api/v1/orders; token_env={victim}")
        order_id = assign_order(w, control, "乙工厂")
        w.tick()
        w.tick()
        assert calls(control) == 0
        status = status_of(w, "乙工厂")
        assert (
            status.startswith("设置有误，未使用") and secret_variable("乙工厂") in status and victim in status
        )
        assert "test-token" not in status
        assert w.row_of(order_id)["快递单号"] == ""


def test_an_endpoint_host_the_deployment_did_not_allow_is_refused(tmp_path: Path) -> None:
    with supplier_api() as (url, control), world(tmp_path) as w:
        token = secret_variable("甲工厂")
        w.supplier_env.update({token: "test-token", HOSTS_VARIABLE: json.dumps({token: ["api.jia.example"]})})
        w.add_supplier("甲工厂", "API", f"{MAPPING}; endpoint={url}/api/v1/orders")
        order_id = assign_order(w, control, "甲工厂")
        w.tick()
        assert calls(control) == 0
        status = status_of(w, "甲工厂")
        assert "127.0.0.1" in status and "supplier_api_hosts" in status and token in status
        assert w.row_of(order_id)["快递单号"] == ""

        # The deployment allows the host: the same row now pulls, and the number lands.
        w.supplier_env[HOSTS_VARIABLE] = json.dumps({token: ["api.jia.example", "127.0.0.1"]})
        w.tick()
        assert calls(control) >= 1
        assert status_of(w, "甲工厂").startswith("已启用：接口")
        assert w.row_of(order_id)["快递单号"] == ZTO
