"""Signatures, the push callback's verification and reply, and phone digits."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.logistics import TrackingState
from shared.tracking import ACK_BODY, handle_push, phone_digits, push_sign, push_signature_ok, query_sign

SALT = "salt-1"


def test_query_sign_is_upper_md5_of_param_key_customer() -> None:
    # md5("abc") is a published test vector; the concatenation order param + key + customer matters.
    assert query_sign("a", "b", "c") == "900150983CD24FB0D6963F7D28E17F72"  # md5("abc")
    assert query_sign("c", "b", "a") != query_sign("a", "b", "c")


def test_push_sign() -> None:
    assert push_sign("ab", "c") == "900150983CD24FB0D6963F7D28E17F72"
    assert push_signature_ok("ab", "900150983cd24fb0d6963f7d28e17f72", "c")
    assert not push_signature_ok("ab", "900150983CD24FB0D6963F7D28E17F73", "c")
    assert not push_signature_ok("ab", "签名", "c")


def _body(param: str, sign: str | None = None, salt: str = SALT) -> bytes:
    fields = {"param": param, "sign": push_sign(param, salt) if sign is None else sign}
    return urlencode(fields).encode("ascii")


LAST = {"status": "200", "state": "0", "com": "zhongtong", "nu": "78123456789012"}
LAST["data"] = [{"ftime": "2026-11-20 10:00:00", "context": "运输中"}]  # type: ignore[list-item]
PARAM = json.dumps({"status": "polling", "lastResult": LAST}, ensure_ascii=False)


def test_good_push_is_acknowledged_with_the_exact_body() -> None:
    reply = handle_push(_body(PARAM), SALT)
    assert reply.status == 200 and reply.body == ACK_BODY
    assert json.loads(ACK_BODY) == {"result": True, "returnCode": "200", "message": "成功"}
    assert reply.notice is not None and reply.notice.snapshot is not None
    assert reply.notice.snapshot.state is TrackingState.IN_TRANSIT


def test_bad_or_missing_sign_is_refused() -> None:
    assert handle_push(_body(PARAM, salt="other"), SALT).status == 400
    assert handle_push(urlencode({"param": PARAM}).encode(), SALT).status == 400
    tampered = _body(PARAM).replace(b"polling", b"shutdown")
    assert handle_push(tampered, SALT).status == 400


def test_unsalted_subscription_skips_the_check() -> None:
    assert handle_push(_body(PARAM, sign="whatever"), None).status == 200


def test_not_a_push() -> None:
    assert handle_push(b"param=1&sign=x", None).status == 400
    assert handle_push(b"\xff\xfe", SALT).status == 400
    assert handle_push(b"", SALT).status == 400


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_garbage_never_raises(body: bytes) -> None:
    assert handle_push(body, SALT).status in (200, 400)
    assert handle_push(body, None).status in (200, 400)


def test_phone_digits() -> None:
    assert phone_digits("13800005678") == "5678"
    assert phone_digits("138****5678") == "5678"
    assert phone_digits("138 0000 5678") == "5678"
    assert phone_digits("13800005678-1234") == "1234"  # platform virtual number: the 4 after '-'
    assert phone_digits("0571-87654321") == "4321"
    assert phone_digits("12") == "" and phone_digits(None) == ""
