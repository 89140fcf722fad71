"""Many shops on one deployment (WAYBILL_SHOPS), through functions-framework and the Pub/Sub emulator:
the scheduler's one message is fanned out by ``dispatch`` to one ``sync`` per shop, a failing shop is
retried by Pub/Sub while the others finish, and pushes and sheet edits reach their own shop only."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from demo.local_functions import PROJECT, TICK_DEAD_LETTER, TICK_MAX_DELIVERY_ATTEMPTS
from functions import deps as function_deps
from shared.app.edit_queue import EditQueue
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.sheets.edit_signature import sign
from tests.e2e.world import AES_KEY, EDIT_SECRET, PUSH_TOKEN, World, another_shop
from tests.functions.conftest import Deployed
from tests.functions.key_server import Key, key_server

B_APPID, B_SECRET = "wx0b0b0b0b0b0b0b0b", "shop-b-secret-0123456789abcdef"
B_PUSH_TOKEN, B_AES_KEY, B_EDIT_SECRET = "shopBpushToken", "B" * 43, "shop-b-edit-secret"


@dataclass
class Shops:
    deployed: Deployed
    a: World
    b: World
    journal: Path

    @property
    def url(self) -> str:
        return self.deployed.functions.url

    def schedule(self) -> None:
        """What Cloud Scheduler does: one message on the scheduler's topic (dispatch's)."""
        pubsub = self.deployed.functions.pubsub
        assert pubsub is not None
        data = base64.b64encode(b'{"work": "schedule"}').decode()
        published = httpx.post(
            f"{pubsub.url}/v1/projects/{PROJECT}/topics/waybill-schedule:publish",
            json={"messages": [{"data": data}]},
        )
        published.raise_for_status()

    def subscription(self, name: str) -> dict[str, Any]:
        pubsub = self.deployed.functions.pubsub
        assert pubsub is not None
        return dict(pubsub.state.snapshot()["subscriptions"][f"projects/{PROJECT}/subscriptions/{name}"])


def _registry(a: World, b_sheet: str) -> str:
    return json.dumps(
        {
            "a": {"appid": a.shop.appid, "spreadsheet_id": a.spreadsheet_id},
            "b": {"appid": B_APPID, "spreadsheet_id": b_sheet, "edit_secret_var": "SHOP_B_EDIT"},
        }
    )


@pytest.fixture
def shops(deployed: Deployed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shops]:
    a, journal = deployed.world, tmp_path / "journal"
    with another_shop(a, B_APPID, B_SECRET, Journal(LocalDirStore(journal / "shops" / "b"))) as b:
        for name, value in {
            "WAYBILL_SHOPS": _registry(a, b.spreadsheet_id),
            "WAYBILL_SHOP_A_SECRET": a.shop_secret,
            "WAYBILL_SHOP_A_PUSH_TOKEN": PUSH_TOKEN,
            "WAYBILL_SHOP_A_AES_KEY": AES_KEY,
            "WAYBILL_SHOP_A_EDIT_SECRET": EDIT_SECRET,
            "WAYBILL_SHOP_B_SECRET": B_SECRET,
            "WAYBILL_SHOP_B_PUSH_TOKEN": B_PUSH_TOKEN,
            "WAYBILL_SHOP_B_AES_KEY": B_AES_KEY,
            "SHOP_B_EDIT": B_EDIT_SECRET,
        }.items():
            monkeypatch.setenv(name, value)
        function_deps.reset()
        yield Shops(deployed, a, b, journal)


def _until(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def _ids(w: World) -> list[str]:
    return [r["订单号"] for r in w.records()]


def test_one_scheduled_tick_ticks_every_shop_in_its_own_sheet_and_journal(shops: Shops) -> None:
    mine, theirs = shops.a.create_order(), shops.b.create_order()

    shops.schedule()
    shops.deployed.settle()

    assert (_ids(shops.a), _ids(shops.b)) == ([mine], [theirs])
    assert shops.subscription("waybill-schedule-dispatch")["delivered"] == 1
    assert shops.subscription("waybill-tick-sync")["delivered"] == 2  # one message per shop
    assert (shops.journal / "shops" / "a" / "state").is_dir() and (
        shops.journal / "shops" / "b" / "state"
    ).is_dir()
    # One service account, one Sheets user: both shops spent from the deployment's one bucket.
    assert (shops.journal / "state" / "sheets_quota.json").exists()
    assert not (shops.journal / "shops" / "a" / "state" / "sheets_quota.json").exists()


def test_a_failing_shop_is_retried_by_pubsub_and_the_other_is_not_held_up(
    shops: Shops, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = shops.a.create_order(), shops.b.create_order()
    # Shop b's workspace cannot be read (a spreadsheet id not there): its tick raises.
    monkeypatch.setenv("WAYBILL_SHOPS", _registry(shops.a, "no-such-spreadsheet"))
    function_deps.reset()

    shops.schedule()

    assert _until(lambda: _ids(shops.a) == [mine])
    assert _until(lambda: shops.subscription("waybill-tick-sync")["failedAttempts"] >= 2)
    assert _ids(shops.b) == []
    monkeypatch.setenv("WAYBILL_SHOPS", _registry(shops.a, shops.b.spreadsheet_id))  # fixed: the next
    function_deps.reset()  # delivery of b's message ticks it
    shops.deployed.settle()
    assert _ids(shops.b) == [theirs] and _ids(shops.a) == [mine]


def test_a_shop_failing_every_delivery_is_parked_on_the_dead_letter_topic(
    shops: Shops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As deployed (infra/terraform/tick_delivery.tf): after 5 failed deliveries Pub/Sub stops retrying
    the shop's tick and parks it, naming the shop, where the alert sees it; the other shop ticked."""
    mine = shops.a.create_order()
    monkeypatch.setenv("WAYBILL_SHOPS", _registry(shops.a, "no-such-spreadsheet"))
    function_deps.reset()

    shops.schedule()

    assert _until(lambda: shops.subscription("waybill-tick-sync")["deadLettered"] == 1, seconds=60)
    shops.deployed.settle()
    tick = shops.subscription("waybill-tick-sync")
    assert (tick["failedAttempts"], tick["delivered"]) == (TICK_MAX_DELIVERY_ATTEMPTS, 1)  # b's five, a's one
    pubsub = shops.deployed.functions.pubsub
    assert pubsub is not None
    parked = pubsub.state.messages(f"projects/{PROJECT}/topics/{TICK_DEAD_LETTER}")
    assert [m.attributes["shop"] for m in parked] == ["b"]
    assert parked[0].attributes["CloudPubSubDeadLetterSourceDeliveryCount"] == str(TICK_MAX_DELIVERY_ATTEMPTS)
    assert _ids(shops.a) == [mine] and _ids(shops.b) == []


def test_pushes_reach_their_own_shop_by_signature_or_by_the_url(shops: Shops) -> None:
    mine, theirs = shops.a.create_order(), shops.b.create_order()
    shops.schedule()
    shops.deployed.settle()
    a_push = {"token": PUSH_TOKEN, "encoding_aes_key": AES_KEY, "auto": False}
    shops.a.shop_control.configure_push(url=f"{shops.url}/shop_events?shop=a", **a_push)
    b_push = {"token": B_PUSH_TOKEN, "encoding_aes_key": B_AES_KEY, "auto": False}
    shops.b.shop_control.configure_push(url=f"{shops.url}/shop_events", **b_push)  # by its token

    shops.b.shop_control.cancel(theirs)
    delivered = shops.b.shop_control.deliver_push()
    assert delivered and all(r["ok"] for r in delivered)
    shops.deployed.settle()

    assert shops.b.row_of(theirs)["状态"] == "已取消"
    assert shops.a.row_of(mine)["状态"] != "已取消"
    shops.a.shop_control.cancel(mine)
    assert all(r["ok"] for r in shops.a.shop_control.deliver_push())
    shops.deployed.settle()
    assert shops.a.row_of(mine)["状态"] == "已取消"


@pytest.mark.parametrize(
    ("query", "status", "zh", "en"),
    [
        ({"appid": "wxnotservedhere000"}, 404, "本部署不服务", "serves no shop with app id"),
        ({"shop": "zzz"}, 404, "本部署不服务", "serves no shop with shop key"),
        ({}, 401, "签名", "matches no shop's push token"),
    ],
)
def test_a_push_for_no_served_shop_is_refused_and_changes_nothing(
    shops: Shops, query: dict[str, str], status: int, zh: str, en: str
) -> None:
    signed = {"signature": "0" * 40, "timestamp": "1700000000", "nonce": "n", "msg_signature": "0" * 40}
    answer = httpx.post(f"{shops.url}/shop_events", params={**signed, **query}, content=b'{"Encrypt": "x"}')
    assert answer.status_code == status and zh in answer.text and en in answer.text
    assert not (shops.journal / "shops" / "a" / "events").exists()
    assert not (shops.journal / "shops" / "b" / "events").exists()


def _post(shops: Shops, payload: dict[str, Any], secret: str) -> httpx.Response:
    stamp = int(time.time())
    body = json.dumps({**payload, "timestamp": stamp}, ensure_ascii=False).encode()
    headers = {
        "X-Waybill-Timestamp": str(stamp),
        "X-Waybill-Signature": sign(secret.encode(), stamp, body),
        "Content-Type": "application/json",
    }
    return httpx.post(f"{shops.url}/sheet_edit", content=body, headers=headers, timeout=30)


def _edit(w: World, order_id: str, value: str) -> dict[str, Any]:
    rows = w.values()
    column = rows[0].index("快递单号") + 1
    row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == order_id)
    w.type_cell(order_id, "快递单号", value)
    return {
        "spreadsheetId": w.spreadsheet_id,
        "sheetName": "订单",
        "range": f"A{row}",
        "row": row,
        "column": column,
        "numRows": 1,
        "numColumns": 1,
        "value": value,
        "oldValue": "",
        "user": "ops@example.com",
        "action": "edit",
    }


def test_a_sheet_edit_reaches_its_own_shop_by_spreadsheet_id(shops: Shops) -> None:
    shops.b.set_setting("auto_push", "开")
    mine, theirs = shops.a.create_order(), shops.b.create_order()
    shops.schedule()
    shops.deployed.settle()
    payload = _edit(shops.b, theirs, "SF6026131434978")

    assert _post(shops, payload, EDIT_SECRET).status_code == 401  # shop a's secret cannot act on b
    answer = _post(shops, payload, B_EDIT_SECRET)
    assert answer.status_code == 202, answer.text
    shops.deployed.settle()

    assert shops.b.shop_waybills(theirs) == ["SF6026131434978"]
    assert shops.a.shop_waybills(mine) == []
    assert EditQueue(shops.a.journal).pending() == () == EditQueue(shops.b.journal).pending()


def test_an_edit_from_a_spreadsheet_no_shop_has_is_refused_and_queues_nothing(shops: Shops) -> None:
    payload = {
        "spreadsheetId": "not-a-served-sheet",
        "sheetName": "订单",
        "row": 2,
        "column": 1,
        "action": "edit",
    }
    answer = _post(shops, payload, EDIT_SECRET)
    assert answer.status_code == 404
    message = answer.json()["message"]
    assert "本部署不服务工作表格" in message and "serves no shop with spreadsheet" in message
    assert EditQueue(shops.a.journal).pending() == () == EditQueue(shops.b.journal).pending()


def test_without_a_registry_the_scheduled_tick_is_the_one_tick_as_before(deployed: Deployed) -> None:
    order_id = deployed.world.create_order()
    shops = Shops(deployed, deployed.world, deployed.world, Path())
    shops.schedule()
    deployed.settle()
    assert _ids(deployed.world) == [order_id]
    assert shops.subscription("waybill-tick-sync")["delivered"] == 1


def test_a_tick_message_naming_no_shop_is_fanned_out_by_sync_itself(shops: Shops) -> None:
    """A scheduler still pointed at the tick topic (today's Terraform) ticks every shop."""
    mine, theirs = shops.a.create_order(), shops.b.create_order()
    pubsub = shops.deployed.functions.pubsub
    assert pubsub is not None
    data = base64.b64encode(b'{"work": "tick"}').decode()
    url = f"{pubsub.url}/v1/projects/{PROJECT}/topics/waybill-tick:publish"
    httpx.post(url, json={"messages": [{"data": data}]}).raise_for_status()
    shops.deployed.settle()
    assert (_ids(shops.a), _ids(shops.b)) == ([mine], [theirs])
    assert shops.subscription("waybill-tick-sync")["delivered"] == 3  # the first, then one per shop


def test_sync_now_ticks_the_shop_it_names(shops: Shops, monkeypatch: pytest.MonkeyPatch) -> None:
    audience = "https://asia-east2-my-shop.cloudfunctions.net/sync_now"
    google = Key.generate("google-key-1")
    mine, theirs = shops.a.create_order(), shops.b.create_order()
    with key_server(google) as certs_url:
        monkeypatch.setenv("WAYBILL_OIDC_CERTS_URL", certs_url)
        monkeypatch.setenv("WAYBILL_SYNC_AUDIENCE", audience)
        monkeypatch.setenv("WAYBILL_SYNC_CALLERS", "ops@example.com")
        headers = {"Authorization": f"Bearer {google.token(audience)}"}

        def call(**query: str) -> httpx.Response:
            return httpx.post(f"{shops.url}/sync_now", params=query, headers=headers, timeout=60)

        unnamed, unknown = call(), call(shop="zzz")
        assert unnamed.status_code == 400 and "?shop=" in unnamed.json()["message"]
        assert unknown.status_code == 404 and "本部署不服务" in unknown.json()["message"]
        assert _ids(shops.a) == [] == _ids(shops.b)
        assert call(shop="b").status_code == 200
    assert (_ids(shops.a), _ids(shops.b)) == ([], [theirs])
    assert mine


def test_an_invalid_registry_is_named_and_nothing_is_done(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAYBILL_SHOPS", '{"North": {}}')
    function_deps.reset()
    url = deployed.functions.url
    edit = httpx.post(f"{url}/sheet_edit", content=b'{"spreadsheetId": "x"}', timeout=30)
    push = httpx.post(f"{url}/shop_events", params={"signature": "0"}, content=b"{}", timeout=30)
    for answer in (edit, push):
        assert answer.status_code == 503
        assert "WAYBILL_SHOPS 有误" in answer.text and "shop key 'North'" in answer.text
