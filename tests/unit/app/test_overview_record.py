"""Each shop's last tick in its journal (shared/app/overview_record.py): what is recorded, what is
carried over, what is never recorded, and that an error's text (which may hold a secret) is not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.app.config import ConfigError
from shared.app.overview_record import RECORD_KEY, failure_text, read_record, record_tick
from shared.app.tick import TickReport
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.reconcile.overview import TickCounts
from shared.sheets.errors import SheetsUnavailable
from shared.wechat.errors import CredentialError

T0 = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(LocalDirStore(tmp_path / "journal"))


def _ok(counts: TickCounts) -> TickReport:
    return TickReport(T0, counts=counts, stale_minutes=45, near_hours=6)


def test_a_good_tick_is_recorded_with_its_counts_and_the_shops_settings(journal: Journal) -> None:
    record_tick(journal, T0, T0 + timedelta(seconds=20), _ok(TickCounts(3, 1, 1, 2)))
    record = read_record(journal)
    assert record is not None
    assert (record.outcome, record.error, record.failures) == ("ok", None, 0)
    assert (record.started, record.ended, record.last_ok) == (T0, T0 + timedelta(seconds=20), record.ended)
    assert (record.counts, record.stale_minutes, record.near_hours) == (TickCounts(3, 1, 1, 2), 45, 6)
    stored = json.loads((journal.store.read(RECORD_KEY) or pytest.fail("no record")).data)
    assert stored["counts"]["past_ship_by"] == 1


def test_a_failed_tick_is_recorded_over_the_last_good_one(journal: Journal) -> None:
    record_tick(journal, T0, T0 + timedelta(seconds=20), _ok(TickCounts(3, 1, 1, 2)))
    later = T0 + timedelta(minutes=10)
    record_tick(journal, later, later, error=SheetsUnavailable("connection refused to sheets"))
    record = read_record(journal)
    assert record is not None
    assert (record.outcome, record.failures, record.last_ok) == ("failed", 1, T0 + timedelta(seconds=20))
    assert record.counts == TickCounts(3, 1, 1, 2) and record.stale_minutes == 45
    assert record.error is not None and "SheetsUnavailable" in record.error.en


@pytest.mark.parametrize(
    ("report", "outcome", "en"),
    [
        (TickReport(T0, shop_errors={"list": "[40001] invalid credential"}), "partial", "order list"),
        (TickReport(T0, skipped="layout"), "stopped", "header is broken"),
    ],
)
def test_a_tick_that_ran_but_did_not_list_or_stopped_is_failing(
    journal: Journal, report: TickReport, outcome: str, en: str
) -> None:
    record_tick(journal, T0, T0, report)
    record = read_record(journal)
    assert record is not None and record.outcome == outcome and record.failures == 1
    assert record.error is not None and en in record.error.en and "40001" not in record.error.en


def test_a_tick_that_did_not_run_records_nothing(journal: Journal) -> None:
    assert record_tick(journal, T0, T0, TickReport(T0, skipped="another tick is running")) is None
    assert journal.store.read(RECORD_KEY) is None


def test_an_unreadable_record_is_started_afresh(journal: Journal) -> None:
    journal.store.create(RECORD_KEY, b"{not json")
    assert read_record(journal) is None
    record_tick(journal, T0, T0, _ok(TickCounts(1, 0, 0, 0)))
    assert (read_record(journal) or pytest.fail("no record")).counts == TickCounts(1, 0, 0, 0)


def test_an_errors_own_text_never_reaches_the_overview() -> None:
    shown = failure_text(CredentialError(40001, "invalid credential, secret=s3cr3t-VALUE rid: 1"))
    assert "s3cr3t" not in shown.zh + shown.en
    assert shown.en == "the WeChat Shop API failed (CredentialError 40001)"
    assert shown.zh == "微信小店接口失败（CredentialError 40001）"


def test_a_setting_problem_is_shown_in_full_it_names_variables_not_values() -> None:
    shown = failure_text(ConfigError("缺少设置 / missing settings: WAYBILL_SHOP_B_SECRET"))
    assert "WAYBILL_SHOP_B_SECRET" in shown.zh and "WAYBILL_SHOP_B_SECRET" in shown.en
