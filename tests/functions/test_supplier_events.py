"""supplier_events over HTTP: 1688 pushes, sent by the 1688 emulator to the deployed function, are
verified, acted on once per msgId, and announce one tick a minute at most; a forged one changes
nothing."""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from emulators.alibaba_1688.server import serve as serve_1688
from emulators.control import AlibabaControl
from functions import deps as function_deps
from tests.functions.conftest import Deployed

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def url(deployed: Deployed, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WR_YIWU_APP_KEY", "1234567")
    monkeypatch.setenv("WR_YIWU_SECRET", "emulator-secret")
    function_deps.reset()
    return f"{deployed.functions.url}/supplier_events"


def _markers(journal_dir: Path, folder: str) -> list[str]:
    """The claims the function left in the journal (a local folder here) under ``events/1688/``."""
    return sorted(
        p.name
        for p in journal_dir.rglob("*")
        if p.is_file() and p.parent.name == folder and not p.name.startswith(".")
    )


def test_pushes_from_1688_are_acknowledged_and_a_shipment_announces_a_tick(url: str) -> None:
    server = serve_1688()
    try:
        with AlibabaControl(server.url) as control:
            control.set_push_url(url)
            order_id = control.create_order()["order_id"]
            control.ship(order_id, bill_no="73100000000021")
            log = control.push_log()
    finally:
        server.close()
    assert [d["status"] for d in log] == [200, 200, 200, 200]
    assert [d["type"] for d in log][2] == "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS"


def test_a_forged_push_is_refused(url: str) -> None:
    message = json.dumps({"bizKey": "1", "msgId": 7, "type": "LOGISTICS_MAIL_NO_CHANGE", "data": {}})
    body = urlencode({"message": message, "_aop_signature": "0" * 40})
    answer = httpx.post(url, content=body, headers=FORM)
    assert answer.status_code == 401
    assert httpx.post(url, content=urlencode({"message": message}), headers=FORM).status_code == 400
    assert httpx.get(url).status_code == 405


def test_a_repeated_message_is_acted_on_once(url: str, deployed: Deployed, tmp_path: Path) -> None:
    import hashlib
    import hmac

    message = json.dumps(
        {"bizKey": "3400000000000000001", "msgId": 9, "type": "ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE"}
    )
    # The function announces at most one tick per wall-clock minute: start well inside a minute, so
    # the three pushes below fall in one (they take milliseconds; 15 s is room for a loaded machine).
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)
    signature = hmac.new(b"emulator-secret", ("message" + message).encode(), hashlib.sha1).hexdigest().upper()
    body = urlencode({"message": message, "_aop_signature": signature})
    first = httpx.post(url, content=body, headers=FORM)
    again = httpx.post(url, content=body, headers=FORM)
    assert (first.status_code, first.text, again.status_code, again.text) == (200, "success", 200, "success")
    other = json.dumps({"bizKey": "3400000000000000002", "msgId": 10, "type": "LOGISTICS_MAIL_NO_CHANGE"})
    mac = hmac.new(b"emulator-secret", ("message" + other).encode(), hashlib.sha1).hexdigest().upper()
    assert (
        httpx.post(url, content=urlencode({"message": other, "_aop_signature": mac}), headers=FORM).text
        == "success"
    )
    assert _markers(tmp_path / "journal", "1688") == ["10.json", "9.json"]
    assert len(_markers(tmp_path / "journal", "tick")) == 1  # two news in one minute: one tick announced
    assert deployed.functions.settle(60)


def test_without_a_1688_app_every_push_is_refused(deployed: Deployed) -> None:
    answer = httpx.post(f"{deployed.functions.url}/supplier_events", content=b"message=x", headers=FORM)
    assert answer.status_code == 503
