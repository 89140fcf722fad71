"""The deployed sync waits only inside its invocation's deadline (shared/app/wiring.py): with a time
limit of 2 s, the shop's "slow down until the next minute" (45011) is not waited for; the tick goes on
without the shop's list and says so, after one listing call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from shared.wechat.client import PATH_ORDER_LIST
from tests.e2e.world import World
from tests.functions.conftest import Deployed
from tests.functions.key_server import Key, key_server

AUDIENCE = "https://asia-east2-my-shop.cloudfunctions.net/sync_now"
GOOGLE = Key.generate("google-key-1")


@pytest.fixture
def sync_now(deployed: Deployed, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, World]]:
    with key_server(GOOGLE) as certs_url:
        monkeypatch.setenv("WAYBILL_OIDC_CERTS_URL", certs_url)
        monkeypatch.setenv("WAYBILL_SYNC_AUDIENCE", AUDIENCE)
        monkeypatch.setenv("WAYBILL_SYNC_CALLERS", "ops@example.com")
        yield f"{deployed.functions.url}/sync_now", deployed.world


def _list_codes(world: World) -> list[Any]:
    log = world.shop_control.calls()["log"]
    return [call.get("errcode") for call in log if call["path"] == PATH_ORDER_LIST]


def test_a_wait_past_the_deadline_is_not_taken(
    sync_now: tuple[str, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, world = sync_now
    monkeypatch.setenv("WAYBILL_SYNC_TIMEOUT", "2")  # retry waits must end within 1 s
    world.shop_control.set_rate_limits(paths={PATH_ORDER_LIST: {"per_minute": 0}})  # always 45011
    before = len(_list_codes(world))

    answer = httpx.post(url, headers={"Authorization": f"Bearer {GOOGLE.token(AUDIENCE)}"}, timeout=120)

    assert answer.status_code == 200, answer.text
    assert "list" in answer.json()["shop_errors"]
    assert _list_codes(world)[before:] == [45011]  # refused once, never retried
