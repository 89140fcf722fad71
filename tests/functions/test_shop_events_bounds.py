"""shop_events refuses malformed or oversized pushes with a 4xx before decrypting or parsing deeply
(issue 14 item 5): the query's signature first, then the size, then the small envelope."""

from __future__ import annotations

import json

import httpx

from emulators.wechat_shop.crypto import encrypt, signature
from emulators.wechat_shop.state import DEFAULT_USERNAME
from shared.wechat.events import MAX_EVENT_BODY_BYTES
from tests.e2e.world import AES_KEY, PUSH_TOKEN
from tests.functions.conftest import Deployed

STAMP, NONCE = "1764129600", "4242"


def _signed_query(cipher: str = "x", *, plain: str | None = None) -> dict[str, str]:
    return {
        "signature": plain if plain is not None else signature(PUSH_TOKEN, STAMP, NONCE),
        "timestamp": STAMP,
        "nonce": NONCE,
        "encrypt_type": "aes",
        "msg_signature": signature(PUSH_TOKEN, STAMP, NONCE, cipher),
    }


def _post(d: Deployed, query: dict[str, str], body: bytes) -> httpx.Response:
    return httpx.post(f"{d.functions.url}/shop_events", params=query, content=body, timeout=60)


def test_a_deeply_nested_body_is_a_400_not_a_500(deployed: Deployed) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000  # 200 KB, under the size cap
    answer = _post(deployed, _signed_query(), nested)
    assert answer.status_code == 400, answer.text


def test_a_deeply_nested_body_without_the_signature_is_a_401(deployed: Deployed) -> None:
    query = _signed_query()
    del query["signature"]
    assert _post(deployed, query, b"[" * 100_000).status_code == 401
    assert _post(deployed, _signed_query(plain="0" * 40), b"[" * 100_000).status_code == 401


def test_a_body_above_the_cap_is_a_413_and_changes_nothing(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    before = w.values()
    event = {
        "ToUserName": DEFAULT_USERNAME,
        "CreateTime": 1764129600,
        "MsgType": "event",
        "Event": "channels_ec_order_cancel",
        "order_info": {"order_id": int(order_id), "cancel_type": 1},
        "padding": "x" * MAX_EVENT_BODY_BYTES,
    }
    cipher = encrypt(json.dumps(event).encode(), AES_KEY, w.shop.appid)
    body = json.dumps({"ToUserName": DEFAULT_USERNAME, "Encrypt": cipher}).encode()
    answer = _post(deployed, _signed_query(cipher), body)
    assert answer.status_code == 413
    assert w.values() == before


def test_a_well_formed_event_under_the_cap_is_still_handled(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    event = {
        "ToUserName": DEFAULT_USERNAME,
        "CreateTime": 1764129600,
        "MsgType": "event",
        "Event": "channels_ec_order_cancel",
        "order_info": {"order_id": int(order_id), "cancel_type": 1},
    }
    w.shop_control.cancel(order_id)
    cipher = encrypt(json.dumps(event).encode(), AES_KEY, w.shop.appid)
    body = json.dumps({"ToUserName": DEFAULT_USERNAME, "Encrypt": cipher}).encode()
    assert _post(deployed, _signed_query(cipher), body).status_code == 200
    deployed.settle()
    assert w.row_of(order_id)["状态"] == "已取消"
