"""The emulated 1688 OAuth: the authorize redirect, the single-use 2-minute code, refresh, and the
app type without a refresh token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from tests.emulators.alibaba_1688.conftest import APP_KEY, SECRET, Gateway

TOKEN = f"/openapi/http/1/system.oauth2/getToken/{APP_KEY}"
REDIRECT = "http://127.0.0.1:9/callback"


def _code(gw: Gateway) -> str:
    answer = gw.http.get(
        "/oauth/authorize",
        params={"client_id": APP_KEY, "site": "1688", "redirect_uri": REDIRECT, "state": "s1"},
    )
    assert answer.status_code == 302
    where = urlsplit(answer.headers["Location"])
    query = parse_qs(where.query)
    assert where.path == "/callback" and query["state"] == ["s1"]
    return query["code"][0]


def _exchange(gw: Gateway, code: str) -> httpx.Response:
    fields = {
        "grant_type": "authorization_code",
        "need_refresh_token": "true",
        "client_id": APP_KEY,
        "client_secret": SECRET,
        "redirect_uri": REDIRECT,
        "code": code,
    }
    return gw.http.post(TOKEN, data=fields)


def test_the_code_flow_gives_tokens_with_expires_in_as_text(gw: Gateway) -> None:
    answer = _exchange(gw, _code(gw))
    assert answer.status_code == 200
    body = answer.json()
    assert body["expires_in"] == "36000"
    assert body["refresh_token"] and body["refresh_token_timeout"].endswith("+0800")
    assert body["memberId"].startswith("b2b-") and body["resource_owner"] and body["aliId"]
    listed = gw.call("com.alibaba.trade", "alibaba.trade.getBuyerOrderList", token=body["access_token"])
    assert listed.status_code == 200


def test_a_code_is_good_once_and_for_two_minutes(gw: Gateway) -> None:
    code = _code(gw)
    assert _exchange(gw, code).status_code == 200
    assert _exchange(gw, code).json()["error"] == "invalid_grant"
    late = _code(gw)
    gw.control.advance_clock(121)
    assert _exchange(gw, late).status_code == 400


def test_the_authorize_page_refuses_missing_and_foreign_redirects(gw: Gateway) -> None:
    missing = gw.http.get("/oauth/authorize", params={"client_id": APP_KEY, "site": "1688"})
    assert missing.status_code == 400 and missing.text == "缺少必要参数"
    params = {"client_id": APP_KEY, "site": "1688", "redirect_uri": "https://evil.example/cb"}
    assert gw.http.get("/oauth/authorize", params=params).text == "非法请求"


def test_refresh_gives_a_new_access_token_and_keeps_the_refresh_token(gw: Gateway) -> None:
    granted = gw.control.grant()
    gw.control.advance_clock(36_000)
    fields = {
        "grant_type": "refresh_token",
        "client_id": APP_KEY,
        "client_secret": SECRET,
        "refresh_token": granted["refresh_token"],
    }
    fresh = gw.http.post(TOKEN, data=fields).json()
    assert fresh["access_token"] != granted["access_token"]
    assert fresh["refresh_token"] == granted["refresh_token"]
    assert (
        gw.call(
            "com.alibaba.trade", "alibaba.trade.getBuyerOrderList", token=fresh["access_token"]
        ).status_code
        == 200
    )
    wrong = gw.http.post(TOKEN, data={**fields, "client_secret": "nope"})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_client"


def test_the_app_type_without_a_refresh_token(gw: Gateway) -> None:
    gw.control.set_scenario(no_refresh_token=True)
    body = _exchange(gw, _code(gw)).json()
    assert "refresh_token" not in body and body["access_token"]


def test_an_https_only_token_endpoint_refuses_plain_http(gw: Gateway) -> None:
    gw.control.set_scenario(https_only=True)
    assert _exchange(gw, _code(gw)).json()["error"] == "invalid_request"
