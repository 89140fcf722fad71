"""``recent_entries`` reads a past day from one digest object, and never trusts a stale one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from shared.journal.journal import DIGESTS, Journal
from shared.journal.records import AuditEntry
from shared.journal.store import ObjectStore, Stored

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


class CountingStore:
    """The store, counting the objects read (the digest's whole point is fewer of them)."""

    def __init__(self, inner: ObjectStore) -> None:
        self.inner = inner
        self.reads = 0

    def read(self, key: str) -> Stored | None:
        self.reads += 1
        return self.inner.read(key)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def entry(at: datetime, order: str, new: str = "x") -> AuditEntry:
    return AuditEntry(at, "system", "fill", order, "tracking_numbers", "", new, "supplier", "r", "ok")


def test_a_past_day_is_read_from_its_digest_with_the_same_entries(store: ObjectStore) -> None:
    journal = Journal(store)
    past = [entry(NOW - timedelta(days=2, minutes=i), f"o{i}", new="单号\n二") for i in range(20)]
    today = [entry(NOW - timedelta(minutes=i), f"t{i}") for i in range(3)]
    for e in [*past, *today]:
        journal.append(e)
    first = journal.recent_entries(NOW, 5)
    assert first == sorted([*past, *today], key=lambda e: e.at)
    assert store.keys(DIGESTS) == [f"{DIGESTS}2026/12/04.json"]  # past days only, not today

    counting = CountingStore(store)
    again = Journal(counting).recent_entries(NOW, 5)  # type: ignore[arg-type]
    assert again == first
    assert counting.reads == 1 + len(today)  # the digest, and today's entries one by one


def test_an_entry_landing_in_a_digested_day_is_seen_and_the_digest_rebuilt(store: ObjectStore) -> None:
    journal = Journal(store)
    day = NOW - timedelta(days=1, hours=2)
    journal.append(entry(day, "a"))
    assert [e.order_id for e in journal.recent_entries(NOW, 3)] == ["a"]
    late = entry(day + timedelta(minutes=5), "b")  # e.g. a push's entry repaired by a later tick
    journal.append(late)
    assert [e.order_id for e in journal.recent_entries(NOW, 3)] == ["a", "b"]
    counting = CountingStore(store)
    assert [e.order_id for e in Journal(counting).recent_entries(NOW, 3)] == ["a", "b"]  # type: ignore[arg-type]
    assert counting.reads == 1  # the rebuilt digest alone


def test_a_damaged_digest_is_only_a_copy(store: ObjectStore) -> None:
    journal = Journal(store)
    journal.append(entry(NOW - timedelta(days=3), "a"))
    journal.recent_entries(NOW, 5)
    store.replace(f"{DIGESTS}2026/12/03.json", b"{not json", None)
    assert [e.order_id for e in journal.recent_entries(NOW, 5)] == ["a"]
    journal.recent_entries(NOW, 5)
    stored = store.read(f"{DIGESTS}2026/12/03.json")
    assert stored is not None
    listing = json.loads(stored.data)["keys"]  # the right listing, with broken entries
    store.replace(f"{DIGESTS}2026/12/03.json", json.dumps({"keys": listing, "entries": [1]}).encode(), None)
    assert [e.order_id for e in journal.recent_entries(NOW, 5)] == ["a"]
