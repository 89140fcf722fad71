"""The quota buckets shared through the journal (shared/app/sheets_quota.py): two gates on one journal
are one pair of buckets; a short bucket waits for the token's return, or raises before the deadline."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.app.sheets_quota import JournalQuota, spending_as
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.retry import Deadline, within
from shared.sheets.errors import SheetsQuotaShort, SheetsRateLimited
from shared.sheets.quota import Priority, QuotaLimits

LIMITS = QuotaLimits(reads=4, writes=4, window=60.0, margin=0, event_reserve=1, tick_reserve=2, pace=0)


class Time:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _gates(tmp_path: Path, time: Time) -> tuple[JournalQuota, JournalQuota]:
    """Two function instances: their own gate objects over one journal."""
    journal = Journal(LocalDirStore(tmp_path))
    return (
        JournalQuota(journal, LIMITS, time.clock, time.sleep),
        JournalQuota(journal, LIMITS, time.clock, time.sleep),
    )


def test_two_instances_spend_from_one_pair_of_buckets(tmp_path: Path) -> None:
    time = Time()
    one, other = _gates(tmp_path, time)
    one.spend("read")
    one.spend("read")
    other.spend("read")
    other.spend("write")
    assert one.headroom() == {"reads": 1, "writes": 3}
    assert other.headroom() == one.headroom()
    assert time.slept == []


def test_a_short_bucket_waits_for_the_token_to_come_back(tmp_path: Path) -> None:
    time = Time()
    one, other = _gates(tmp_path, time)
    for _ in range(4):
        one.spend("write")
    time.now += 10
    other.spend("write")  # the first token comes back 60 s after it was spent
    assert time.now == pytest.approx(1060.0)
    assert sum(time.slept) == pytest.approx(50.0)
    assert other.headroom()["writes"] == 3  # the three spent with it came back too, one is spent


def test_no_token_before_the_deadline_raises_before_anything_is_sent(tmp_path: Path) -> None:
    time = Time()
    one, _ = _gates(tmp_path, time)
    for _ in range(4):
        one.spend("read")
    with within(Deadline.after(20.0, time.clock)), pytest.raises(SheetsQuotaShort) as refused:
        one.spend("read")
    assert isinstance(refused.value, SheetsRateLimited)  # deferred by the callers, as a 429 would be
    assert refused.value.retry_after == pytest.approx(60.0)
    assert time.slept == []
    assert one.headroom()["reads"] == 0  # nothing was spent


def test_the_tick_leaves_headroom_that_an_edit_may_use(tmp_path: Path) -> None:
    time = Time()
    one, _ = _gates(tmp_path, time)
    with spending_as(Priority.TICK):
        one.spend("write")
        one.spend("write")  # 2 left: the tick's reserve
        with within(Deadline.after(5.0, time.clock)), pytest.raises(SheetsQuotaShort):
            one.spend("write")
    with spending_as(Priority.EVENT):
        one.spend("write")  # events keep 1
    one.spend("write")  # an edit takes the last
    assert one.headroom()["writes"] == 0


def test_waiting_for_a_pass_spends_nothing(tmp_path: Path) -> None:
    time = Time()
    one, _ = _gates(tmp_path, time)
    one.spend("read")
    time.now += 10
    one.spend("read")
    one.spend("read")
    one.wait_for(1, 1)
    assert time.slept == []
    one.wait_for(2, 1)  # two reads: until the first spend leaves the window
    assert time.now == pytest.approx(1060.0)
    assert one.headroom() == {"reads": 2, "writes": 4}
