"""One record of truth per push, on each store: an intent per attempt, an outcome per attempt, one
audit entry per outcome at a key derived from the intent, and the repair's view of what is missing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from shared.journal.journal import Journal
from shared.journal.records import AuditEntry, PushIntent, PushOutcome, is_attempt_key, new_attempt
from shared.journal.store import ObjectStore

T0 = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
SF = (("SF", "SF6026131434978"),)


def _intent(attempt: str, at: datetime = T0, order_id: str = "372") -> PushIntent:
    return PushIntent(order_id, "ship", SF, at, attempt=attempt, reason="validated and ready")


def _entry(intent: PushIntent, result: str) -> AuditEntry:
    return AuditEntry(
        intent.at, "system", "ship", intent.order_id, "tracking_numbers", "", "SF1", "sync", "", result
    )


def test_two_attempts_of_the_same_push_have_their_own_intent_and_outcome(store: ObjectStore) -> None:
    journal = Journal(store)
    first, retry = _intent(new_attempt()), _intent(new_attempt(), T0 + timedelta(minutes=5))
    assert first.key != retry.key and first.key.split(".")[0] == retry.key.split(".")[0]
    assert journal.record_intent(first) and journal.record_intent(retry)
    assert journal.record_outcome(PushOutcome(first.key, "failed", T0, code="-1"))
    assert journal.record_outcome(PushOutcome(retry.key, "ok", T0 + timedelta(minutes=5)))  # not dropped
    outcome = journal.outcome(retry.key)
    assert outcome is not None and outcome.result == "ok"
    read = journal.intent(retry.key)
    assert read == retry and read.reason == "validated and ready"
    assert [(i.key, o.result if o else None) for i, o in journal.pushes_for("372", T0)] == sorted(
        [(first.key, "failed"), (retry.key, "ok")]
    )
    assert journal.pushes_for("37", T0) == []  # another order's prefix is not this order


def test_an_intent_written_before_attempts_keeps_its_key_and_pairs_with_its_outcome(
    store: ObjectStore,
) -> None:
    """A deployed journal holds intents without ``attempt``/``reason`` at the old key."""
    body = {
        "order_id": "372",
        "kind": "ship",
        "packages": [["SF", "SF1"]],
        "at": T0.isoformat(),
        "actor": "system",
    }
    old = PushIntent.from_json(json.dumps(body).encode())
    assert old.attempt == "" and old.reason == "" and not is_attempt_key(old.key)
    store.create(f"push/intents/{old.key}.json", json.dumps(body).encode())
    journal = Journal(store)
    assert [i.key for i in journal.unresolved_intents(T0)] == [old.key]
    assert journal.record_outcome(PushOutcome(old.key, "ok", T0))
    assert journal.unresolved_intents(T0) == []
    assert journal.settled_without_entry(T0) == []  # its entry was the old code's to write


def test_a_push_has_one_audit_entry_whoever_writes_it(store: ObjectStore) -> None:
    journal = Journal(store)
    intent = _intent(new_attempt())
    assert journal.record_push_entry(intent, _entry(intent, "ok"))
    assert not journal.record_push_entry(intent, _entry(intent, "ok"))  # a second path: no second entry
    journal.append(AuditEntry(T0, "ops@example.com", "edit", "372", "tracking_numbers", "", "SF1"))
    assert [(e.action, e.result) for e in journal.entries()] == [("edit", ""), ("ship", "ok")]
    other = _intent(new_attempt())
    assert journal.push_entry_key(other) != journal.push_entry_key(intent)
    assert journal.push_entry_key(intent).startswith("audit/2026/11/26/20261126T040000.000000-push-")


def test_the_repair_finds_outcomes_without_their_entry_in_recent_days_only(store: ObjectStore) -> None:
    journal = Journal(store)
    done, crashed, unsettled = (_intent(new_attempt(), T0 + timedelta(seconds=n)) for n in range(3))
    old = _intent(new_attempt(), T0 - timedelta(days=10))
    for intent in (done, crashed, unsettled, old):
        journal.record_intent(intent)
    for intent in (done, crashed, old):
        journal.record_outcome(PushOutcome(intent.key, "ok", intent.at))
    journal.record_push_entry(done, _entry(done, "ok"))
    assert [(i.key, o.result) for i, o in journal.settled_without_entry(T0)] == [(crashed.key, "ok")]
    journal.record_push_entry(crashed, _entry(crashed, "ok"))
    assert journal.settled_without_entry(T0) == []
