"""The 物流 cell, and properties of the rules over arbitrary snapshots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.logistics import (
    ALERT_CODES,
    ParcelWatch,
    TrackingEvent,
    TrackingSnapshot,
    TrackingState,
    WatchSettings,
    assess,
    logistics_cell,
)
from tests.unit.logistics.factories import bj, snapshot

T0 = datetime(2026, 11, 20, tzinfo=UTC)


def test_cell_shows_state_time_in_beijing_and_text() -> None:
    snap = snapshot("0", (bj("2026-11-20 16:00"), "1002", "快件离开【杭州转运中心】"))
    assert logistics_cell(snap) == "运输中 · 11-20 16:00 快件离开【杭州转运中心】"
    assert logistics_cell(snap, english=True).startswith("in transit · 11-20 16:00")
    assert logistics_cell(None) == "暂无物流"


def test_long_text_is_cut() -> None:
    snap = snapshot("0", (bj("2026-11-20 16:00"), "1002", "长" * 200))
    assert len(logistics_cell(snap)) < 90 and logistics_cell(snap).endswith("…")


times = st.one_of(st.none(), st.integers(0, 24 * 60).map(lambda h: T0 + timedelta(hours=h)))
events = st.builds(
    TrackingEvent, at=times, text=st.text(max_size=80), state=st.none() | st.sampled_from(list(TrackingState))
)


@settings(max_examples=200, deadline=None)
@given(
    state=st.sampled_from(list(TrackingState)),
    evs=st.lists(events, max_size=6),
    company=st.sampled_from(["", "zhongtong", "yuantong", "nosuch"]),
    hours=st.integers(0, 24 * 90),
)
def test_rules_are_total_and_delivered_is_quiet(
    state: TrackingState, evs: list[TrackingEvent], company: str, hours: int
) -> None:
    snap = TrackingSnapshot("kuaidi100", "N1", company, state, "", None, tuple(evs))
    got = assess(ParcelWatch("N1", "ZTO", T0, snap), WatchSettings(), T0 + timedelta(hours=hours))
    assert got.codes <= set(ALERT_CODES)
    assert len(got.codes) == len(got.alerts)
    for alert in got.alerts:
        assert alert.message.zh and alert.message.en and "\n" not in alert.message.zh
    if state is TrackingState.DELIVERED:
        assert got.codes <= {"courier_mismatch"}
    logistics_cell(snap)
