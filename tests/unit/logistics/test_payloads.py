"""Reading Kuaidi100 query replies and pushes into snapshots."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from shared.logistics import TrackingState, read_push, read_query_reply
from shared.logistics.model import Category
from tests.unit.logistics.factories import bj, event, reply


def test_success_reply_gives_newest_event_in_utc() -> None:
    data = reply(
        "5",
        [event(bj("2026-11-20 08:00"), "已揽收", "103"), event(bj("2026-11-21 09:30"), "派件中", "5")],
    )
    got = read_query_reply(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert got.ok and got.snapshot is not None
    snap = got.snapshot
    assert snap.state is TrackingState.OUT_FOR_DELIVERY
    assert snap.last_event_at == datetime(2026, 11, 21, 1, 30, tzinfo=UTC)  # 09:30 Beijing
    assert snap.last_event_text == "派件中"
    assert snap.picked_up_at == datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    assert snap.provider_company == "zhongtong"


def test_ascending_order_is_put_newest_first() -> None:
    data = reply("0", [])
    data["data"] = [event(bj("2026-11-20 08:00"), "a"), event(bj("2026-11-20 18:00"), "b")]
    snap = read_query_reply(data).snapshot
    assert snap is not None and snap.last_event_text == "b"


def test_pickup_time_skips_awaiting_pickup_events() -> None:
    data = reply(
        "0",
        [event(bj("2026-11-19 08:00"), "已下单", "101"), event(bj("2026-11-20 08:00"), "已揽收", "103")],
    )
    snap = read_query_reply(data).snapshot
    assert snap is not None and snap.picked_up_at == bj("2026-11-20 08:00")


def test_no_data_yet_has_no_events() -> None:
    snap = read_query_reply({"status": "200", "state": "", "data": []}).snapshot
    assert snap is not None and snap.state is TrackingState.PENDING and snap.last_event_at is None


def test_failure_reply_carries_return_code() -> None:
    got = read_query_reply({"result": False, "returnCode": "408", "message": "验证码错误"})
    assert not got.ok and got.return_code == "408" and got.message == "验证码错误"


def test_unreadable_reply_is_a_failure_without_code() -> None:
    for junk in (b"\xff\xfe", "<html>", "[]", None, {"status": "500"}):
        got = read_query_reply(junk)
        assert not got.ok and got.snapshot is None


def test_polling_push_is_read() -> None:
    last = reply("0", [event(bj("2026-11-20 08:00"), "运输中", "1002")])
    notice = read_push(json.dumps({"status": "polling", "message": "", "lastResult": last}))
    assert notice is not None and notice.status == "polling" and not notice.auto_check
    assert notice.snapshot is not None and notice.snapshot.state is TrackingState.IN_TRANSIT


def test_abort_without_records_and_without_new_company_is_expired() -> None:
    notice = read_push(
        {"status": "abort", "message": "3天查询无记录", "comNew": "", "lastResult": {"data": []}}
    )
    assert notice is not None and notice.snapshot is not None
    assert notice.snapshot.state is TrackingState.EXPIRED
    assert notice.snapshot.category is Category.NOT_PICKED_UP


def test_abort_with_new_company_reports_that_company() -> None:
    param = {
        "status": "abort",
        "message": "3天查询无记录",
        "autoCheck": "1",
        "comOld": "yuantong",
        "comNew": "zhongtong",
        "lastResult": {"com": "yuantong", "nu": "78123", "data": []},
    }
    notice = read_push(json.dumps(param))
    assert notice is not None and notice.auto_check and notice.com_old == "yuantong"
    assert notice.snapshot is not None
    assert notice.snapshot.provider_company == "zhongtong"
    assert notice.snapshot.state is TrackingState.PENDING


def test_push_without_status_is_not_a_push() -> None:
    assert read_push("{}") is None
    assert read_push("not json") is None


def test_basic_pickup_state_needs_the_event_code_to_count_as_picked_up() -> None:
    awaiting = reply("1", [event(bj("2026-11-20 08:00"), "商家已下单")])
    snap = read_query_reply(awaiting).snapshot
    assert snap is not None and snap.state is TrackingState.INFO_RECEIVED and not snap.picked_up
    picked = reply("1", [event(bj("2026-11-20 08:00"), "已揽收", "103")])
    snap = read_query_reply(picked).snapshot
    assert snap is not None and snap.state is TrackingState.IN_TRANSIT and snap.provider_code == "103"


def test_a_contradicting_event_code_does_not_override_the_parcel_state() -> None:
    signed = reply("3", [event(bj("2026-11-20 08:00"), "派件中", "5")])
    snap = read_query_reply(signed).snapshot
    assert snap is not None and snap.state is TrackingState.DELIVERED
