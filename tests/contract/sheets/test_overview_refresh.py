"""``refresh_overview`` (shared/app/overview.py) against the Sheets emulator: two writers (two shops'
sync instances, each with its own gateway) rewrite the 总览 tab in turn and neither erases the
other shop's row; with the shared quota spent the refresh sends nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from shared.app.overview import refresh_overview
from shared.app.overview_record import record_tick
from shared.app.sheets_quota import QUOTA_KEY, JournalQuota, spending_as
from shared.app.tick import TickReport
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.reconcile.overview import TickCounts
from shared.retry import Deadline, within
from shared.sheets.errors import SheetsNotFound, SheetsQuotaShort
from shared.sheets.gateway import connect
from shared.sheets.http import CallCounter
from shared.sheets.quota import Priority, QuotaState
from shared.sheets.settings import SheetsSettings

NOW = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)
SHOPS = ("north", "south")


def _journals(root: Path) -> dict[str, Journal]:
    return {key: Journal(LocalDirStore(root / "shops" / key)) for key in SHOPS}


def _tab(gateway: Any) -> list[list[Any]]:
    return list(gateway.batch_get(["总览!A1:J10"])[0])


def test_two_writers_in_turn_each_write_every_shops_row(settings: SheetsSettings, tmp_path: Path) -> None:
    journals = _journals(tmp_path)
    north_writer, south_writer = (connect(settings, counter=CallCounter()) for _ in range(2))
    record_tick(journals["north"], NOW, NOW, TickReport(NOW, counts=TickCounts(3, 1, 0, 0)))
    refresh_overview(SHOPS, journals.__getitem__, north_writer, "zh", NOW)
    assert [r[:2] for r in _tab(north_writer)[2:]] == [["north", "正常"], ["south", "尚未同步"]]

    record_tick(journals["south"], NOW, NOW, error=SheetsNotFound("gone", http_status=404))
    refresh_overview(SHOPS, journals.__getitem__, south_writer, "zh", NOW)
    refresh_overview(SHOPS, journals.__getitem__, north_writer, "zh", NOW)  # north again, later
    rows = _tab(north_writer)[2:]
    assert [r[:3] for r in rows] == [["north", "正常", 3], ["south", "同步失败", ""]]
    assert rows[1][-1] == "工作表格读写失败（SheetsNotFound 404）"
    assert north_writer.calls.snapshot() == {
        "spreadsheets.get": 1,
        "spreadsheets.batchUpdate": 2,
        "values.batchGet": 2,
    }


def test_with_the_shared_quota_spent_the_refresh_sends_nothing(
    settings: SheetsSettings, tmp_path: Path
) -> None:
    journals = _journals(tmp_path)
    gateway = connect(settings, counter=CallCounter())
    deployment = Journal(LocalDirStore(tmp_path))
    spent = QuotaState((), tuple((time.time(), int(Priority.EDIT)) for _ in range(60)))
    deployment.store.create(QUOTA_KEY, spent.to_json())  # the operators' edits took the minute's writes
    gateway.http.quota = JournalQuota(deployment)
    with spending_as(Priority.TICK), within(Deadline.after(0.5)), pytest.raises(SheetsQuotaShort):
        refresh_overview(SHOPS, journals.__getitem__, gateway, "zh", NOW)
    assert gateway.calls.snapshot().get("spreadsheets.batchUpdate", 0) == 0
