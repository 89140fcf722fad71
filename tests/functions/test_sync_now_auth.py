"""sync_now, the private "sync now", over HTTP: refused without a valid Google ID token (401/403),
run with one. Keys come from a loopback stand-in of Google's certificate endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.world import World
from tests.functions.conftest import Deployed
from tests.functions.key_server import Key, key_server

AUDIENCE = "https://asia-east2-my-shop.cloudfunctions.net/sync_now"
GOOGLE = Key.generate("google-key-1")
STRANGER = Key.generate("google-key-1")  # same key id, another private key: a forged token


@pytest.fixture
def sync_now(deployed: Deployed, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, World]]:
    with key_server(GOOGLE) as certs_url:
        monkeypatch.setenv("WAYBILL_OIDC_CERTS_URL", certs_url)
        monkeypatch.setenv("WAYBILL_SYNC_AUDIENCE", AUDIENCE)
        monkeypatch.setenv("WAYBILL_SYNC_CALLERS", "ops@example.com")
        yield f"{deployed.functions.url}/sync_now", deployed.world


def _call(url: str, token: str | None = None, header: str = "Authorization") -> httpx.Response:
    headers = {header: f"Bearer {token}"} if token else {}
    return httpx.post(url, headers=headers, timeout=30)


def _shop_calls(world: World) -> int:
    return int(world.shop_control.calls()["total"])


def test_no_token_is_401_and_nothing_runs(sync_now: tuple[str, World]) -> None:
    url, world = sync_now
    before = _shop_calls(world)
    answer = _call(url)
    assert answer.status_code == 401 and "ID token" in answer.json()["message"]
    assert _shop_calls(world) == before


def test_bad_tokens_are_403(sync_now: tuple[str, World]) -> None:
    url, world = sync_now
    before = _shop_calls(world)
    cases = {
        "wrong audience": GOOGLE.token("https://example.com/other"),
        "forged signature": STRANGER.token(AUDIENCE),
        "expired": GOOGLE.token(AUDIENCE, iat=1_700_000_000, exp=1_700_000_600),
        "not from Google": GOOGLE.token(AUDIENCE, iss="https://evil.example.com"),
        "caller not allowed": GOOGLE.token(AUDIENCE, email="someone@example.com"),
        "e-mail not verified": GOOGLE.token(AUDIENCE, email_verified=False),
        "garbage": "not-a-token",
    }
    for case, token in cases.items():
        answer = _call(url, token)
        assert answer.status_code == 403, f"{case}: {answer.status_code} {answer.text}"
    assert _call(url, GOOGLE.token(AUDIENCE), header="X-Serverless-Authorization").status_code == 401
    assert _shop_calls(world) == before  # no tick ran


def test_a_valid_token_runs_a_tick(sync_now: tuple[str, World]) -> None:
    url, world = sync_now
    order_id = world.create_order()
    answer = _call(url, GOOGLE.token(AUDIENCE))
    assert answer.status_code == 200, answer.text
    assert any(r["订单号"] == order_id for r in world.records())


def test_without_an_audience_setting_every_call_is_refused(
    sync_now: tuple[str, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _world = sync_now
    monkeypatch.delenv("WAYBILL_SYNC_AUDIENCE")
    answer = _call(url, GOOGLE.token(AUDIENCE))
    assert answer.status_code == 503 and "WAYBILL_SYNC_AUDIENCE" in answer.json()["message"]


def test_with_an_empty_callers_list_every_call_is_refused(
    sync_now: tuple[str, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: an empty WAYBILL_SYNC_CALLERS used to mean "any Google account with the audience";
    any Google account can mint such a token, so it now refuses, and says which setting is missing."""
    url, world = sync_now
    monkeypatch.setenv("WAYBILL_SYNC_CALLERS", "")
    before = _shop_calls(world)
    answer = _call(url, GOOGLE.token(AUDIENCE))
    assert answer.status_code == 503
    assert "WAYBILL_SYNC_CALLERS" in answer.json()["message"]
    assert _shop_calls(world) == before  # no tick ran
