"""``Journal.once`` on each store: claim first, then work, then done; copies racing on threads do the
work exactly once; an expired claim is taken over (by one taker only); a failed work is released.
And the lease renewal that fences a tick's pushes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from shared.journal.journal import Journal
from shared.journal.once import Busy, Claim, ClaimLost, Done
from shared.journal.store import ObjectStore

T0 = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
HOLD = timedelta(minutes=2)


def test_the_first_caller_claims_and_a_later_one_gets_the_stored_result(store: ObjectStore) -> None:
    journal = Journal(store)
    first = journal.once("edits/abc.json", T0, HOLD)
    assert isinstance(first, Claim)
    busy = journal.once("edits/abc.json", T0 + timedelta(seconds=5), HOLD)
    assert isinstance(busy, Busy) and busy.until == T0 + HOLD
    first.done({"pushes": 1}, now=T0 + timedelta(seconds=6))
    later = journal.once("edits/abc.json", T0 + timedelta(days=3), HOLD)
    assert isinstance(later, Done) and later.result == {"pushes": 1}


@pytest.mark.parametrize("copies", [8])
def test_concurrent_copies_do_the_work_exactly_once(store: ObjectStore, copies: int) -> None:
    journal = Journal(store)
    worked: list[int] = []
    outcomes: list[str] = []
    start = threading.Barrier(copies)
    lock = threading.Lock()

    def copy(n: int) -> None:
        start.wait()
        got = journal.once("events/race.json", T0, HOLD)
        if isinstance(got, Claim):
            with lock:
                worked.append(n)
            got.done({"by": n}, now=T0)
        with lock:
            outcomes.append(type(got).__name__)

    threads = [threading.Thread(target=copy, args=(n,)) for n in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(worked) == 1
    assert outcomes.count("Claim") == 1 and len(outcomes) == copies
    final = journal.once("events/race.json", T0, HOLD)
    assert isinstance(final, Done) and final.result == {"by": worked[0]}


def test_an_expired_claim_is_taken_over_and_its_old_holder_cannot_mark_it_done(store: ObjectStore) -> None:
    journal = Journal(store)
    dead = journal.once("events/k.json", T0, HOLD)
    assert isinstance(dead, Claim)
    assert isinstance(journal.once("events/k.json", T0 + HOLD - timedelta(seconds=1), HOLD), Busy)
    taker = journal.once("events/k.json", T0 + HOLD + timedelta(seconds=1), HOLD)
    assert isinstance(taker, Claim) and taker.holder != dead.holder
    with pytest.raises(ClaimLost):
        dead.done({"by": "dead"}, now=T0 + HOLD + timedelta(seconds=2))
    taker.done({"by": "taker"}, now=T0 + HOLD + timedelta(seconds=3))
    got = journal.once("events/k.json", T0 + timedelta(hours=1), HOLD)
    assert isinstance(got, Done) and got.result == {"by": "taker"}


def test_two_takers_of_an_expired_claim_cannot_both_win(store: ObjectStore) -> None:
    journal = Journal(store)
    assert isinstance(journal.once("events/k.json", T0, HOLD), Claim)
    later = T0 + HOLD + timedelta(seconds=1)
    takers = 6
    start = threading.Barrier(takers)
    got: list[object] = []
    lock = threading.Lock()

    def take() -> None:
        start.wait()
        one = journal.once("events/k.json", later, HOLD)
        with lock:
            got.append(one)

    threads = [threading.Thread(target=take) for _ in range(takers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(isinstance(g, Claim) for g in got) == 1
    assert all(isinstance(g, Busy) for g in got if not isinstance(g, Claim))


def test_a_failed_work_releases_the_claim_so_a_retry_runs_it(store: ObjectStore) -> None:
    journal = Journal(store)
    first = journal.once("edits/f.json", T0, HOLD)
    assert isinstance(first, Claim)
    with pytest.raises(RuntimeError), first:
        raise RuntimeError("the shop was down")
    retry = journal.once("edits/f.json", T0 + timedelta(seconds=1), HOLD)
    assert isinstance(retry, Claim)  # at once, not after the hold
    with retry:
        retry.done({"ok": True}, now=T0 + timedelta(seconds=2))
    assert isinstance(journal.once("edits/f.json", T0 + timedelta(seconds=3), HOLD), Done)


def test_a_marker_written_before_once_existed_counts_as_done(store: ObjectStore) -> None:
    store.create("events/old.json", b"channels_ec_order_cancel:372:1764129600")
    got = Journal(store).once("events/old.json", T0, HOLD)
    assert isinstance(got, Done) and got.result == {}


def test_a_lease_is_renewed_only_by_its_holder_and_never_taken_over_by_a_renewal(store: ObjectStore) -> None:
    journal = Journal(store)
    ttl = timedelta(seconds=60)
    assert journal.acquire_lease("sync", "a", T0, ttl)
    assert journal.renew_lease("sync", "a", T0 + timedelta(seconds=50), ttl)  # now held to T0+110 s
    assert not journal.acquire_lease("sync", "b", T0 + timedelta(seconds=100), ttl)
    assert journal.acquire_lease("sync", "b", T0 + timedelta(seconds=111), ttl)  # a stopped renewing
    assert not journal.renew_lease("sync", "a", T0 + timedelta(seconds=112), ttl)  # the fence: a stops
    assert not journal.renew_lease("sync", "c", T0 + timedelta(seconds=112), ttl)
    journal.release_lease("sync", "b", T0 + timedelta(seconds=113))
    assert not journal.renew_lease("sync", "b", T0 + timedelta(seconds=114), ttl)  # released: not held
