"""The journal API on each store: audit, intents/outcomes, watermarks, leases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from shared.journal.errors import JournalConflict, JournalCorrupt
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry, PushIntent, PushOutcome
from shared.journal.store import ObjectStore

T0 = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)


def test_audit_entries_come_back_in_time_order_even_at_the_same_instant(store: ObjectStore) -> None:
    journal = Journal(store)
    journal.append(
        AuditEntry(T0 + timedelta(seconds=5), "ops@example.com", "edit", "372", "快递单号", "A", "B")
    )
    journal.append(AuditEntry(T0, "system", "push", "372", new="SF1", result="ok"))
    journal.append(AuditEntry(T0, "system", "push", "373", new="SF2", result="ok"))
    entries = list(journal.entries())
    assert [(e.order_id, e.action) for e in entries] == [("372", "push"), ("373", "push"), ("372", "edit")]
    assert entries[2].old == "A" and entries[2].field_name == "快递单号"
    assert [e.order_id for e in journal.entries(since=T0 + timedelta(seconds=1))] == ["372"]


def test_intent_is_recorded_once_and_unresolved_until_an_outcome(store: ObjectStore) -> None:
    journal = Journal(store)
    intent = PushIntent("372", "ship", (("SF", "SF6026131434978"),), T0)
    assert journal.record_intent(intent)
    again = PushIntent("372", "ship", (("SF", "SF6026131434978"),), T0 + timedelta(minutes=5))
    assert again.key == intent.key and not journal.record_intent(again)
    assert [i.key for i in journal.unresolved_intents()] == [intent.key]
    assert journal.record_outcome(PushOutcome(intent.key, "ok", T0, request_id="rid-1"))
    assert not journal.record_outcome(PushOutcome(intent.key, "failed", T0, code="606005"))
    outcome = journal.outcome(intent.key)
    assert outcome is not None and outcome.result == "ok" and outcome.request_id == "rid-1"
    assert journal.unresolved_intents() == []


def test_different_numbers_make_a_different_intent(store: ObjectStore) -> None:
    a = PushIntent("372", "ship", (("SF", "SF1"),), T0)
    b = PushIntent("372", "ship", (("SF", "SF2"),), T0)
    assert a.key != b.key


def test_watermark_round_trip(store: ObjectStore) -> None:
    journal = Journal(store)
    assert journal.watermark("orders") is None
    journal.set_watermark("orders", T0)
    journal.set_watermark("orders", T0 + timedelta(minutes=3))
    assert journal.watermark("orders") == T0 + timedelta(minutes=3)
    with pytest.raises(ValueError):
        journal.set_watermark("orders", datetime(2026, 1, 1))


def test_lease_excludes_a_second_holder_until_it_expires(store: ObjectStore) -> None:
    journal = Journal(store)
    ttl = timedelta(minutes=5)
    assert journal.acquire_lease("sync", "tick-a", T0, ttl)
    assert not journal.acquire_lease("sync", "tick-b", T0 + timedelta(minutes=1), ttl)
    assert journal.acquire_lease("sync", "tick-a", T0 + timedelta(minutes=1), ttl)  # renew
    assert journal.acquire_lease("sync", "tick-b", T0 + timedelta(minutes=7), ttl)  # expired: taken over
    journal.release_lease("sync", "tick-b", T0 + timedelta(minutes=8))
    assert journal.acquire_lease("sync", "tick-c", T0 + timedelta(minutes=8), ttl)


def test_state_survives_a_new_journal_object(store: ObjectStore) -> None:
    Journal(store).put_state("tokens/wechat", {"value": "x", "expires_at": 1.5})
    assert Journal(store).get_state("tokens/wechat") == {"value": "x", "expires_at": 1.5}


def test_corrupt_state_is_a_typed_error(store: ObjectStore) -> None:
    store.create("state/broken.json", b"{not json")
    with pytest.raises(JournalCorrupt):
        Journal(store).get_state("broken")


def test_unresolved_intents_look_at_recent_days_only(store: ObjectStore) -> None:
    journal = Journal(store)
    old = PushIntent("370", "ship", (("SF", "SF1"),), T0 - timedelta(days=10))
    recent = PushIntent("371", "ship", (("SF", "SF2"),), T0 - timedelta(days=1))
    done = PushIntent("372", "ship", (("SF", "SF3"),), T0)
    for intent in (old, recent, done):
        journal.record_intent(intent)
    journal.record_outcome(PushOutcome(done.key, "ok", T0))
    assert [i.order_id for i in journal.unresolved_intents(T0)] == ["371"]
    assert sorted(i.order_id for i in journal.unresolved_intents()) == ["370", "371"]  # whole history
    assert old.key.startswith("2026-11-16/") and recent.key.startswith("2026-11-25/")


def test_a_released_lease_is_free_even_to_a_clock_that_runs_behind(store: ObjectStore) -> None:
    journal = Journal(store)
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert journal.acquire_lease("drain", "a", now, timedelta(minutes=2))
    journal.release_lease("drain", "a", now)
    behind = now - timedelta(seconds=3)  # another instance, its clock 3 s slow
    assert journal.acquire_lease("drain", "b", behind, timedelta(minutes=2))
    assert not journal.acquire_lease("drain", "c", now, timedelta(minutes=2))  # held again: refused


def test_swap_writes_only_what_it_read_and_gives_up_after_its_attempts(store: ObjectStore) -> None:
    journal = Journal(store)
    journal.swap("state/doc.json", lambda data: b"1" if data is None else None)
    assert (stored := store.read("state/doc.json")) is not None and stored.data == b"1"
    journal.swap("state/doc.json", lambda data: None)  # nothing to change: nothing written
    assert (same := store.read("state/doc.json")) is not None and same.etag == stored.etag

    writes = []

    def meddled(data: bytes | None) -> bytes:
        writes.append(f"someone else {len(writes)}".encode())
        store.replace("state/doc.json", writes[-1], None)  # another instance writes meanwhile
        return b"mine"

    with pytest.raises(JournalConflict):
        journal.swap("state/doc.json", meddled, attempts=3)
    assert len(writes) == 3  # bounded
    assert (last := store.read("state/doc.json")) is not None and last.data == writes[-1]  # theirs kept


def test_an_entry_recorded_first_is_journaled_once_whatever_its_time(store: ObjectStore) -> None:
    journal = Journal(store)
    entry = AuditEntry(T0, "system", "refused", "372", "tracking_numbers", "", "SF1", "", "why", "noted")
    assert journal.record_entry_first(entry, "refused/372/SF1") == entry
    later = AuditEntry(T0 + timedelta(minutes=1), "system", "refused", "372", new="SF1")
    assert journal.record_entry_first(later, "refused/372/SF1") is None
    assert [e.at for e in journal.entries()] == [T0]
    # a writer that died between its marker and its entry: the next one journals the marker's entry
    other = AuditEntry(T0, "system", "refused", "373", new="SF2")
    digest = hashlib.sha256(b"refused/373/SF2").hexdigest()[:20]
    store.create(f"once-entries/{digest}.json", other.to_json())
    assert journal.record_entry_first(later, "refused/373/SF2") == other
    assert len(list(journal.entries())) == 2


def test_a_warm_journal_asks_the_store_once_per_identity(store: ObjectStore) -> None:
    journal = Journal(store)
    entry = AuditEntry(T0, "system", "refused", "372", "tracking_numbers", "", "SF1", "", "why", "noted")
    assert journal.record_entry_first(entry, "refused/372/SF1") == entry
    assert Journal(store).record_entry_first(entry, "refused/372/SF1") is None  # a cold one: the marker
    calls: list[str] = []
    create = store.create

    def counted(key: str, data: bytes) -> bool:
        calls.append(key)
        return create(key, data)

    store.create = counted  # type: ignore[method-assign]
    assert journal.record_entry_first(entry, "refused/372/SF1") is None
    assert calls == []
