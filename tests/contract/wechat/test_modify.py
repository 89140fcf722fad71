"""Checklist item 10 of docs/platforms/wechat-shop.md#emulator-checklist: deliveryinfo/update (new and old
rule sets) and the edit budget."""

from __future__ import annotations

from typing import Any

import pytest

from shared.wechat import EditBudget, OutgoingPackage, WaybillChange, WeChatShopClient
from shared.wechat import errors as e
from shared.wechat.client import PATH_DELIVERY_UPDATE
from tests.contract.wechat.conftest import Emulator

A = ("1001", "2001")
B = ("1002", "2002")


def shipped_order(emu: Emulator, client: WeChatShopClient, *, split: bool = False) -> str:
    order_id = emu.new_order((*A, 2), (*B, 1))
    if split:
        client.ship(
            order_id, [OutgoingPackage("SF", "SF4000000001", (A,)), OutgoingPackage("YTO", "YT4000000002")]
        )
    else:
        client.ship(order_id, [OutgoingPackage("SF", "SF4000000001")])
    return order_id


def waybills(client: WeChatShopClient, order_id: str) -> list[tuple[str, str]]:
    return [(p.delivery_id, p.waybill_id) for p in client.get_order(order_id).delivery.packages]


def test_item10_change_infos_replace_one_package_of_a_split_order(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = shipped_order(emu, client, split=True)
    assert client.update_delivery(order_id, [WaybillChange("YTO", "YT4000000002", "ZTO", "ZT4000000003")])
    assert waybills(client, order_id) == [("SF", "SF4000000001"), ("ZTO", "ZT4000000003")]
    order = client.get_order(order_id)
    assert order.status == 30  # a modification does not change the status
    assert order.delivery.packages[1].delivery_name == "中通快递"


def test_item10_repeating_an_applied_correction_sends_nothing(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = shipped_order(emu, client)
    change = WaybillChange("SF", "SF4000000001", "SF", "SF4000000009")
    assert client.update_delivery(order_id, [change])
    assert not client.update_delivery(order_id, [change])
    assert emu.count(PATH_DELIVERY_UPDATE) == 1


def test_item10_the_modify_budget_exhausted(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = shipped_order(emu, client)
    budget = EditBudget()
    current = "SF4000000001"
    for n in range(3):
        new = f"SF40000001{n}0"
        client.update_delivery(order_id, [WaybillChange("SF", current, "SF", new)], budget=budget)
        current = new
    assert budget.remaining(order_id) == 0
    with pytest.raises(e.EditBudgetExhaustedError) as local:
        client.update_delivery(order_id, [WaybillChange("SF", current, "SF", "SF4000000199")], budget=budget)
    assert local.value.local and local.value.errcode == 606041
    assert emu.count(PATH_DELIVERY_UPDATE) == 3  # the 4th was refused before sending
    with pytest.raises(e.EditBudgetExhaustedError) as remote:  # without a budget the platform says it
        client.update_delivery(order_id, [WaybillChange("SF", current, "SF", "SF4000000199")])
    assert remote.value.errcode == 606041 and not remote.value.local and remote.value.rid


def test_item10_606041_at_any_count_marks_the_budget_exhausted(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = shipped_order(emu, client)
    current = "SF4000000001"
    for n in range(3):  # three corrections made elsewhere (the shop back office, another instance)
        client.update_delivery(order_id, [WaybillChange("SF", current, "SF", f"SF40000002{n}0")])
        current = f"SF40000002{n}0"
    budget = EditBudget()  # our count knows none of them
    assert budget.remaining(order_id) == 3
    with pytest.raises(e.EditBudgetExhaustedError) as err:
        client.update_delivery(order_id, [WaybillChange("SF", current, "SF", "SF4000000299")], budget=budget)
    assert not err.value.local and err.value.errcode == 606041
    assert budget.remaining(order_id) == 0  # the platform's 606041 wins over our count


def test_item10_old_rules_allow_one_modification(emu: Emulator, client: WeChatShopClient) -> None:
    emu.control.configure(modify_rules="old")
    order_id = shipped_order(emu, client)
    body: dict[str, Any] = {
        "order_id": order_id,
        "delivery_list": [
            {
                "delivery_id": "ZTO",
                "waybill_id": "ZT4000000004",
                "deliver_type": 1,
                "product_infos": [
                    {"product_id": A[0], "sku_id": A[1], "product_cnt": 2},
                    {"product_id": B[0], "sku_id": B[1], "product_cnt": 1},
                ],
            }
        ],
    }
    client.call(PATH_DELIVERY_UPDATE, body, idempotent=False)
    with pytest.raises(e.EditBudgetExhaustedError):
        client.call(PATH_DELIVERY_UPDATE, body, idempotent=False)
    with pytest.raises(e.InvalidRequestError):  # the old rules know no change_infos
        client.update_delivery(order_id, [WaybillChange("ZTO", "ZT4000000004", "SF", "SF4000000005")])


def test_item10_old_rules_reject_change_infos_on_split_orders(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = shipped_order(emu, client, split=True)
    emu.control.configure(modify_rules="old")
    body: dict[str, Any] = {
        "order_id": order_id,
        "delivery_list": [
            {
                "delivery_id": "ZTO",
                "waybill_id": "ZT4000000004",
                "deliver_type": 1,
                "product_infos": [{"product_id": A[0], "sku_id": A[1], "product_cnt": 2}],
            }
        ],
    }
    with pytest.raises(e.SplitOrderModifyError) as err:
        client.call(PATH_DELIVERY_UPDATE, body, idempotent=False)
    assert err.value.errcode == 606040


def test_item10_modify_before_any_shipment_is_101100(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 1))
    body = {
        "order_id": order_id,
        "change_infos": [
            {
                "old": {"delivery_id": "SF", "waybill_id": "SF4000000001", "product_infos": []},
                "new": {"delivery_id": "SF", "waybill_id": "SF4000000002", "product_infos": []},
            }
        ],
    }
    with pytest.raises(e.StatusNotAllowedError):
        client.call(PATH_DELIVERY_UPDATE, body, idempotent=False)
    with pytest.raises(e.ShipPlanError) as local:  # the client knows there is no such package
        client.update_delivery(order_id, [WaybillChange("SF", "SF4000000001", "SF", "SF4000000002")])
    assert local.value.reason == "unknown_package"


def test_item10_wrong_old_package_is_606042(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = shipped_order(emu, client)
    body = {
        "order_id": order_id,
        "change_infos": [
            {
                "old": {"delivery_id": "SF", "waybill_id": "SF4999999999", "product_infos": []},
                "new": {"delivery_id": "SF", "waybill_id": "SF4000000002", "product_infos": []},
            }
        ],
    }
    with pytest.raises(e.ModifyItemsError) as err:
        client.call(PATH_DELIVERY_UPDATE, body, idempotent=False)
    assert err.value.errcode == 606042


@pytest.mark.parametrize(
    ("courier", "waybill", "error"),
    [("NOPE", "SF4000000005", e.InvalidCourierError), ("SF", "bad number!", e.InvalidWaybillError)],
)
def test_item10_new_courier_and_number_are_validated(
    emu: Emulator, client: WeChatShopClient, courier: str, waybill: str, error: type[e.WeChatError]
) -> None:
    order_id = shipped_order(emu, client)
    budget = EditBudget()
    with pytest.raises(error):
        client.update_delivery(
            order_id, [WaybillChange("SF", "SF4000000001", courier, waybill)], budget=budget
        )
    assert budget.used(order_id) == 0 and budget.remaining(order_id) == 3
    assert waybills(client, order_id) == [("SF", "SF4000000001")]


def test_item10_completed_order_cannot_be_modified(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = shipped_order(emu, client)
    emu.control.confirm(order_id)
    with pytest.raises(e.StatusNotAllowedError):
        client.update_delivery(order_id, [WaybillChange("SF", "SF4000000001", "SF", "SF4000000006")])


def test_item10_lost_answer_is_not_replayed_and_not_counted(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = shipped_order(emu, client)
    budget = EditBudget()
    emu.control.set_faults(drop_next=1, paths=[PATH_DELIVERY_UPDATE])
    with pytest.raises(e.TransportError):
        client.update_delivery(
            order_id, [WaybillChange("SF", "SF4000000001", "SF", "SF4000000007")], budget=budget
        )
    assert emu.codes(PATH_DELIVERY_UPDATE) == ["dropped"]
    assert budget.used(order_id) == 0
    assert client.update_delivery(
        order_id, [WaybillChange("SF", "SF4000000001", "SF", "SF4000000007")], budget=budget
    )
    assert budget.used(order_id) == 1


def test_item10_answer_lost_after_the_correction_was_applied_is_read_back_and_counted(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = shipped_order(emu, client)
    budget = EditBudget()
    emu.control.set_faults(drop_after_next=1, paths=[PATH_DELIVERY_UPDATE])
    client.update_delivery(
        order_id, [WaybillChange("SF", "SF4000000001", "SF", "SF4000000009")], budget=budget
    )
    assert emu.codes(PATH_DELIVERY_UPDATE) == ["dropped_after_processing"]  # not sent twice
    assert waybills(client, order_id) == [("SF", "SF4000000009")]
    assert budget.used(order_id) == 1  # it happened, so it counts against the platform's budget


def test_item10_race_with_the_same_correction_elsewhere_is_success(
    emu: Emulator, client: WeChatShopClient
) -> None:
    from shared.wechat import TokenBucket
    from tests.contract.wechat.conftest import make_client

    order_id = shipped_order(emu, client)
    change = WaybillChange("SF", "SF4000000001", "SF", "SF4000000008")
    other = make_client(emu)
    gate = TokenBucket(
        rate=1.0, burst=1, clock=lambda: 0.0, sleep=lambda _: other.update_delivery(order_id, [change])
    )
    gate.reserve()
    budget = EditBudget()
    with make_client(emu, rate_limits={PATH_DELIVERY_UPDATE: gate}) as racer:
        assert racer.update_delivery(order_id, [change], budget=budget)
    other.close()
    assert emu.codes(PATH_DELIVERY_UPDATE) == [0, 606042]  # theirs, then ours: old package gone
    assert waybills(client, order_id) == [("SF", "SF4000000008")]
