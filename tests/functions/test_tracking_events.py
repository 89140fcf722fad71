"""tracking_events over HTTP: Kuaidi100's signed pushes, from hand-made bodies and from the emulator.

The emulator subscribes numbers for the tick and pushes to the deployed function; the tick then
assesses the stored snapshots without asking the provider again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from demo.local_functions import LocalFunctions, serve
from functions import deps as function_deps
from shared.app.config import SECRET_VARIABLES
from shared.app.tracking_state import DOC_KEY, load_doc
from shared.logistics import PollPolicy
from tests.e2e.world import World, world

SALT = "salt-for-tests"
ACK = {"result": True, "returnCode": "200", "message": "成功"}


@dataclass
class Rig:
    world: World
    functions: LocalFunctions

    @property
    def url(self) -> str:
        return f"{self.functions.url}/tracking_events"


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Rig]:
    with world(tmp_path, tracking=True) as w:
        for name, value in w.env(tmp_path / "journal").items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("KUAIDI100_SALT", SALT)
        function_deps.reset()
        served = serve()
        try:
            yield Rig(w, served)
        finally:
            served.stop()
            function_deps.reset()


def _push_body(param: dict[str, object], salt: str = SALT) -> bytes:
    text = json.dumps(param, ensure_ascii=False)
    sign = hashlib.md5((text + salt).encode(), usedforsecurity=False).hexdigest().upper()
    return urlencode({"param": text, "sign": sign}).encode()


def _param(number: str) -> dict[str, object]:
    event = {"time": "2026-11-20 10:00:00", "ftime": "2026-11-20 10:00:00", "context": "【杭州市】已揽收"}
    last = {"message": "ok", "nu": number, "com": "zhongtong", "status": "200", "state": "1", "data": [event]}
    return {
        "status": "polling",
        "message": "",
        "autoCheck": "0",
        "comOld": "",
        "comNew": "",
        "lastResult": last,
    }


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_a_signed_push_is_stored_and_acknowledged_exactly(rig: Rig) -> None:
    answer = httpx.post(rig.url, content=_push_body(_param("73100000000031")), headers=FORM)
    assert answer.status_code == 200
    assert answer.content == json.dumps(ACK, ensure_ascii=False).encode()
    doc, _ = load_doc(rig.world.journal)
    entry = doc["numbers"]["73100000000031"]
    assert entry["subscribed"] is True
    assert entry["snapshot"]["events"][0]["text"] == "【杭州市】已揽收"


def test_its_own_secret_set_is_enough(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deployed, tracking_events holds only KUAIDI100_SALT and the journal's key (infra/terraform
    locals.tf function_secrets): with every other secret gone, a push is still stored."""
    for name in SECRET_VARIABLES:
        if name not in {"KUAIDI100_SALT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}:
            monkeypatch.delenv(name, raising=False)
    function_deps.reset()
    answer = httpx.post(rig.url, content=_push_body(_param("73100000000035")), headers=FORM)
    assert answer.status_code == 200 and answer.json() == ACK
    doc, _ = load_doc(rig.world.journal)
    assert doc["numbers"]["73100000000035"]["snapshot"]["events"]


def test_a_bad_signature_is_refused_and_changes_nothing(rig: Rig) -> None:
    for body in (_push_body(_param("73100000000032"), salt="not-our-salt"), b"param=%7B%7D", b"\xff\xfe"):
        answer = httpx.post(rig.url, content=body, headers=FORM)
        assert answer.status_code == 400
        assert answer.json()["result"] is False  # not the acknowledgement: Kuaidi100 retries later
    assert rig.world.journal.store.read(DOC_KEY) is None
    assert httpx.get(rig.url).status_code == 405


def test_emulator_pushes_feed_the_tick_without_queries(rig: Rig) -> None:
    w = rig.world
    assert w.tracking is not None
    # Subscribe through the function's URL; a subscribed number is queried only after a day of silence.
    w.tracking = replace(
        w.tracking,
        callback_url=rig.url,
        salt=SALT,
        policy=PollPolicy(subscribed_refresh=timedelta(days=30)),
    )
    w.set_setting("auto_push", "开")
    w.parcel("73100000000033", "zhongtong", "rejected")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "快递公司", "中通")
    w.type_cell(order_id, "快递单号", "73100000000033")
    w.type_cell(order_id, "供应商单号", "PO-33")
    w.tick()
    first = w.tick()
    assert first.tracking_calls == 1  # the subscription
    w.advance(33)  # the emulator re-checks every 4 h and pushes each change to the function
    pushes = w.kuaidi100_control.log("push")
    assert pushes and all(p["acknowledged"] for p in pushes)
    report = w.tick()
    assert report.tracking_calls == 0
    row = w.row_of(order_id)
    assert row["状态"] == "物流异常" and "拒收" in row["说明"]


def test_a_parcel_handed_over_after_the_provider_gave_up_clears_its_alert(rig: Rig) -> None:
    """Kuaidi100 stops tracking after 3 days without a record (an abort push): the row's no-pickup
    alert would stay for ever. The number is asked again once a day, and the late pickup clears it."""
    w = rig.world
    assert w.tracking is not None and w.kuaidi100 is not None
    w.tracking = replace(w.tracking, callback_url=rig.url, salt=SALT)
    w.set_setting("auto_push", "开")
    number = "73100000000044"
    w.parcel(number, "zhongtong", "normal", start=w.now() + timedelta(hours=90))  # handed over late
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "快递公司", "中通")
    w.type_cell(order_id, "快递单号", number)
    w.tick()
    assert w.tick().tracking_calls == 1  # the subscription
    w.advance(74)  # no record for 3 days: the emulator pushes abort, the number is given up on
    pushes = w.kuaidi100_control.log("push")
    assert [json.loads(p["param"])["status"] for p in pushes] == ["abort"]
    w.tick()
    assert w.row_of(order_id)["状态"] == "物流异常" and "揽收" in w.row_of(order_id)["说明"]
    w.advance(26)  # past the pickup at 90 h, and a day after the abort
    report = w.tick()
    assert report.tracking_calls == 1  # asked again although the provider had given up
    row = w.row_of(order_id)
    assert row["状态"] == "已发货" and row["物流"].startswith("运输中"), row
    # No push will come for it any more: it is polled every 4 h from now on, not once a day.
    w.advance(4.5)
    assert w.tick().tracking_calls == 1


def test_a_replayed_older_push_does_not_overwrite_a_newer_snapshot(rig: Rig) -> None:
    """Issue 14: Kuaidi100 retries pushes and a captured one can be sent again; an older push is
    acknowledged (so it is not retried for ever) but the newer snapshot stays."""
    number = "73100000000033"
    older = _param(number)
    newer = _param(number)
    event = {"time": "2026-11-21 09:00:00", "ftime": "2026-11-21 09:00:00", "context": "【杭州市】已签收"}
    newer["lastResult"] = {**older["lastResult"], "state": "3", "data": [event]}  # type: ignore[dict-item]
    for body in (newer, older):
        answer = httpx.post(rig.url, content=_push_body(body), headers=FORM)
        assert answer.status_code == 200 and answer.json() == ACK
    doc, _ = load_doc(rig.world.journal)
    kept = doc["numbers"][number]["snapshot"]
    assert kept["events"][0]["text"] == "【杭州市】已签收"
    # In order, the newer one still replaces the older one.
    later = {
        "time": "2026-11-21 10:00:00",
        "ftime": "2026-11-21 10:00:00",
        "context": "【杭州市】已签收，再次确认",
    }
    newest = _param(number)
    newest["lastResult"] = {**older["lastResult"], "state": "3", "data": [later]}  # type: ignore[dict-item]
    assert httpx.post(rig.url, content=_push_body(newest), headers=FORM).status_code == 200
    doc, _ = load_doc(rig.world.journal)
    assert doc["numbers"][number]["snapshot"]["events"][0]["text"] == "【杭州市】已签收，再次确认"
