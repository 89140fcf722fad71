"""Each exception rule: raised when its condition holds, cleared when resolved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.logistics import Assessment, ParcelWatch, WatchSettings, assess, changes
from shared.logistics.rules import (
    COURIER_MISMATCH,
    NO_PICKUP,
    OVERDUE,
    PROBLEM,
    REJECTED,
    RETURNED,
    STALLED,
)
from tests.unit.logistics.factories import HOUR, bj, snapshot

S = WatchSettings()
PUSHED = bj("2026-11-20 10:00")


def watch(snap: object = None, **kw: object) -> ParcelWatch:
    return ParcelWatch("78123456789012", "ZTO", PUSHED, snap, **kw)  # type: ignore[arg-type]


def codes(a: Assessment) -> set[str]:
    return set(a.codes)


def level(a: Assessment, code: str) -> str:
    return next(x.level for x in a.alerts if x.code == code)


def test_no_pickup_warns_then_raises_then_clears_on_pickup() -> None:
    assert assess(watch(), S, PUSHED + 23 * HOUR).alerts == ()
    warned = assess(watch(), S, PUSHED + 25 * HOUR)
    assert level(warned, NO_PICKUP) == "warning" and not warned.is_exception
    raised = assess(watch(), S, PUSHED + 49 * HOUR)
    assert level(raised, NO_PICKUP) == "exception" and raised.is_exception
    alert = raised.alerts[0]
    assert "11-20 10:00" in alert.message.zh and "北京时间" in alert.message.zh
    assert "Beijing time" in alert.message.en
    picked = snapshot("103", (PUSHED + 48 * HOUR, "103", "快递员已揽件"))
    cleared = assess(watch(picked), S, PUSHED + 49 * HOUR)
    assert NO_PICKUP not in codes(cleared)
    assert changes(raised.codes, cleared).cleared == {NO_PICKUP}


def test_awaiting_pickup_events_do_not_count_as_pickup() -> None:
    waiting = snapshot("102", (PUSHED, "102", "待揽收"))
    assert NO_PICKUP in codes(assess(watch(waiting), S, PUSHED + 50 * HOUR))


def test_provider_giving_up_is_an_immediate_no_pickup_exception() -> None:
    from shared.logistics import read_push

    notice = read_push({"status": "abort", "message": "3天查询无记录", "lastResult": {}})
    assert notice is not None
    got = assess(watch(notice.snapshot), S, PUSHED + 1 * HOUR)
    assert level(got, NO_PICKUP) == "exception"


def test_stalled_in_transit_raises_and_clears_on_newer_event() -> None:
    last = PUSHED + 5 * HOUR
    moving = snapshot("0", (PUSHED + 1 * HOUR, "103", "已揽收"), (last, "1002", "离开杭州转运中心"))
    assert STALLED not in codes(assess(watch(moving), S, last + 47 * HOUR))
    assert level(assess(watch(moving), S, last + 49 * HOUR), STALLED) == "warning"
    raised = assess(watch(moving), S, last + 73 * HOUR)
    assert level(raised, STALLED) == "exception"
    assert "72小时" in raised.alerts[0].message.zh or "73小时" in raised.alerts[0].message.zh
    newer = snapshot(
        "0",
        (PUSHED + 1 * HOUR, "103", "已揽收"),
        (last, "1002", "离开杭州转运中心"),
        (last + 72 * HOUR, "1001", "到达广州"),
    )
    cleared = assess(watch(newer), S, last + 73 * HOUR)
    assert STALLED not in codes(cleared)
    assert changes(raised.codes, cleared).cleared == {STALLED}


def test_last_mile_stall_uses_its_own_threshold() -> None:
    out = snapshot("5", (PUSHED + 1 * HOUR, "103", "已揽收"), (PUSHED + 30 * HOUR, "5", "派件中"))
    assert STALLED not in codes(assess(watch(out), S, PUSHED + 65 * HOUR))
    assert level(assess(watch(out), S, PUSHED + 67 * HOUR), STALLED) == "exception"


def test_stall_counts_from_event_time_not_from_when_we_asked() -> None:
    # Same snapshot, asked at two times: only the event's own time matters.
    snap = snapshot("0", (PUSHED, "1002", "运输中"))
    assert STALLED in codes(assess(watch(snap), S, PUSHED + 80 * HOUR))


@pytest.mark.parametrize(
    ("code", "state_code", "text"),
    [
        (RETURNED, "6", "包裹退回中"),
        (RETURNED, "4", "已退回寄件人签收"),
        (REJECTED, "14", "收件人拒签"),
        (REJECTED, "203", "收件人拒收"),
        (PROBLEM, "2", "疑难件"),
        (PROBLEM, "204", "派件异常"),
        (PROBLEM, "209", "包裹破损"),
        (PROBLEM, "13", "清关异常"),
    ],
)
def test_trouble_states_raise_at_once_and_clear_on_a_later_normal_event(
    code: str, state_code: str, text: str
) -> None:
    at = PUSHED + 30 * HOUR
    bad = snapshot(state_code, (PUSHED + 1 * HOUR, "103", "已揽收"), (at, state_code, text))
    raised = assess(watch(bad), S, at + 1 * HOUR)
    assert level(raised, code) == "exception"
    alert = next(a for a in raised.alerts if a.code == code)
    assert text in alert.message.zh and alert.message.en
    fixed = snapshot(
        "302",
        (PUSHED + 1 * HOUR, "103", "已揽收"),
        (at, state_code, text),
        (at + 5 * HOUR, "302", "派件异常后已签收"),
    )
    cleared = assess(watch(fixed), S, at + 6 * HOUR)
    assert cleared.alerts == ()
    assert code in changes(raised.codes, cleared).cleared


def test_too_long_in_transit_warns_raises_and_clears_on_delivery() -> None:
    start = PUSHED + 2 * HOUR
    steps = [(start, "103", "已揽收")] + [(start + k * 24 * HOUR, "1002", f"中转{k}") for k in range(1, 17)]
    moving = snapshot("0", *steps)
    now = start + 16 * 24 * HOUR + 1 * HOUR
    raised = assess(watch(moving), S, now)
    assert level(raised, OVERDUE) == "exception" and STALLED not in codes(raised)
    assert level(assess(watch(moving), S, start + 8 * 24 * HOUR), OVERDUE) == "warning"
    delivered = snapshot("301", *steps, (now, "301", "本人签收"))
    assert assess(watch(delivered), S, now + 1 * HOUR).alerts == ()


def test_courier_reported_by_provider_differs_from_pushed() -> None:
    snap = snapshot("0", (PUSHED, "1002", "运输中"), com="yuantong")
    raised = assess(watch(snap), S, PUSHED + 1 * HOUR)
    alert = next(a for a in raised.alerts if a.code == COURIER_MISMATCH)
    assert "圆通" in alert.message.zh and "中通" in alert.message.zh and "YTO" in alert.message.en
    # cleared once we pushed the corrected courier
    fixed = ParcelWatch("78123456789012", "YTO", PUSHED, snap)
    assert COURIER_MISMATCH not in codes(assess(fixed, S, PUSHED + 1 * HOUR))


def test_courier_reported_by_recognition_without_snapshot() -> None:
    got = assess(watch(None, reported_company="shentong"), S, PUSHED + 1 * HOUR)
    assert COURIER_MISMATCH in codes(got)
    assert COURIER_MISMATCH not in codes(assess(watch(None, reported_company="zhongtong"), S, PUSHED))


def test_delivered_parcel_has_no_alerts() -> None:
    done = snapshot("3", (PUSHED + 1 * HOUR, "103", "已揽收"), (PUSHED + 40 * HOUR, "3", "已签收"))
    assert assess(watch(done), S, PUSHED + 400 * HOUR).alerts == ()


def test_provider_failing_holds_previous_alerts() -> None:
    held = assess(watch(None, provider_failing=True), S, PUSHED + 100 * HOUR)
    assert held.held and held.alerts == ()
    kept = changes({STALLED}, held)
    assert kept.kept == {STALLED} and not kept.cleared and not kept.raised


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        assess(watch(), S, datetime(2026, 11, 20, 12, 0))


def test_codes_are_stable_strings() -> None:
    got = assess(watch(), S, PUSHED + timedelta(days=3))
    assert [a.code for a in got.alerts] == ["no_pickup"]
    assert got.alerts[0].since == PUSHED.astimezone(UTC)
