"""The object-store contract both stores must keep."""

from __future__ import annotations

import threading

from shared.journal.store import ObjectStore


def test_read_missing_is_none(store: ObjectStore) -> None:
    assert store.read("nothing/here.json") is None


def test_create_only_once(store: ObjectStore) -> None:
    assert store.create("a/b.json", b"first")
    assert not store.create("a/b.json", b"second")
    stored = store.read("a/b.json")
    assert stored is not None and stored.data == b"first"


def test_replace_is_compare_and_swap(store: ObjectStore) -> None:
    store.create("s/x.json", b"1")
    first = store.read("s/x.json")
    assert first is not None
    assert store.replace("s/x.json", b"2", first.etag)
    assert not store.replace("s/x.json", b"3", first.etag)  # stale version loses
    now = store.read("s/x.json")
    assert now is not None and now.data == b"2"
    assert store.replace("s/x.json", b"4", None)  # unconditional
    assert not store.replace("s/missing.json", b"5", first.etag)


def test_keys_sorted_and_prefixed(store: ObjectStore) -> None:
    for key in ("audit/2026/11/26/b", "audit/2026/11/25/a", "push/x", "audit/2026/11/26/a"):
        store.create(key, b".")
    assert store.keys("audit/2026/11/26/") == ["audit/2026/11/26/a", "audit/2026/11/26/b"]
    assert store.keys("audit/") == ["audit/2026/11/25/a", "audit/2026/11/26/a", "audit/2026/11/26/b"]
    assert store.keys("nope/") == []


def test_concurrent_creates_have_exactly_one_winner(store: ObjectStore) -> None:
    wins: list[bool] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        won = store.create("race/key.json", str(i).encode())
        with lock:
            wins.append(won)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
