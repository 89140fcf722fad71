"""The generic HTTP adapter against the supplier-API emulator, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import ast
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from emulators.control import SupplierControl
from emulators.supplier_api.server import SupplierApiServer
from shared.suppliers.errors import SupplierAuthError, SupplierDataError, SupplierUnavailable
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from shared.suppliers.http_presets import PRESETS
from shared.suppliers.model import SupplierBatch, SupplierOrder

ENV = {"WR_TEST_TOKEN": "test-token", "WR_TEST_SECRET": "demo-secret", "WR_WRONG": "not-the-token"}


def row(url: str, **changes: str) -> dict[str, str]:
    """The emulator described as a 供应商-tab row: the erp_json preset (its field names are the
    emulator's, see its README), spelled out so a test can drop a key, plus this supplier's own."""
    base = {
        **PRESETS["erp_json"],
        "supplier_id": "acme",
        "endpoint": url + "/api/v1/orders",
        "token_env": "WR_TEST_TOKEN",
        "page_size": "3",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value != "<drop>"}


class Pull:
    """An adapter on the emulator with a recording sleep (no real waiting)."""

    def __init__(self, emulator: SupplierApiServer, **changes: str) -> None:
        self.slept: list[float] = []
        config = HttpSupplierConfig.from_row(row(emulator.url, **changes), ENV)
        self.source = HttpApiSource(config, sleep=self.slept.append, rand=lambda: 0.5)

    def __call__(self, *open_orders: SupplierOrder, since: datetime | None = None) -> SupplierBatch:
        with self.source:
            return self.source.fetch_updates(open_orders, updated_since=since)


def open_order(shop_order_id: str, order_no: str | None = None) -> SupplierOrder:
    return SupplierOrder(supplier_id="acme", supplier_order_no=order_no, shop_order_id=shop_order_id)


def seed(control: SupplierControl, *specs: dict[str, Any]) -> None:
    control.seed(*specs)


def calls(control: SupplierControl) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = control.calls()
    return found


def test_paging_reads_every_page_once(emulator: SupplierApiServer, control: SupplierControl) -> None:
    control.generate(count=7, shop_prefix="3700")
    wanted = [open_order(f"3700{n:08d}") for n in range(1, 8)]
    batch = Pull(emulator)(*wanted)
    assert sorted(u.shop_order_id or "" for u in batch.updates) == sorted(o.shop_order_id for o in wanted)
    assert batch.problems == ()
    assert [(c["params"]["page"], c["params"]["pageSize"]) for c in calls(control)] == [
        ("1", "3"),
        ("2", "3"),
        ("3", "3"),
    ]


def test_paging_stops_at_the_total(emulator: SupplierApiServer, control: SupplierControl) -> None:
    control.generate(count=6)
    batch = Pull(emulator)(*(open_order(f"3700{n:08d}") for n in range(1, 7)))
    assert len(batch.updates) == 6
    assert len(calls(control)) == 2  # a full second page reaching the total needs no third call


def test_cursor_paging(emulator: SupplierApiServer, control: SupplierControl) -> None:
    control.generate(count=5)
    pull = Pull(emulator, paging="cursor", next_cursor_path="data.nextCursor", has_more_path="data.hasMore")
    batch = pull(*(open_order(f"3700{n:08d}") for n in range(1, 6)))
    assert len(batch.updates) == 5
    sent = [c["params"] for c in calls(control)]
    assert len(sent) == 2 and "cursor" not in sent[0] and sent[1]["cursor"]
    assert all("page" not in params for params in sent)


def test_page_limit_is_a_problem_not_a_failure(emulator: SupplierApiServer, control: SupplierControl) -> None:
    control.generate(count=7)
    batch = Pull(emulator, max_pages="2")(*(open_order(f"3700{n:08d}") for n in range(1, 8)))
    assert len(batch.updates) == 6
    assert [p.code for p in batch.problems] == ["page_limit"]


def test_signed_query_auth(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1"})
    pull = Pull(emulator, auth="hmac", app_key="demo-app", secret_env="WR_TEST_SECRET", token_env="<drop>")
    assert [u.supplier_order_no for u in pull(open_order("S1")).updates] == ["GY1"]
    (call,) = calls(control)
    assert call["auth"] == "sign" and call["status"] == 200


def test_bearer_auth_is_what_the_emulator_saw(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1"})
    assert len(Pull(emulator)(open_order("S1")).updates) == 1
    assert calls(control)[0]["auth"] == "bearer"


def test_auth_failures_raise_auth_errors_without_retrying(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    with pytest.raises(SupplierAuthError) as caught:
        Pull(emulator, token_env="WR_WRONG")(open_order("S1"))
    assert caught.value.code == 401 and caught.value.request_id
    assert "not-the-token" not in str(caught.value)
    control.set_scenario(auth_fail=403)
    with pytest.raises(SupplierAuthError) as caught:
        Pull(emulator)(open_order("S1"))
    assert caught.value.code == 403
    with pytest.raises(SupplierAuthError):
        Pull(emulator, auth="hmac", app_key="demo-app", secret_env="WR_WRONG", token_env="<drop>")(
            open_order("S1")
        )
    assert len(calls(control)) == 3


def test_5xx_then_recovery(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1"})
    control.set_scenario(fail_next=2, fail_status=500)
    pull = Pull(emulator)
    assert len(pull(open_order("S1")).updates) == 1
    assert [c["status"] for c in calls(control)] == [500, 500, 200]
    assert pull.slept == [0.375, 0.75]  # RetryPolicy: 0.5 * 2^n, equal jitter at rand = 0.5


def test_retry_after_is_honoured(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1"})
    control.set_scenario(fail_next=2, fail_status=429, retry_after=5)
    pull = Pull(emulator)
    assert len(pull(open_order("S1")).updates) == 1
    assert pull.slept == [5.0, 5.0]


def test_a_supplier_that_stays_down(emulator: SupplierApiServer, control: SupplierControl) -> None:
    control.set_scenario(fail_next=10, fail_status=503)
    with pytest.raises(SupplierUnavailable) as caught:
        Pull(emulator, max_attempts="3")(open_order("S1"))
    assert caught.value.code == 503
    assert len(calls(control)) == 3


def test_nobody_listening(emulator: SupplierApiServer) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = HttpSupplierConfig.from_row(row(f"http://127.0.0.1:{port}", max_attempts="2"), ENV)
    slept: list[float] = []
    with pytest.raises(SupplierUnavailable), HttpApiSource(config, sleep=slept.append) as source:
        source.fetch_updates([open_order("S1")])
    assert len(slept) == 1


def test_html_instead_of_json(emulator: SupplierApiServer, control: SupplierControl) -> None:
    control.set_scenario(garbage_next=1)
    with pytest.raises(SupplierDataError):
        Pull(emulator)(open_order("S1"))


def test_split_packages_one_update_many_numbers(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1", "packages": 3})
    (update,) = Pull(emulator)(open_order("S1")).updates
    assert len(update.tracking_numbers) == 3 and update.courier == "ZTO"


def test_split_packages_read_as_package_objects(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    seed(
        control,
        {
            "order_no": "GY1",
            "shop_order_id": "S1",
            "tracking": ["73123456789012", "SF1234567890123"],
            "package_couriers": ["中通速递", "顺丰速运"],
        },
    )
    pull = Pull(
        emulator,
        tracking_path="packages",
        package_number_field="expressNo",
        package_courier_field="expressCompany",
        shipped_at_path="packages.0.deliverTime",
        shipped_at_format="epoch_ms",
    )
    zto, sf = pull(open_order("S1")).updates
    assert (zto.courier, zto.tracking_numbers) == ("ZTO", ("73123456789012",))
    assert (sf.courier, sf.tracking_numbers) == ("SF", ("SF1234567890123",))
    assert zto.shipped_at == datetime.fromtimestamp(1_795_000_000, UTC)


def test_a_reused_number_surfaces_on_both_orders(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    seed(
        control,
        {"order_no": "GY1", "shop_order_id": "S1"},
        {"order_no": "GY2", "shop_order_id": "S2", "reuse_tracking_of": "GY1"},
    )
    first, second = Pull(emulator)(open_order("S1"), open_order("S2")).updates
    assert first.tracking_numbers == second.tracking_numbers
    assert {first.shop_order_id, second.shop_order_id} == {"S1", "S2"}


def test_out_of_stock_and_cancelled(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(
        control,
        {"order_no": "GY1", "shop_order_id": "S1", "outcome": "out_of_stock"},
        {"order_no": "GY2", "shop_order_id": "S2", "outcome": "cancelled"},
        {"order_no": "GY3", "shop_order_id": "S3", "outcome": "pending"},
    )
    batch = Pull(emulator)(open_order("S1"), open_order("S2"), open_order("S3"))
    assert [(u.supplier_order_no, u.status, u.tracking_numbers) for u in batch.updates] == [
        ("GY1", "out_of_stock", ()),
        ("GY2", "cancelled", ()),
    ]


def test_a_malformed_number_is_a_problem_and_the_others_go_on(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    seed(
        control,
        {"order_no": "GY1", "shop_order_id": "S1"},
        {"order_no": "GY2", "shop_order_id": "S2", "malformed": True},
        {"order_no": "GY3", "shop_order_id": "S3", "courier": "火星快递"},
        {"order_no": "GY4", "shop_order_id": "S4"},
    )
    batch = Pull(emulator)(*(open_order(f"S{n}") for n in range(1, 5)))
    assert [u.supplier_order_no for u in batch.updates] == ["GY1", "GY4"]
    assert [(p.code, p.source_ref) for p in batch.problems] == [
        ("format_mismatch", "acme API page 1 #2 GY2"),
        ("unknown_courier", "acme API page 1 #3 GY3"),
    ]


def test_shipping_lag(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1", "lag": 3600})
    assert Pull(emulator)(open_order("S1")) == SupplierBatch()
    control.advance_clock(3600)
    (update,) = Pull(emulator)(open_order("S1")).updates
    assert update.shipped_at == datetime.fromtimestamp(1_795_003_600, UTC)


def test_updated_since_is_sent_and_filters(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(
        control,
        {"order_no": "OLD", "shop_order_id": "S1", "created_at": 1_794_000_000},
        {"order_no": "NEW", "shop_order_id": "S2"},
    )
    since = datetime.fromtimestamp(1_795_000_000, UTC)
    batch = Pull(emulator)(open_order("S1"), open_order("S2"), since=since)
    assert [u.supplier_order_no for u in batch.updates] == ["NEW"]
    assert calls(control)[0]["params"]["updatedSince"] == "1795000000"


def test_only_this_suppliers_open_orders(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"order_no": "GY1", "shop_order_id": "S1"}, {"order_no": "GY2", "shop_order_id": "S2"})
    batch = Pull(emulator)(open_order("S9", order_no="GY2"))
    assert [u.supplier_order_no for u in batch.updates] == ["GY2"]
    other = SupplierOrder(supplier_id="other", supplier_order_no="GY1", shop_order_id="S1")
    assert Pull(emulator)(other) == SupplierBatch()
    assert len(calls(control)) == 1  # nothing open at this supplier: no call at all


def test_the_readme_example_row_works(emulator: SupplierApiServer, control: SupplierControl) -> None:
    readme = (Path(__file__).resolve().parents[3] / "emulators" / "supplier_api" / "README.md").read_text()
    example = readme.split("## Pointing the generic adapter at it")[1].split("```python")[1].split("```")[0]
    documented = ast.literal_eval(example.strip())
    documented["endpoint"] = documented["endpoint"].replace("http://127.0.0.1:8091", emulator.url)
    config = HttpSupplierConfig.from_row(documented, {"WR_DEMO_SUPPLIER_TOKEN": "test-token"})
    seed(control, {"order_no": "GY1", "shop_order_id": "S1", "packages": 2})
    with HttpApiSource(config) as source:
        batch = source.fetch_updates([SupplierOrder("demo", None, "S1")])
    assert [len(u.tracking_numbers) for u in batch.updates] == [2]
