"""Several shops on one emulator (one host for every app, as on the platform): each app's secret,
tokens, orders and pushes are its own, and a token of one shop never reaches another shop's order
(100002, as the platform answers an order of another shop: docs/platforms/wechat-shop.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulators.control import ShopControl
from emulators.control.base import ControlFailed
from shared.wechat import WeChatShopClient
from shared.wechat.errors import WeChatError
from shared.wechat.events import EventReceiver
from tests.contract.wechat.conftest import Emulator
from tests.contract.wechat.push_receiver import PUSH_AES_KEY, PUSH_TOKEN, push_endpoint

B_APPID, B_SECRET = "wx0b0b0b0b0b0b0b0b", "shop-b-secret-0123456789abcdef"
PRODUCTS = [{"product_id": "1001", "sku_id": "2001", "sku_cnt": 1, "title": "杯子"}]


@pytest.fixture
def shop_b(emu: Emulator) -> ShopControl:
    return emu.control.add_app(B_APPID, B_SECRET)


@pytest.fixture
def client_b(emu: Emulator, shop_b: ShopControl) -> Iterator[WeChatShopClient]:
    with WeChatShopClient(
        B_APPID, B_SECRET, base_url=emu.url, timeout=5.0, sleep=emu.sleep, clock=emu.now
    ) as c:
        yield c


def test_each_shop_reads_its_own_orders_and_never_the_others(
    emu: Emulator, client: WeChatShopClient, shop_b: ShopControl, client_b: WeChatShopClient
) -> None:
    mine = emu.control.create_order(products=PRODUCTS, status=20)
    theirs = shop_b.create_order(products=PRODUCTS, status=20)

    assert client.get_order(mine).order_id == mine
    assert client_b.get_order(theirs).order_id == theirs
    with pytest.raises(WeChatError) as a_reads_b:
        client.get_order(theirs)
    with pytest.raises(WeChatError) as b_reads_a:
        client_b.get_order(mine)
    assert (a_reads_b.value.errcode, b_reads_a.value.errcode) == (100002, 100002)
    now = int(emu.now())
    assert client.list_order_ids(now - 3600, now + 60, by="create") == [mine]
    assert client_b.list_order_ids(now - 3600, now + 60, by="create") == [theirs]


def test_a_token_is_issued_for_one_app_only(emu: Emulator, shop_b: ShopControl) -> None:
    def token(appid: str, secret: str) -> dict[str, object]:
        query = {"grant_type": "client_credential", "appid": appid, "secret": secret}
        return dict(emu.http.get("/cgi-bin/token", params=query).json())

    assert token(B_APPID, emu.secret)["errcode"] == 40001  # shop a's secret for shop b: refused
    assert token("wxnosuchapp0000000", B_SECRET)["errcode"] == 40013
    issued = token(B_APPID, B_SECRET)["access_token"]
    assert [t["appid"] for t in shop_b.tokens()["tokens"]] == [B_APPID]
    assert issued not in {t["token"] for t in emu.control.tokens()["tokens"]}


def test_each_shops_push_carries_its_own_app_id_with_its_own_keys(emu: Emulator, shop_b: ShopControl) -> None:
    b_token, b_key = "shopBpushToken", "B" * 43
    with (
        push_endpoint(EventReceiver(PUSH_TOKEN, [PUSH_AES_KEY], expected_receive_id=emu.appid)) as (
            a_url,
            a_box,
        ),
        push_endpoint(EventReceiver(b_token, [b_key], expected_receive_id=B_APPID)) as (b_url, b_box),
    ):
        emu.control.configure_push(url=a_url, token=PUSH_TOKEN, encoding_aes_key=PUSH_AES_KEY, auto=False)
        shop_b.configure_push(url=b_url, token=b_token, encoding_aes_key=b_key, auto=False)
        mine = emu.control.create_order(products=PRODUCTS, status=10)
        theirs = shop_b.create_order(products=PRODUCTS, status=10)
        assert [r["ok"] for r in emu.control.deliver_push()] == [True]
        assert [r["ok"] for r in shop_b.deliver_push()] == [True]
    assert [e.order_id for e in a_box.events] == [mine] and [e.receive_id for e in a_box.events] == [
        emu.appid
    ]
    assert [e.order_id for e in b_box.events] == [theirs] and [e.receive_id for e in b_box.events] == [
        B_APPID
    ]


def test_apps_are_listed_share_one_clock_and_go_with_a_reset(emu: Emulator, shop_b: ShopControl) -> None:
    assert [a["appid"] for a in emu.control.apps()] == [emu.appid, B_APPID]
    before = shop_b.clock()["now"]
    emu.control.advance_clock(3600)
    assert shop_b.clock()["now"] - before >= 3600  # one platform clock
    with pytest.raises(ControlFailed) as taken:
        emu.control.add_app(B_APPID, "another")
    assert taken.value.status == 409
    emu.control.reset()
    assert [a["appid"] for a in emu.control.apps()] == [emu.appid]
    with pytest.raises(ControlFailed) as gone:
        shop_b.orders()
    assert gone.value.status == 404


def test_the_default_app_is_unchanged_without_added_apps(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.control.create_order(products=PRODUCTS, status=20)
    assert client.get_order(order_id).order_id == order_id
    assert emu.control.health()["appid"] == emu.appid
    assert [a["appid"] for a in emu.control.apps()] == [emu.appid]
