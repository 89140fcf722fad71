"""Invariants: a push is recorded before and after it happens; a crash anywhere in a tick neither
pushes twice nor leaves a row wrong; a repeated tick or shop event changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from shared.app.sheet_plan import alert_code
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.sheets.errors import SheetsError
from tests.e2e.world import AES_KEY, PUSH_TOKEN, World, world
from tests.functions.conftest import Deployed

SEND = "/channels/ec/order/delivery/send"
UPDATE = "/channels/ec/order/deliveryinfo/update"
WRITES = ("spreadsheets.values.batchUpdate", "spreadsheets.batchUpdate", "spreadsheets.values.append")


def _no_sleep(_: float) -> None:
    pass


def _ready_order(w: World, number: str = "SF6026131434978") -> str:
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "快递单号", number)
    return order_id


def test_sheets_failing_after_the_push_neither_pushes_again_nor_leaves_the_row_wrong(tmp_path: Path) -> None:
    with world(tmp_path, sleep=_no_sleep) as w:
        order_id = _ready_order(w)

        def sheets_go_down() -> None:
            # Every retry of the tick's next Sheets call fails: the re-read before the write, so
            # the push has happened and the sheet never hears of it.
            w.sheets_control.add_faults(*[{"code": 503}] * 5)

        with pytest.raises(SheetsError):
            w.tick_during(sheets_go_down)
        assert w.sheets_control.add_faults() == 0
        assert w.shop_calls(SEND) == 1 and w.shop_waybills(order_id) == ["SF6026131434978"]
        assert w.row_of(order_id)["状态"] == "待下单"  # the sheet still shows the state before

        again = w.tick()
        assert again.pushes == []
        assert w.shop_calls(SEND) == 1
        assert w.shop_waybills(order_id) == ["SF6026131434978"]
        assert w.row_of(order_id)["状态"] == "已发货"

        # The journal kept what the sheet lost: a later correction is a correction, not a mismatch.
        w.type_cell(order_id, "快递单号", "SF6026131434979")
        fixed = w.tick()
        assert [(p.kind, p.ok) for p in fixed.pushes] == [("correct", True)]
        assert w.shop_waybills(order_id) == ["SF6026131434979"]
        assert w.row_of(order_id)["状态"] == "已修正"


class _DiesBeforeTheOutcome(LocalDirStore):
    """A journal store whose process dies right after the shop call: the outcome is never written."""

    armed = True

    def create(self, key: str, data: bytes) -> bool:
        if self.armed and key.startswith("push/outcomes/"):
            raise SystemExit("killed between the shop call and the journal's outcome")
        return super().create(key, data)


def test_a_crash_before_the_outcome_is_journaled_is_read_back_not_pushed_again(tmp_path: Path) -> None:
    store = _DiesBeforeTheOutcome(tmp_path / "journal")
    journal = Journal(store)
    with world(tmp_path, journal=journal) as w:
        order_id = _ready_order(w)
        with pytest.raises(SystemExit):
            w.tick()
        store.armed = False
        [intent] = journal.unresolved_intents()
        assert intent.order_id == order_id and w.shop_calls(SEND) == 1

        after = w.tick()
        assert after.pushes == [] and journal.unresolved_intents() == []
        outcome = journal.outcome(intent.key)
        assert outcome is not None and outcome.result == "ok"
        assert w.shop_calls(SEND) == 1
        assert w.shop_waybills(order_id) == ["SF6026131434978"]
        assert w.row_of(order_id)["状态"] == "已发货"


def test_an_answer_lost_after_the_shop_applied_it_is_neither_repeated_nor_lost(tmp_path: Path) -> None:
    """The platform ships (or corrects) the order, then the connection drops before its answer: the
    tick sees a network error. Nothing is sent twice, and the row ends right once the order is read
    back."""
    with world(tmp_path, sleep=_no_sleep) as w:
        order_id = _ready_order(w)
        w.shop_control.set_faults(drop_after_next=1, paths=[SEND])
        first = w.tick()
        assert [p.kind for p in first.pushes] == ["ship"]
        assert w.shop_calls(SEND) == 1 and w.shop_waybills(order_id) == ["SF6026131434978"]

        again = w.tick()
        assert again.pushes == [] and w.shop_calls(SEND) == 1
        assert w.row_of(order_id)["状态"] == "已发货"

        w.type_cell(order_id, "快递单号", "SF6026131434979")
        w.shop_control.set_faults(drop_after_next=1, paths=[UPDATE])
        lost = w.tick()
        assert [p.kind for p in lost.pushes] == ["correct"]
        assert w.shop_calls(UPDATE) == 1 and w.shop_waybills(order_id) == ["SF6026131434979"]

        settled = w.tick()
        assert settled.pushes == [] and w.shop_calls(UPDATE) == 1  # the correction was not sent again
        assert w.row_of(order_id)["状态"] == "已修正"
        w.shop_control.set_faults(paths=[])


def test_a_repeated_tick_pushes_nothing_and_writes_nothing(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        shipped, bad, waiting, cancelled, _new = (w.create_order() for _ in range(5))
        now = datetime.now(UTC)  # one instant for every tick: the countdowns stay the same
        w.tick(now)
        w.type_cell(shipped, "快递单号", "SF6026131434978")
        w.type_cell(bad, "快递单号", "SF12")
        w.type_cell(waiting, "供应商单号", "PO-7")
        w.type_cell(cancelled, "供应商单号", "PO-8")
        w.shop_control.cancel(cancelled)
        first = w.tick(now)
        assert [p.order_id for p in first.pushes] == [shipped]
        states = {r["订单号"]: r["状态"] for r in w.records()}
        w.clear_sheets_log()
        w.shop_control.reset_calls()

        second = w.tick(now)
        assert second.pushes == [] and second.rows_written == 0 and second.new_rows == 0
        counts = w.sheets_counts()
        assert all(counts.get(name, 0) == 0 for name in WRITES), counts
        assert w.shop_calls(SEND) == 0 and w.shop_calls(UPDATE) == 0
        assert {r["订单号"]: r["状态"] for r in w.records()} == states

        # Later ticks, once the orders have left the listing window and are no longer read back:
        # still nothing pushed (a shipped row is never taken for "not shipped yet").
        for hours in (1, 2):
            assert w.tick(now + timedelta(hours=hours)).pushes == []
        assert w.shop_calls(SEND) == 0 and w.row_of(shipped)["状态"] == "已发货"


_REFRESH_EVENT = {
    "ce-id": "refresh-1",
    "ce-specversion": "1.0",
    "ce-source": "//pubsub.googleapis.com/projects/p/topics/refresh",
    "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
    "Content-Type": "application/json",
}


def _refresh(d: Deployed) -> None:
    answer = httpx.post(
        f"{d.functions.url}/refresh", headers=_REFRESH_EVENT, json={"message": {}}, timeout=60
    )
    assert answer.status_code == 200, answer.text


def _deliver_cancellation(d: Deployed, duplicate: bool) -> list[str]:
    """Cancel a fresh order in the shop and let the platform push the event (twice if ``duplicate``);
    the Sheets endpoints the function called while handling it."""
    w = d.world
    order_id = w.create_order()
    w.shop_control.deliver_push()
    _refresh(d)
    w.tick()
    w.type_cell(order_id, "供应商单号", f"PO-{order_id[-4:]}")
    w.clear_sheets_log()
    w.shop_control.cancel(order_id)
    w.shop_control.configure_push(duplicate_next=1 if duplicate else 0)
    results = w.shop_control.deliver_push()
    assert results and all(r["ok"] for r in results)
    # Nothing is announced here (the test unsets the topic): the queue is drained by one refresh, so
    # how the events of one cancellation are coalesced does not depend on delivery timing.
    refreshed = httpx.post(
        f"{d.functions.url}/refresh", headers=_REFRESH_EVENT, json={"message": {}}, timeout=60
    )
    assert refreshed.status_code == 200, refreshed.text
    assert w.row_of(order_id)["状态"] == "已取消"
    return sorted(r["endpoint"] for r in w.sheets_requests())


def test_a_repeated_shop_event_changes_nothing(deployed: Deployed, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every event applied at once: the rate limit that coalesces bursts has its own tests
    # (tests/unit/app/test_event_queue.py, tests/functions/test_event_bursts.py).
    monkeypatch.setenv("WAYBILL_EVENT_MIN_INTERVAL", "0")
    monkeypatch.delenv("WAYBILL_REFRESH_TOPIC")  # drained by hand (_deliver_cancellation)
    w = deployed.world
    w.shop_control.configure_push(
        url=f"{deployed.functions.url}/shop_events", token=PUSH_TOKEN, encoding_aes_key=AES_KEY
    )
    w.shop_control.configure_push(auto=False)
    once = _deliver_cancellation(deployed, duplicate=False)
    twice = _deliver_cancellation(deployed, duplicate=True)
    outbox = w.shop_control.outbox()
    assert any(h.get("duplicate") for item in outbox for h in item["history"])  # it really came twice
    assert twice == once  # ... and the second delivery read nothing and wrote nothing more
    alerts = [a for a in w.records("异常") if "cancelled" in alert_code(a["类型"])]
    assert len(alerts) == len({a["订单号"] for a in alerts}) == 2
