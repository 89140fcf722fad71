"""Reading a 1688 push (pure): the documented signature over the raw form value, and what is refused."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from shared.suppliers.alibaba_1688.push import PushRefused, app_secrets, read_push
from shared.suppliers.alibaba_1688.signing import api_signature, push_signature

MESSAGE = (
    '{"bizKey":"1001","data":{"orderId":1001,"currentStatus":"waitbuyerreceive",'
    '"msgSendTime":"2026-01-02 03:04:05","buyerMemberId":"b2b-1","sellerMemberId":"b2b-2"},'
    '"gmtBorn":1767294245000,"msgId":42,"type":"ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS","userInfo":"b2b-1"}'
)


def test_the_documented_vectors() -> None:
    assert push_signature("emulator-secret", MESSAGE) == "F5C5AA74A27836C279AA3679962ABC7137486F1D"
    params = {"b": "2", "a": "1"}
    assert api_signature("test123", "param2/1/system/currentTime/1000000", params) == (
        "33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88"
    )


def test_a_signed_push_is_read() -> None:
    body = urlencode({"message": MESSAGE, "_aop_signature": "F5C5AA74A27836C279AA3679962ABC7137486F1D"})
    message = read_push(body.encode(), ["other-secret", "emulator-secret"])
    assert (message.msg_id, message.topic, message.order_id, message.member) == (
        "42",
        "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS",
        "1001",
        "b2b-1",
    )
    assert message.news


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"message": MESSAGE, "_aop_signature": "0" * 40}, "signature"),
        ({"message": MESSAGE}, "form"),
        ({"message": "not json", "_aop_signature": push_signature("s", "not json")}, "not_json"),
        ({"message": "[1]", "_aop_signature": push_signature("s", "[1]")}, "not_an_object"),
        ({"message": "{}", "_aop_signature": push_signature("s", "{}")}, "envelope"),
    ],
)
def test_what_is_refused(fields: dict[str, str], reason: str) -> None:
    with pytest.raises(PushRefused) as refused:
        read_push(urlencode(fields).encode(), ["s", "emulator-secret"])
    assert refused.value.reason == reason


def test_a_message_changed_in_transit_fails_the_signature() -> None:
    body = urlencode({"message": MESSAGE.replace("42", "43"), "_aop_signature": push_signature("s", MESSAGE)})
    with pytest.raises(PushRefused):
        read_push(body.encode(), ["s"])


def test_the_app_secrets_are_those_beside_an_app_key() -> None:
    env = {"WR_A_APP_KEY": "1", "WR_A_SECRET": "sa", "WR_B_SECRET": "sb", "WR_C_APP_KEY": "3"}
    assert app_secrets(env) == ["sa"]
