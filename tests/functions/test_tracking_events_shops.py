"""Kuaidi100 pushes with several shops (functions/tracking_events.py): each shop subscribes with its
own callback, ``…/tracking_events/<key>``, so a push lands in that shop's journal only; a push whose
URL names no shop goes to the shops tracking its number, and one nobody tracks is not stored on a
guess (503: Kuaidi100 retries later)."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

import httpx
import pytest

from functions import deps as function_deps
from shared.app.tracking_state import DOC_KEY, load_doc, update_doc
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from tests.functions.test_many_shops import Shops, shops  # noqa: F401 (the two-shop deployment)

SALT = "salt-for-shop-tests"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _push(number: str) -> bytes:
    event = {"time": "2026-11-20 10:00:00", "ftime": "2026-11-20 10:00:00", "context": "【杭州市】已揽收"}
    last = {"message": "ok", "nu": number, "com": "zhongtong", "status": "200", "state": "1", "data": [event]}
    param = {
        "status": "polling",
        "message": "",
        "autoCheck": "0",
        "comOld": "",
        "comNew": "",
        "lastResult": last,
    }
    text = json.dumps(param, ensure_ascii=False)
    sign = hashlib.md5((text + SALT).encode(), usedforsecurity=False).hexdigest().upper()
    return urlencode({"param": text, "sign": sign}).encode()


def _journal(deployment: Shops, key: str) -> Journal:
    return Journal(LocalDirStore(deployment.journal / "shops" / key))


def _numbers(deployment: Shops, key: str) -> set[str]:
    return set(load_doc(_journal(deployment, key))[0]["numbers"])


@pytest.fixture
def salted(shops: Shops, monkeypatch: pytest.MonkeyPatch) -> Shops:  # noqa: F811
    monkeypatch.setenv("KUAIDI100_SALT", SALT)
    function_deps.reset()
    return shops


def test_each_shop_subscribes_with_its_own_callback(salted: Shops, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUAIDI100_CALLBACK_URL", "https://example.invalid/tracking_events")
    function_deps.reset()
    assert function_deps.config("b").kuaidi100_callback_url == "https://example.invalid/tracking_events/b"


def test_a_push_lands_in_the_shop_its_path_names_only(salted: Shops) -> None:
    answer = httpx.post(f"{salted.url}/tracking_events/b", content=_push("73100000000041"), headers=FORM)
    assert answer.status_code == 200 and answer.json()["result"] is True
    assert _numbers(salted, "b") == {"73100000000041"}
    assert _journal(salted, "a").store.read(DOC_KEY) is None


def test_a_push_naming_no_shop_goes_to_the_shop_tracking_its_number(salted: Shops) -> None:
    def tracked(doc: dict[str, dict[str, object]]) -> None:
        doc["numbers"]["73100000000042"] = {"subscribed": True}

    update_doc(_journal(salted, "a"), tracked)  # shop a subscribed it before shops had their own URL
    answer = httpx.post(f"{salted.url}/tracking_events", content=_push("73100000000042"), headers=FORM)
    assert answer.status_code == 200
    assert load_doc(_journal(salted, "a"))[0]["numbers"]["73100000000042"]["snapshot"]["events"]
    assert _journal(salted, "b").store.read(DOC_KEY) is None


def test_a_push_for_no_shop_is_not_stored_on_a_guess(salted: Shops) -> None:
    nobody = httpx.post(f"{salted.url}/tracking_events", content=_push("73100000000043"), headers=FORM)
    assert nobody.status_code == 503 and nobody.json()["result"] is False  # Kuaidi100 retries later
    unknown = httpx.post(f"{salted.url}/tracking_events/west", content=_push("73100000000043"), headers=FORM)
    assert unknown.status_code == 404 and "west" in unknown.json()["message"]
    for key in ("a", "b"):
        assert _journal(salted, key).store.read(DOC_KEY) is None
