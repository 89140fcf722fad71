"""The logistics watch's state document and settings: summaries, concurrent pushes, thresholds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from shared.app.tracking_state import load_doc, snapshot_from, snapshot_json, store_push
from shared.app.tracking_watch import TrackingWatch, watch_settings
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.logistics import (
    Category,
    PushNotice,
    TrackingEvent,
    TrackingSnapshot,
    TrackingState,
    WatchSettings,
)
from shared.sheets.layout import build_table
from shared.sheets.workspace_settings import settings_layout

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _snapshot(
    number: str, state: TrackingState, *events: tuple[float, str, TrackingState]
) -> TrackingSnapshot:
    return TrackingSnapshot(
        "kuaidi100",
        number,
        "zhongtong",
        state,
        "5",
        Category.STALLED if state is TrackingState.PROBLEM else None,
        tuple(TrackingEvent(NOW - timedelta(hours=h), text, "杭州", "", s) for h, text, s in events),
    )


def test_the_summary_keeps_what_the_rules_read() -> None:
    snap = _snapshot(
        "73100000000001",
        TrackingState.OUT_FOR_DELIVERY,
        (1, "派件中", TrackingState.OUT_FOR_DELIVERY),
        (10, "干线", TrackingState.IN_TRANSIT),
        (20, "已揽收", TrackingState.IN_TRANSIT),
        (22, "待揽收", TrackingState.INFO_RECEIVED),
    )
    back = snapshot_from(snapshot_json(snap))
    assert back is not None and len(back.events) == 2
    assert (back.state, back.provider_company, back.last_event_text) == (snap.state, "zhongtong", "派件中")
    assert back.last_event_at == snap.last_event_at and back.picked_up_at == snap.picked_up_at
    assert snapshot_from({"state": "nonsense"}) is None


def test_a_push_arriving_while_the_tick_runs_is_not_lost(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    row = SheetRow(2, "O1", courier="中通", tracking_cell="73100000000001", state=RowState.SHIPPED)
    first = TrackingWatch(journal, None)
    first.run([row], WatchSettings(), NOW)
    first.save()
    tick = TrackingWatch(journal, None)  # the tick has read the document...
    moving = _snapshot("73100000000001", TrackingState.IN_TRANSIT, (1, "已揽收", TrackingState.IN_TRANSIT))
    store_push(journal, PushNotice("polling", "", False, "", "", moving), NOW)  # ...then a push lands
    tick.run([row], WatchSettings(), NOW + timedelta(hours=60))  # no pickup seen: an alert
    tick.save()
    entry = load_doc(journal)[0]["numbers"]["73100000000001"]
    assert entry["snapshot"]["events"][0]["text"] == "已揽收" and entry["subscribed"] is True
    assert entry["alert"][0] == "no_pickup"  # judged on what the tick knew; the next tick re-judges


def test_rows_that_leave_the_sheet_leave_the_document(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    rows = [SheetRow(2, "O1", courier="中通", tracking_cell="73100000000001", state=RowState.SHIPPED)]
    watch = TrackingWatch(journal, None)
    assert set(watch.run(rows, WatchSettings(), NOW).views) == {"O1"}
    watch.save()
    later = TrackingWatch(journal, None)
    assert later.run([], WatchSettings(), NOW).views == {}
    later.save()
    assert load_doc(journal)[0]["numbers"] == {}


def test_thresholds_come_from_the_settings_tab_days_and_hours() -> None:
    values: list[list[object]] = [
        ["键", "设置项", "值", "说明"],
        ["pickup_days", "", "0.5", ""],  # 12 h: the 24 h warning follows it down
        ["stall_days", "", "三天", ""],  # unreadable: default
        ["overdue_hours", "", "100", ""],
        ["stall_warn_hours", "", "2", ""],  # below 8 h would flag polling gaps: default
    ]
    got = watch_settings(build_table(settings_layout(), values))
    assert (got.no_pickup_hours, got.no_pickup_warn_hours) == (12.0, 12.0)
    assert (got.stall_hours, got.stall_warn_hours) == (72.0, 48.0)
    assert (got.overdue_hours, got.overdue_warn_hours) == (100.0, 100.0)
    assert watch_settings(None) == WatchSettings()


@given(
    typed=st.fixed_dictionaries(
        {
            key: st.one_of(st.text(max_size=12), st.floats(allow_nan=True).map(repr))
            for key in (
                "pickup_days",
                "stall_days",
                "no_pickup_warn_hours",
                "stall_warn_hours",
                "last_mile_stall_hours",
                "overdue_warn_hours",
                "overdue_hours",
            )
        }
    )
)
def test_whatever_the_tab_holds_the_thresholds_are_coherent(typed: dict[str, str]) -> None:
    """Any text in any threshold row: the watch gets thresholds ``validated`` accepts (it raised
    nothing before either, but dropped values silently; now each refused one is a noted problem)."""
    rows: list[list[object]] = [["键", "设置项", "值", "说明"], *([k, "", v, ""] for k, v in typed.items())]
    got = watch_settings(build_table(settings_layout(), rows))
    assert got.validated() == got
    assert got.no_pickup_warn_hours <= got.no_pickup_hours and got.stall_warn_hours <= got.stall_hours


def test_an_older_push_leaves_the_newer_snapshot(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    number = "73100000000009"
    newer = _snapshot(number, TrackingState.OUT_FOR_DELIVERY, (1, "派件中", TrackingState.OUT_FOR_DELIVERY))
    older = _snapshot(number, TrackingState.IN_TRANSIT, (10, "干线", TrackingState.IN_TRANSIT))
    store_push(journal, PushNotice("polling", "", False, "", "", newer), NOW)
    store_push(journal, PushNotice("polling", "", False, "", "", older), NOW + timedelta(minutes=5))
    doc, _ = load_doc(journal)
    assert doc["numbers"][number]["snapshot"]["events"][0]["text"] == "派件中"
    assert doc["numbers"][number]["last_update_at"] == NOW.isoformat()
