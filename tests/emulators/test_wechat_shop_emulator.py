"""WeChat Shop emulator: transport rules, tokens, IP allowlist, rate limits and quota
(docs/platforms/wechat-shop.md#emulator-checklist 1-4).

Real HTTP on 127.0.0.1 with plain httpx; every test states a wire behaviour of docs/platforms/wechat-shop.md.
"""

from __future__ import annotations

import json
import re

import httpx

from .conftest import Shop

RID = re.compile(r" rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$")
LIST = "/channels/ec/order/list/get"
GET = "/channels/ec/order/get"


# --- checklist 1: transport -------------------------------------------------------------------
def test_success_envelope_is_errcode_0_ok(shop: Shop) -> None:
    answer = shop.call("/channels/ec/order/deliverycompanylist/get", {})
    assert answer["errcode"] == 0 and answer["errmsg"] == "ok"
    assert "rid" not in answer["errmsg"]


def test_get_on_post_endpoint_is_43002(shop: Shop) -> None:
    answer = shop.http.get(GET, params={"access_token": shop.token}).json()
    assert answer["errcode"] == 43002


def test_post_on_get_endpoint_is_43001(shop: Shop) -> None:
    answer = shop.http.post(
        "/cgi-bin/token",
        params={"grant_type": "client_credential", "appid": shop.appid, "secret": shop.secret},
    ).json()
    assert answer["errcode"] == 43001
    assert "access_token" not in answer


def test_empty_body_is_44002(shop: Shop) -> None:
    resp = shop.http.post(GET, params={"access_token": shop.token}, content=b"")
    assert resp.json()["errcode"] == 44002


def test_unparsable_json_is_47001(shop: Shop) -> None:
    resp = shop.http.post(
        GET,
        params={"access_token": shop.token},
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert resp.json()["errcode"] == 47001


def test_mistyped_json_is_47001(shop: Shop) -> None:
    assert shop.call(GET, {"order_id": ["x"]})["errcode"] == 47001
    assert shop.call(GET, ["not", "an", "object"])["errcode"] == 47001


def test_unknown_path_is_40066(shop: Shop) -> None:
    assert shop.call("/channels/ec/order/nothing_here", {})["errcode"] == 40066


def test_every_error_ends_with_rid(shop: Shop) -> None:
    answers = [
        shop.call("/channels/ec/order/nothing_here", {}),
        shop.call(GET, {"order_id": "1"}),
        shop.http.post(GET, json={"order_id": "1"}).json(),
    ]
    for answer in answers:
        assert answer["errcode"] != 0
        assert RID.search(answer["errmsg"]), answer


def test_business_errmsg_starts_with_comma_space(shop: Shop) -> None:
    business = shop.call(GET, {"order_id": "3720129913508728832"})
    assert business["errcode"] == 100002
    assert business["errmsg"].startswith(", ")
    common = shop.call("/channels/ec/order/nothing_here", {})
    assert not common["errmsg"].startswith(", ")


def test_access_token_in_body_is_ignored(shop: Shop) -> None:
    resp = shop.http.post(GET, json={"access_token": shop.token, "order_id": "1"})
    assert resp.json()["errcode"] == 41001


def test_fault_injection_busy_5xx_and_drop(shop: Shop) -> None:
    assert shop.token
    shop.control.set_faults(busy_next=1)
    assert shop.call(GET, {"order_id": "1"})["errcode"] == -1
    assert shop.call(GET, {"order_id": "1"})["errcode"] == 100002
    shop.control.set_faults(http_5xx_next=1)
    resp = shop.http.post(GET, params={"access_token": shop.token}, json={"order_id": "1"})
    assert resp.status_code == 502
    shop.control.set_faults(drop_next=1)
    try:
        shop.http.post(GET, params={"access_token": shop.token}, json={"order_id": "1"})
        raise AssertionError("the connection should have been dropped")
    except httpx.TransportError:
        pass
    assert shop.call(GET, {"order_id": "1"})["errcode"] == 100002


# --- checklist 2: tokens ----------------------------------------------------------------------
def _classic(shop: Shop, **override: str) -> dict[str, object]:
    params = {"grant_type": "client_credential", "appid": shop.appid, "secret": shop.secret, **override}
    return shop.http.get("/cgi-bin/token", params=params).json()


def test_cgi_token_returns_7200_and_new_fetch_keeps_old_for_5_minutes(shop: Shop) -> None:
    first = _classic(shop)
    assert first["expires_in"] == 7200
    second = _classic(shop)
    assert second["access_token"] != first["access_token"]
    assert shop.call(GET, {"order_id": "1"}, token=str(first["access_token"]))["errcode"] == 100002
    shop.control.advance_clock(301)
    assert shop.call(GET, {"order_id": "1"}, token=str(first["access_token"]))["errcode"] == 40001
    assert shop.call(GET, {"order_id": "1"}, token=str(second["access_token"]))["errcode"] == 100002


def test_cgi_token_credential_errors(shop: Shop) -> None:
    assert _classic(shop, secret="wrong")["errcode"] == 40001
    assert _classic(shop, appid="wx0000000000000000")["errcode"] == 40013
    assert _classic(shop, grant_type="password")["errcode"] == 40002


def test_stable_token_normal_mode_returns_same_token(shop: Shop) -> None:
    one, two = shop.stable_token(), shop.stable_token()
    assert one["access_token"] == two["access_token"]
    assert 300 <= two["expires_in"] <= 7200


def test_stable_token_rotates_in_last_5_minutes_with_overlap(shop: Shop) -> None:
    old = shop.stable_token()["access_token"]
    shop.control.advance_clock(7200 - 250)
    fresh = shop.stable_token()
    assert fresh["access_token"] != old
    assert fresh["expires_in"] >= 300
    assert shop.call(GET, {"order_id": "1"}, token=old)["errcode"] == 100002  # both valid together
    shop.control.advance_clock(260)
    assert shop.call(GET, {"order_id": "1"}, token=old)["errcode"] in (40001, 42001)
    assert shop.call(GET, {"order_id": "1"}, token=fresh["access_token"])["errcode"] == 100002


def test_stable_token_force_refresh_invalidates_old_at_once(shop: Shop) -> None:
    old = shop.stable_token()["access_token"]
    new = shop.stable_token(force=True)["access_token"]
    assert new != old
    assert shop.call(GET, {"order_id": "1"}, token=old)["errcode"] == 40001


def test_stable_token_force_refresh_needs_30s_gap_and_20_per_day(shop: Shop) -> None:
    first = shop.stable_token(force=True)["access_token"]
    assert shop.stable_token(force=True)["access_token"] == first  # too soon: no refresh
    seen = {first}
    for _ in range(19):
        shop.control.advance_clock(31)
        seen.add(shop.stable_token(force=True)["access_token"])
    assert len(seen) == 20
    shop.control.advance_clock(31)
    assert shop.stable_token(force=True)["access_token"] in seen  # 21st forced call: no refresh


def test_stable_token_and_cgi_token_are_independent(shop: Shop) -> None:
    stable = shop.stable_token()["access_token"]
    _classic(shop)
    _classic(shop)
    shop.control.advance_clock(400)
    assert shop.call(GET, {"order_id": "1"}, token=stable)["errcode"] == 100002


def test_stable_token_requires_post_json(shop: Shop) -> None:
    resp = shop.http.get("/cgi-bin/stable_token", params={"appid": shop.appid, "secret": shop.secret})
    assert resp.json()["errcode"] == 43002


def test_token_error_codes(shop: Shop) -> None:
    assert shop.http.post(GET, json={"order_id": "1"}).json()["errcode"] == 41001
    assert shop.call(GET, {"order_id": "1"}, token="not-a-token")["errcode"] == 40014
    unknown = "89_" + "A" * 150
    assert shop.call(GET, {"order_id": "1"}, token=unknown)["errcode"] == 40001


def test_expire_hook_gives_42001_and_revoke_gives_40001(shop: Shop) -> None:
    token = shop.token
    assert shop.control.expire_tokens() >= 1
    assert shop.call(GET, {"order_id": "1"}, token=token)["errcode"] == 42001
    fresh = shop.stable_token()["access_token"]
    assert fresh != token
    shop.control.expire_tokens(token=fresh, mode="revoke")
    assert shop.call(GET, {"order_id": "1"}, token=fresh)["errcode"] == 40001


def test_token_expires_after_its_lifetime(shop: Shop) -> None:
    token = _classic(shop)["access_token"]
    shop.control.advance_clock(7201)
    assert shop.call(GET, {"order_id": "1"}, token=str(token))["errcode"] == 42001


# --- checklist 3: IP allowlist ----------------------------------------------------------------
def test_ip_allowlist_errcode_mode(shop: Shop) -> None:
    token = shop.token
    shop.control.set_ip_allowlist(enabled=True, allowed=["10.0.0.0/8"], mode="errcode", errcode=61004)
    answer = shop.call(GET, {"order_id": "1"}, token=token)
    assert answer["errcode"] == 61004 and RID.search(answer["errmsg"])
    shop.control.set_ip_allowlist(errcode=45035)
    assert shop.call(GET, {"order_id": "1"}, token=token)["errcode"] == 45035
    shop.control.set_ip_allowlist(allowed=["127.0.0.0/8"])
    assert shop.call(GET, {"order_id": "1"}, token=token)["errcode"] == 100002


def test_ip_allowlist_allows_listed_caller_address(shop: Shop) -> None:
    token = shop.token
    shop.control.set_ip_allowlist(enabled=True, allowed=["10.0.0.0/8"])
    resp = shop.http.post(
        GET,
        params={"access_token": token},
        json={"order_id": "1"},
        headers={"X-Emulator-Client-IP": "10.1.2.3"},
    )
    assert resp.json()["errcode"] == 100002


def test_ip_allowlist_bare_403_mode(shop: Shop) -> None:
    token = shop.token
    shop.control.set_ip_allowlist(enabled=True, allowed=["10.0.0.0/8"], mode="http403")
    resp = shop.http.post(GET, params={"access_token": token}, json={"order_id": "1"})
    assert resp.status_code == 403
    assert b"errcode" not in resp.content


# --- checklist 4: rate limits and quota -------------------------------------------------------
def test_minute_budget_gives_45011_then_resets_next_minute(shop: Shop) -> None:
    token = shop.token
    shop.control.set_rate_limits(paths={GET: {"per_minute": 3}})
    codes = [shop.call(GET, {"order_id": "1"}, token=token)["errcode"] for _ in range(5)]
    assert codes == [100002, 100002, 100002, 45011, 45011]
    assert shop.call(LIST, {}, token=token)["errcode"] == 40097  # other paths have their own counter
    shop.control.advance_clock(60)
    assert shop.call(GET, {"order_id": "1"}, token=token)["errcode"] == 100002


def test_daily_budget_gives_45009_and_quota_clear_resets_it(shop: Shop) -> None:
    token = shop.token
    shop.control.set_rate_limits(paths={GET: {"per_day": 2}})
    codes = [shop.call(GET, {"order_id": "1"}, token=token)["errcode"] for _ in range(3)]
    assert codes == [100002, 100002, 45009]
    quota = shop.call("/cgi-bin/openapi/quota/get", {"cgi_path": GET}, token=token)
    assert quota["quota"] == {"daily_limit": 2, "used": 2, "remain": 0}
    assert shop.call("/cgi-bin/openapi/quota/clear", {"cgi_path": GET}, token=token)["errcode"] == 0
    assert shop.call(GET, {"order_id": "1"}, token=token)["errcode"] == 100002


def test_quota_clear_limited_to_50_per_day(shop: Shop) -> None:
    token = shop.token
    codes = [
        shop.call("/cgi-bin/openapi/quota/clear", {"cgi_path": GET}, token=token)["errcode"]
        for _ in range(51)
    ]
    assert codes.count(0) == 50 and codes[-1] == 48006


def test_quota_get_path_errors(shop: Shop) -> None:
    token = shop.token
    assert (
        shop.call("/cgi-bin/openapi/quota/get", {"cgi_path": "channels/ec/x"}, token=token)["errcode"]
        == 76003
    )
    assert shop.call("/cgi-bin/openapi/quota/get", {"cgi_path": "/nope"}, token=token)["errcode"] == 76021


def test_faults_can_target_one_path(shop: Shop) -> None:
    assert shop.token
    shop.control.set_faults(busy_next=1, paths=[LIST])
    assert shop.call(GET, {"order_id": "1"})["errcode"] == 100002
    assert shop.call(LIST, {})["errcode"] == -1
    assert shop.call(LIST, {})["errcode"] == 40097


def test_busy_rate_injects_minus_1(shop: Shop) -> None:
    assert shop.token
    shop.control.set_faults(busy_rate=1.0)
    assert shop.call(GET, {"order_id": "1"})["errcode"] == -1
    shop.control.set_faults(busy_rate=0.0)
    assert shop.call(GET, {"order_id": "1"})["errcode"] == 100002


def test_call_log_counts_per_path(shop: Shop) -> None:
    shop.control.reset_calls()
    for _ in range(3):
        shop.call(GET, {"order_id": "1"})
    calls = shop.control.calls()
    assert calls["by_path"][GET] == 3
    assert calls["by_path"]["/cgi-bin/stable_token"] == 1
    assert calls["by_errcode"]["100002"] == 3
    assert json.dumps(calls)  # serialisable


# --- checklist 13: no invented APIs -------------------------------------------------------------
def test_no_tracking_or_buyer_message_api(shop: Shop) -> None:
    for path in (
        "/channels/ec/order/logistics/get",
        "/channels/ec/order/delivery/track",
        "/channels/ec/order/message/send",
    ):
        assert shop.call(path, {"order_id": "1"})["errcode"] == 40066, path
