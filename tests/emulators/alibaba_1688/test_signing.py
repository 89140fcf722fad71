"""The emulator's two signature rules against the test vectors (docs/platforms/supplier-apis.md#1688)."""

from __future__ import annotations

from emulators.alibaba_1688.signing import api_signature, push_signature


def test_the_aop_worked_example() -> None:
    got = api_signature("test123", "param2/1/system/currentTime/1000000", {"b": "2", "a": "1"})
    assert got == "33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88"


def test_the_buyer_view_vector_both_sort_rules() -> None:
    params = {
        "access_token": "tok-abc",
        "orderId": "58218860983545941",
        "webSite": "1688",
        "_aop_timestamp": "1700000000000",
        "_aop_signature": "ignored",
    }
    path = "param2/1/com.alibaba.trade/alibaba.trade.get.buyerView/1234567"
    assert api_signature("emulator-secret", path, params) == "678DF64AFF936012C370E316AA182DDDD547C8A8"
    assert (
        api_signature("emulator-secret", path, params, by_key=True)
        == "678DF64AFF936012C370E316AA182DDDD547C8A8"
    )


def test_the_sort_rules_differ_when_a_key_prefixes_another() -> None:
    sdk = api_signature("s", "p", {"a": "z", "ab": "1"})
    by_key = api_signature("s", "p", {"a": "z", "ab": "1"}, by_key=True)
    assert sdk != by_key


def test_the_push_vector() -> None:
    message = (
        '{"bizKey":"1001","data":{"orderId":1001,"currentStatus":"waitbuyerreceive",'
        '"msgSendTime":"2026-01-02 03:04:05","buyerMemberId":"b2b-1","sellerMemberId":"b2b-2"},'
        '"gmtBorn":1767294245000,"msgId":42,"type":"ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS","userInfo":"b2b-1"}'
    )
    assert push_signature("emulator-secret", message) == "F5C5AA74A27836C279AA3679962ABC7137486F1D"
