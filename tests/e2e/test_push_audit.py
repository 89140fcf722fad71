"""One record of truth per push, through the real tick on the emulators: every change on the shop has
exactly one audit entry (who, old, new, reason, source), whatever happened to the answer or to the
process; an answer that never came is checked, not called a failure; a retry's outcome is its own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from shared.app.log_rebuild import rebuild_log
from shared.app.pushes import READ_BACK_GRACE
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.journal.records import AuditEntry, PushOutcome
from shared.reconcile.messages import push_unconfirmed
from shared.wechat.client import WeChatShopClient
from shared.wechat.delivery import OutgoingPackage, WaybillChange
from shared.wechat.retry_rules import DEFAULT_RETRY
from tests.e2e.world import World, world

SEND = "/channels/ec/order/delivery/send"
NUMBER = "SF6026131434978"
LATER = READ_BACK_GRACE + timedelta(minutes=1)


def _no_sleep(_: float) -> None:
    pass


def _ready_order(w: World, number: str = NUMBER) -> str:
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "快递单号", number)
    return order_id


def _pushes(w: World, order_id: str) -> list[AuditEntry]:
    return [e for e in w.journal.entries() if e.order_id == order_id and e.action in ("ship", "correct")]


def _outcomes(w: World, order_id: str) -> list[PushOutcome | None]:
    return [outcome for _, outcome in sorted(w.journal.pushes_for(order_id, w.now()), key=lambda p: p[0].at)]


def _logged(w: World, order_id: str) -> list[dict[str, str]]:
    return [r for r in w.records("日志") if r["订单号"] == order_id and r["操作"] == "推送单号到小店"]


@contextmanager
def _impatient_shop(w: World, timeout: float) -> Iterator[None]:
    """The shop client gives up after ``timeout`` seconds and never sleeps between retries."""
    patient = w.shop
    w.shop = WeChatShopClient(
        patient.appid,
        w.shop_secret,
        base_url=w.shop_url,
        timeout=timeout,
        sleep=_no_sleep,
        retry_policy=replace(DEFAULT_RETRY, attempts=3),
    )
    try:
        yield
    finally:
        w.shop.close()
        w.shop = patient


def _wait_for(w: World, order_id: str, number: str) -> None:
    """Until the emulator has carried out the late write (a wait, not a pass/fail timing)."""
    deadline = time.monotonic() + 10
    while number not in w.shop_waybills(order_id) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert number in w.shop_waybills(order_id)


@pytest.mark.slow
def test_a_send_applied_after_the_client_gave_up_is_checked_then_recorded_once_as_ok(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        with _impatient_shop(w, timeout=0.5):
            # The platform carries the send out after 3 s: the client has timed out, and its own
            # read-back right after the timeout does not find the number yet.
            w.shop_control.set_latency(ms=3000, path=SEND)
            first = w.tick()
            w.shop_control.set_latency(ms=0, path=SEND)
        [push] = first.pushes
        assert push.unknown and not push.ok
        assert _outcomes(w, order_id) == [None]  # unknown is not failed: nothing recorded
        assert _pushes(w, order_id) == []
        assert w.row_of(order_id)["说明"] == push_unconfirmed().zh
        assert [a for a in w.records("异常") if a["订单号"] == order_id] == []

        _wait_for(w, order_id, NUMBER)
        settled = w.tick()
        assert settled.pushes == [] and w.shop_calls(SEND) == 1
        [outcome] = _outcomes(w, order_id)
        assert outcome is not None and outcome.result == "ok"
        [entry] = _pushes(w, order_id)
        assert (entry.actor, entry.old, entry.new, entry.source, entry.result) == (
            "system",
            "",
            NUMBER,
            "sync",
            "ok",
        )
        assert entry.reason == "validated and ready"
        assert w.row_of(order_id)["状态"] == "已发货"
        assert len(_logged(w, order_id)) == 1

        w.tick(w.now() + LATER)
        assert len(_pushes(w, order_id)) == 1 and len(_logged(w, order_id)) == 1


def test_a_send_that_never_arrived_waits_for_the_grace_delay_then_is_not_applied_and_retried(
    tmp_path: Path,
) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.shop_control.set_faults(drop_next=1, paths=[SEND])  # closed before it is carried out
        first = w.tick()
        w.shop_control.set_faults(paths=[])
        assert [p.unknown for p in first.pushes] == [True] and w.shop_waybills(order_id) == []

        soon = w.tick()  # within the grace delay: no verdict, and no second push meanwhile
        assert soon.pushes == [] and w.shop_calls(SEND) == 1
        assert _outcomes(w, order_id) == [None]
        assert w.row_of(order_id)["说明"] == push_unconfirmed().zh

        later = w.tick(w.now() + LATER)
        assert [(p.kind, p.ok) for p in later.pushes] == [("ship", True)]  # a new attempt
        assert w.shop_calls(SEND) == 2 and w.shop_waybills(order_id) == [NUMBER]
        outcomes = _outcomes(w, order_id)
        assert [(o.result, o.code) for o in outcomes if o is not None] == [
            ("failed", "not_applied"),
            ("ok", None),
        ]
        assert [e.result.split(":")[0] for e in _pushes(w, order_id)] == ["failed not_applied", "ok"]
        assert w.row_of(order_id)["状态"] == "已发货"


def test_a_retry_after_a_refused_attempt_is_recorded_ok(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        with _impatient_shop(w, timeout=5):
            w.shop_control.set_faults(busy_next=3, paths=[SEND])  # every attempt of this tick
            refused = w.tick()
            w.shop_control.set_faults(paths=[])
            assert [(p.ok, p.code, p.unknown) for p in refused.pushes] == [(False, "-1", False)]
            retried = w.tick()
        assert [(p.kind, p.ok) for p in retried.pushes] == [("ship", True)]
        keys = [intent.key for intent, _ in w.journal.pushes_for(order_id, w.now())]
        assert len(set(keys)) == 2  # one intent per attempt
        outcomes = _outcomes(w, order_id)
        assert [o.result for o in outcomes if o is not None] == ["failed", "ok"]
        assert [e.result.split(":")[0] for e in _pushes(w, order_id)] == ["failed -1", "ok"]
        assert w.row_of(order_id)["状态"] == "已发货"


class _DiesAfterTheOutcome(LocalDirStore):
    """A journal store whose process dies right after a push's outcome, before its audit entry."""

    armed = True

    def create(self, key: str, data: bytes) -> bool:
        if self.armed and key.startswith("audit/") and "-push-" in key:
            raise SystemExit("killed between the outcome and the audit entry")
        return super().create(key, data)


def test_a_crash_between_the_outcome_and_its_audit_entry_is_repaired_to_one_entry(tmp_path: Path) -> None:
    store = _DiesAfterTheOutcome(tmp_path / "journal")
    journal = Journal(store)
    with world(tmp_path, journal=journal) as w:
        order_id = _ready_order(w)
        with pytest.raises(SystemExit):
            w.tick()
        store.armed = False
        [outcome] = _outcomes(w, order_id)
        assert outcome is not None and outcome.result == "ok" and _pushes(w, order_id) == []

        repaired = w.tick()
        assert repaired.pushes == [] and w.shop_calls(SEND) == 1
        [entry] = _pushes(w, order_id)
        assert (entry.actor, entry.new, entry.reason, entry.result) == (
            "system",
            NUMBER,
            "validated and ready",
            "ok",
        )
        assert w.row_of(order_id)["状态"] == "已发货"
        assert [r["结果"] for r in _logged(w, order_id)] == ["成功"]
        assert not any(e.action == "found_on_shop" for e in w.journal.entries())  # it was our push

        w.tick(w.now() + LATER)
        assert len(_pushes(w, order_id)) == 1
        w.clear_tab("日志")  # rebuilt from the journal: the push once there too
        rebuild_log(w.gateway, w.journal)
        assert len(_logged(w, order_id)) == 1


def test_a_crash_before_the_outcome_is_read_back_with_one_audit_entry(tmp_path: Path) -> None:
    class _DiesBeforeTheOutcome(LocalDirStore):
        armed = True

        def create(self, key: str, data: bytes) -> bool:
            if self.armed and key.startswith("push/outcomes/"):
                raise SystemExit("killed between the shop call and the journal's outcome")
            return super().create(key, data)

    store = _DiesBeforeTheOutcome(tmp_path / "journal")
    with world(tmp_path, journal=Journal(store)) as w:
        order_id = _ready_order(w)
        with pytest.raises(SystemExit):
            w.tick()
        store.armed = False
        w.tick()
        w.tick()
        [entry] = _pushes(w, order_id)
        assert (entry.actor, entry.old, entry.new, entry.source, entry.result) == (
            "system",
            "",
            NUMBER,
            "sync",
            "ok",
        )
        assert entry.reason == "validated and ready"
        assert len(_logged(w, order_id)) == 1 and w.row_of(order_id)["状态"] == "已发货"


def _found(w: World, order_id: str) -> list[AuditEntry]:
    return [e for e in w.journal.entries() if e.order_id == order_id and e.action == "found_on_shop"]


def test_a_number_typed_into_the_shop_backend_is_journaled_once_as_found_on_the_shop(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        by_hand, corrected = w.create_order(), w.create_order()
        w.tick()
        w.shop.ship(by_hand, [OutgoingPackage("SF", NUMBER)])  # shipped in the shop backend
        w.type_cell(by_hand, "快递单号", NUMBER)  # ... and the operator types the same number
        w.type_cell(corrected, "快递单号", "SF6026131434970")
        w.tick()
        assert w.shop_waybills(corrected) == ["SF6026131434970"]
        # A correction made in the shop backend, then copied into the sheet.
        w.shop.update_delivery(corrected, [WaybillChange("SF", "SF6026131434970", "SF", "SF6026131434971")])
        w.type_cell(corrected, "快递单号", "SF6026131434971")
        w.tick()
        w.tick(w.now() + LATER)

        [found] = _found(w, by_hand)
        assert (found.actor, found.old, found.new, found.source) == ("shop", "", NUMBER, "shop")
        [fixed] = _found(w, corrected)
        assert (fixed.actor, fixed.old, fixed.new) == ("shop", "SF6026131434970", "SF6026131434971")
        assert fixed.reason == found.reason == "the shop has numbers this system did not push"
        assert _pushes(w, by_hand) == [] and len(_pushes(w, corrected)) == 1  # ours: the first number
        assert [r["操作"] for r in w.records("日志") if r["订单号"] == by_hand] == ["在小店发现快递单号"]


def test_a_row_filled_from_the_shop_is_journaled_by_its_fill_only(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = w.create_order()
        w.tick()
        w.shop.ship(order_id, [OutgoingPackage("SF", NUMBER)])
        w.tick()
        w.tick(w.now() + LATER)
        assert w.row_of(order_id)["快递单号"] == NUMBER
        entries = [e for e in w.journal.entries() if e.order_id == order_id]
        assert [(e.actor, e.action, e.new) for e in entries if e.field_name == "tracking_numbers"] == [
            ("shop", "fill", NUMBER)
        ]
