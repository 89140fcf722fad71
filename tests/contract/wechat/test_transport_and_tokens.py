"""docs/platforms/wechat-shop.md#emulator-checklist items 1 (transport), 2 (tokens), 3 (IP allowlist) and 13
(no tracking API)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shared.wechat import WeChatShopClient
from shared.wechat.client import PATH_ORDER_GET, PATH_STABLE_TOKEN
from shared.wechat.errors import (
    CredentialError,
    InvalidRequestError,
    IpNotAllowedError,
    OrderNotFoundError,
    RequestTimeoutError,
    ServerError,
    TokenInvalidError,
    TokenMissingError,
    TransportError,
)
from shared.wechat.retry_rules import DEFAULT_RETRY
from shared.wechat.tokens import CachedToken, MemoryTokenCache
from tests.contract.wechat.conftest import Emulator, make_client

# --- 1. transport ---------------------------------------------------------------------------------


def test_item1_transport_post_json_with_token_in_query(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    assert client.get_order(order_id).order_id == order_id
    log = emu.calls()["log"]
    assert [(c["path"], c["method"], c["errcode"]) for c in log] == [
        (PATH_STABLE_TOKEN, "POST", 0),
        (PATH_ORDER_GET, "POST", 0),
    ]


def test_item1_business_error_carries_errcode_errmsg_and_rid(client: WeChatShopClient) -> None:
    with pytest.raises(OrderNotFoundError) as err:
        client.get_order("3700000000000000001")
    assert err.value.errcode == 100002
    assert err.value.rid is not None and err.value.rid.count("-") == 2
    assert err.value.path == PATH_ORDER_GET


def test_item1_unknown_path_is_40066(client: WeChatShopClient) -> None:
    with pytest.raises(InvalidRequestError) as err:
        client.call("/channels/ec/order/nothing/here", {})
    assert err.value.errcode == 40066


def test_item1_wrong_method_empty_body_and_bad_json_map_to_invalid_request(client: WeChatShopClient) -> None:
    transport = client._transport  # the raw exchange, to send what the client itself never sends
    token = client.tokens.get()
    with pytest.raises(InvalidRequestError) as err:
        transport.request("GET", PATH_ORDER_GET, params={"access_token": token})
    assert err.value.errcode == 43002
    with pytest.raises(InvalidRequestError) as err:
        transport.request("POST", PATH_ORDER_GET, params={"access_token": token})
    assert err.value.errcode == 44002
    with pytest.raises(InvalidRequestError) as err:
        transport.request("POST", PATH_ORDER_GET, params={"access_token": token}, body={"order_id": [1]})
    assert err.value.errcode in (40097, 47001)


def test_item1_token_only_from_query_missing_is_41001(emu: Emulator, client: WeChatShopClient) -> None:
    with pytest.raises(TokenMissingError) as err:
        client._transport.request("POST", PATH_ORDER_GET, body={"order_id": "1", "access_token": "x"})
    assert err.value.errcode == 41001


def test_item1_http_5xx_is_retried(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    client.tokens.get()
    emu.control.set_faults(http_5xx_next=2)
    assert client.get_order(order_id).order_id == order_id
    assert emu.codes(PATH_ORDER_GET) == ["http_502", "http_502", 0]


def test_item1_5xx_beyond_the_bound_raises_server_error(emu: Emulator, client: WeChatShopClient) -> None:
    client.tokens.get()
    emu.control.set_faults(http_5xx_next=10)
    with pytest.raises(ServerError) as err:
        client.get_order("1")
    assert err.value.http_status == 502
    assert emu.count(PATH_ORDER_GET) == 4  # max_attempts


def test_item1_dropped_connection_is_wrapped_and_retried_for_reads(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    client.tokens.get()
    emu.control.set_faults(drop_next=1)
    assert client.get_order(order_id).order_id == order_id
    assert emu.codes(PATH_ORDER_GET) == ["dropped", 0]


def test_item1_connection_refused_is_a_transport_error_without_secret(emu: Emulator) -> None:
    with make_client(emu, base_url="http://127.0.0.1:9") as dead, pytest.raises(TransportError) as err:
        dead.get_order("1")
    assert err.value.request_sent is False
    assert emu.secret not in str(err.value) and emu.secret not in repr(dead)
    assert err.value.__cause__ is None  # the httpx error (and its URL) is not chained


def test_item1_slow_answer_times_out(emu: Emulator) -> None:
    emu.control.set_latency(ms=800)
    policy = replace(DEFAULT_RETRY, attempts=2, base_delay=0.01)
    with make_client(emu, timeout=0.2, retry_policy=policy) as slow, pytest.raises(RequestTimeoutError):
        slow.tokens.get()


# --- 2. tokens ------------------------------------------------------------------------------------


def test_item2_stable_token_normal_mode_fetched_once_and_cached(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    for _ in range(5):
        client.get_order(order_id)
    assert emu.count(PATH_STABLE_TOKEN) == 1
    assert client.tokens.fetches == 1


def test_item2_token_expiring_mid_run_is_refreshed_once_and_replayed(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    client.get_order(order_id)
    assert emu.control.expire_tokens(mode="expire") >= 1
    assert client.get_order(order_id).order_id == order_id
    assert emu.codes(PATH_ORDER_GET) == [0, 42001, 0]
    assert emu.count(PATH_STABLE_TOKEN) == 2


def test_item2_superseded_token_40001_is_refreshed(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    client.get_order(order_id)
    emu.control.expire_tokens(mode="revoke")
    client.get_order(order_id)
    assert emu.codes(PATH_ORDER_GET) == [0, 40001, 0]


def test_item2_malformed_cached_token_40014_is_replaced(emu: Emulator) -> None:
    cache = MemoryTokenCache()
    with make_client(emu, token_cache=cache) as c:
        cache.put(f"stable_token:{emu.appid}", CachedToken("garbage", emu.now() + 3600))
        with pytest.raises(OrderNotFoundError):
            c.get_order("1")
    assert emu.codes(PATH_ORDER_GET) == [40014, 100002]


def test_item2_forced_refresh_kills_old_token_and_client_recovers(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    client.get_order(order_id)
    body = {
        "grant_type": "client_credential",
        "appid": emu.appid,
        "secret": emu.secret,
        "force_refresh": True,
    }
    assert emu.http.post(PATH_STABLE_TOKEN, json=body).status_code == 200  # another process forces one
    client.get_order(order_id)
    assert emu.codes(PATH_ORDER_GET) == [0, 40001, 0]


def test_item2_bad_secret_and_bad_appid_are_credential_errors_never_retried(emu: Emulator) -> None:
    with WeChatShopClient(emu.appid, "wrong-secret-123", base_url=emu.url, timeout=5) as bad:
        with pytest.raises(CredentialError) as err:
            bad.get_order("1")
        assert err.value.errcode == 40001
        assert "wrong-secret-123" not in str(err.value) and "wrong-secret-123" not in repr(bad)
    with WeChatShopClient("wx0000000000000000", emu.secret, base_url=emu.url, timeout=5) as bad:
        with pytest.raises(CredentialError) as err:
            bad.get_order("1")
        assert err.value.errcode == 40013
    assert emu.count(PATH_STABLE_TOKEN) == 2
    assert emu.count(PATH_ORDER_GET) == 0


def test_item2_short_expires_in_is_used_not_7200(emu: Emulator, client: WeChatShopClient) -> None:
    first = client.tokens.get()
    emu.sleep(6000)
    with make_client(emu) as late:  # a second instance joins late: same token, 1200 s left
        assert late.tokens.get() == first
        emu.sleep(1150)  # inside 7200 but past the returned expires_in minus our margin
        second = late.tokens.get()
        assert second != first  # normal mode rotated it in its last 5 minutes
        assert late.tokens.fetches == 2
    assert emu.count(PATH_STABLE_TOKEN) == 3


# --- 3. IP allowlist ------------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "errcode", "status"), [("errcode", 61004, 200), ("http403", None, 403)])
def test_item3_ip_allowlist_refusal_is_not_retried(
    emu: Emulator, client: WeChatShopClient, mode: str, errcode: int | None, status: int
) -> None:
    client.tokens.get()
    emu.control.set_ip_allowlist(enabled=True, allowed=["10.0.0.0/8"], mode=mode)
    with pytest.raises(IpNotAllowedError) as err:
        client.get_order("1")
    assert err.value.errcode == errcode
    assert err.value.http_status == status
    assert emu.count(PATH_ORDER_GET) == 1


# --- 13. no tracking API --------------------------------------------------------------------------


def test_item13_there_is_no_tracking_api_for_self_shipped_orders(client: WeChatShopClient) -> None:
    assert not any("track" in name or "logistics" in name for name in dir(client))
    with pytest.raises(InvalidRequestError) as err:
        client.call("/channels/ec/order/logistics/track/get", {"order_id": "1"})
    assert err.value.errcode == 40066


def test_item2_token_rejected_again_after_refresh_raises_after_one_replay(emu: Emulator) -> None:
    emu.control.configure(token_prefix="zz")  # every token the platform issues is now malformed
    with make_client(emu) as c:
        with pytest.raises(TokenInvalidError) as err:
            c.get_order("1")
        assert err.value.errcode == 40014
    assert emu.codes(PATH_ORDER_GET) == [40014, 40014]  # the call, then exactly one replay
    assert emu.count(PATH_STABLE_TOKEN) == 3  # first fetch, normal refresh (same token), one forced


def test_item2_concurrent_calls_share_one_refresh(emu: Emulator, client: WeChatShopClient) -> None:
    ids = emu.control.create_orders(24, products=[{"sku_cnt": 1}], status=20)
    client.tokens.get()
    emu.control.expire_tokens(mode="expire")
    results = client.get_orders(ids, concurrency=8)
    assert len(results.orders) == 24 and not results.errors
    assert emu.count(PATH_STABLE_TOKEN) == 2  # the 42001s of 8 threads caused ONE new fetch
