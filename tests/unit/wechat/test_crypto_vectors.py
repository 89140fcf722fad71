"""Push crypto against vectors we did not produce ourselves.

* The SHA-1 example is the worked example of the official message-push page
  (docs/platforms/wechat-shop.md#message-push).
* ``WECHATPY_*`` was produced once with the wechatpy package (``wechatpy.crypto.PrpCrypto`` with its
  random prefix fixed to "0123456789abcdef", and ``wechatpy.crypto._get_signature``), not with our
  code. The live tests below run wechatpy again, both directions, with random prefixes.
"""

from __future__ import annotations

import base64
import json

import pytest

from shared.wechat import crypto
from shared.wechat.errors import EventDecryptError, EventSignatureError
from shared.wechat.events import EventReceiver

KEY43 = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx1234567890abcdef"
TOKEN = "tok3n"
EVENT_JSON = (
    '{"ToUserName":"gh_shop","FromUserName":"OPENID","CreateTime":1662480000,"MsgType":"event",'
    '"Event":"channels_ec_order_deliver","order_info":{"order_id":3705115058471208928,"finish_delivery":1}}'
)
WECHATPY_ENCRYPT = (
    "Q3stYC6hdFzMh9T8HCvyDILX3ZwECedF7muuWB/q+fHYcNFbd33XGOK/nppnsZAEyKgTiwI0O+5sKhzqGijYtCIxlZnwZo2iyDky"
    "ljfvMn6OyhGiPTHl5M/rYUjw+sZCat2cROPIfnLzowWJquxS3rsJCSP6ZeWde37/GHcg8I7n2AFlpAmxGNhNfe9uRmylqpPeDZWT"
    "9bDIGgpKKcz3gwO5FAA8lUxIvS3UwBikn2fC0LMy0wS6m1jh42Mi4znQQ0yXW3HTUQ/P2/zfvr+wLox58skplRda/4BRapsWsEqn"
    "6Xp8qLjwnhhzpZhJVqZPUmV+4adYNseZQORzWrF3NQ=="
)
WECHATPY_MSG_SIGNATURE = "f68af92e363eaad0efb632cff29ccd29718f09c4"  # token, 1714036504, 1514711492, Encrypt
# The platform sends the plain signature with every push too (docs/platforms/wechat-shop.md#message-push); the
# receiver requires it.
SIGNED = {
    "timestamp": "1714036504",
    "nonce": "1514711492",
    "signature": crypto.sha1_signature(TOKEN, "1714036504", "1514711492"),
}


def test_official_url_verification_example() -> None:
    assert crypto.sha1_signature("AAAAA", "1714036504", "1514711492") == (
        "f464b24fc39322e44b38aa78f5edd27bd1441696"
    )
    receiver = EventReceiver("AAAAA", [KEY43])
    query = {
        "signature": "f464b24fc39322e44b38aa78f5edd27bd1441696",
        "timestamp": "1714036504",
        "nonce": "1514711492",
        "echostr": "4375120948345356249",
    }
    assert receiver.verify_url(query) == "4375120948345356249"
    with pytest.raises(EventSignatureError):
        receiver.verify_url({**query, "nonce": "1514711493"})


def test_decrypts_wechatpy_vector_and_keeps_order_id_exact() -> None:
    message, receive_id = crypto.decrypt(WECHATPY_ENCRYPT, crypto.aes_key(KEY43))
    assert message.decode() == EVENT_JSON
    assert receive_id == APPID
    query = {**SIGNED, "msg_signature": WECHATPY_MSG_SIGNATURE}
    body = json.dumps({"ToUserName": "gh_shop", "Encrypt": WECHATPY_ENCRYPT}).encode()
    event = EventReceiver(TOKEN, [KEY43], expected_receive_id=APPID).parse(query, body)
    assert event.event == "channels_ec_order_deliver"
    assert event.order_id == "3705115058471208928"  # a float would give ...208900 or ...209000
    assert event.payload["order_info"]["finish_delivery"] == 1


def test_our_encryption_matches_wechatpy_byte_for_byte() -> None:
    ours = crypto.encrypt(EVENT_JSON.encode(), crypto.aes_key(KEY43), APPID, random16=b"0123456789abcdef")
    assert ours == WECHATPY_ENCRYPT
    assert crypto.sha1_signature(TOKEN, "1714036504", "1514711492", ours) == WECHATPY_MSG_SIGNATURE


def test_wrong_msg_signature_is_refused() -> None:
    query = {**SIGNED, "msg_signature": "0" * 40}
    body = json.dumps({"ToUserName": "gh_shop", "Encrypt": WECHATPY_ENCRYPT}).encode()
    with pytest.raises(EventSignatureError):
        EventReceiver(TOKEN, [KEY43]).parse(query, body)


def test_previous_key_still_decrypts_during_rotation() -> None:
    other = "Z" * 43
    query = {**SIGNED, "msg_signature": WECHATPY_MSG_SIGNATURE}
    body = json.dumps({"Encrypt": WECHATPY_ENCRYPT}).encode()
    assert EventReceiver(TOKEN, [other, KEY43]).parse(query, body).order_id == "3705115058471208928"
    with pytest.raises(EventDecryptError):
        EventReceiver(TOKEN, [other]).parse(query, body)


def test_wrong_receive_id_is_refused_when_checked() -> None:
    query = {**SIGNED, "msg_signature": WECHATPY_MSG_SIGNATURE}
    body = json.dumps({"Encrypt": WECHATPY_ENCRYPT}).encode()
    with pytest.raises(EventDecryptError):
        EventReceiver(TOKEN, [KEY43], expected_receive_id="wxOTHER").parse(query, body)


@pytest.mark.parametrize("bad", ["not base64!!", base64.b64encode(b"x" * 15).decode(), ""])
def test_garbage_ciphertext_raises_decrypt_error(bad: str) -> None:
    with pytest.raises(EventDecryptError):
        crypto.decrypt(bad, crypto.aes_key(KEY43))


def test_live_wechatpy_round_trip_both_directions() -> None:
    wechat_crypto = pytest.importorskip("wechatpy.crypto")
    key = crypto.aes_key(KEY43)
    text = '{"Event":"channels_ec_order_new","CreateTime":1,"order_info":{"order_id":18446744073709551615}}'
    theirs = wechat_crypto.PrpCrypto(key).encrypt(text, APPID).decode()
    message, receive_id = crypto.decrypt(theirs, key)
    assert (message.decode(), receive_id) == (text, APPID)
    ours = crypto.encrypt(text.encode(), key, APPID)
    assert wechat_crypto.PrpCrypto(key).decrypt(ours, APPID) == text
    # Lengths that land exactly on a 32-byte boundary get a full block of padding.
    for size in range(0, 70):
        payload = "x" * size
        blob = wechat_crypto.PrpCrypto(key).encrypt(payload, APPID).decode()
        assert crypto.decrypt(blob, key) == (payload.encode(), APPID)
