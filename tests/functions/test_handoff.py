"""The hand-off: a public function that cannot publish still keeps the work, and the timer's sync
does it; the refresh function never raises out (its trigger does not retry)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from functions import deps as function_deps
from shared.app.edit_queue import EditQueue
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit, _post

TIMER = {
    "ce-id": "timer-1",
    "ce-specversion": "1.0",
    "ce-source": "//pubsub.googleapis.com/projects/p/topics/tick",
    "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
    "Content-Type": "application/json",
}


def test_an_edit_not_announced_stays_queued_and_the_timers_sync_pushes_it(
    deployed: Deployed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    monkeypatch.setenv("WAYBILL_REFRESH_TOPIC", "no-such-topic")  # Pub/Sub refuses the publish

    answer = _post(deployed, _edit(deployed, order_id, "快递单号", "SF6026131434978"))

    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["announced"] is False
    assert "下一次自动同步" in body["message"] and "next automatic sync" in body["message"]
    deployed.settle()
    queue = EditQueue(Journal(LocalDirStore(tmp_path / "journal")))  # the functions' journal
    assert [p.edit.value for p in queue.pending()] == ["SF6026131434978"]
    assert w.shop_waybills(order_id) == []

    timer = httpx.post(f"{deployed.functions.url}/sync", headers=TIMER, json={"message": {}}, timeout=60)

    assert timer.status_code == 200, timer.text
    assert queue.pending() == ()
    assert w.shop_waybills(order_id) == ["SF6026131434978"]
    edits = [r for r in w.records("日志") if r["操作"] == "修改快递单号"]
    assert [(r["订单号"], r["操作人"]) for r in edits] == [(order_id, "ops@example.com")]


@pytest.mark.slow
def test_a_refresh_that_cannot_reach_the_sheet_keeps_the_edit_and_answers_ok(
    deployed: Deployed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    monkeypatch.setenv("WAYBILL_REFRESH_TOPIC", "no-such-topic")
    assert _post(deployed, _edit(deployed, order_id, "快递单号", "SF6026131434978")).status_code == 202
    monkeypatch.setenv("WAYBILL_SHEETS_API_BASE", "http://127.0.0.1:9")  # nothing listens there
    function_deps.reset()

    answer = httpx.post(f"{deployed.functions.url}/refresh", headers=TIMER, json={"message": {}}, timeout=120)

    assert answer.status_code == 200, answer.text  # nothing raised out: the trigger would not retry
    queue = EditQueue(Journal(LocalDirStore(tmp_path / "journal")))
    assert len(queue.pending()) == 1  # put back for the next drain or the timer's sync
