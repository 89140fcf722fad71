"""``Journal.replace_all`` on each store: every object written (on S3 several at a time, as the store
says), later bytes replace earlier ones, and one failed write is raised, not swallowed."""

from __future__ import annotations

import threading

import pytest

from shared.journal.errors import JournalUnavailable
from shared.journal.journal import Journal
from shared.journal.store import ObjectStore, Stored


def _objects(n: int, tag: str) -> list[tuple[str, bytes]]:
    return [(f"archive/orders/{i:05d}.json", f"{tag}-{i}".encode()) for i in range(n)]


def test_every_object_is_written_and_a_second_write_replaces_it(store: ObjectStore) -> None:
    journal = Journal(store)
    journal.replace_all(_objects(60, "first"))
    journal.replace_all(_objects(30, "second"))
    got = {key: stored.data for key in store.keys("archive/orders/") if (stored := store.read(key))}
    assert got == dict(_objects(60, "first")) | dict(_objects(30, "second"))


class _Watched:
    """The store, counting the writes in flight at once, and failing the write of one key. The
    first writes wait (5 s at most) until as many are in flight as the store takes: writes taken
    one at a time would never get there."""

    def __init__(self, inner: ObjectStore, fail: str = "") -> None:
        self.inner, self.fail = inner, fail
        self.write_concurrency = getattr(inner, "write_concurrency", 1)
        self.most = self.now = 0
        self.lock = threading.Lock()
        self.full = threading.Event()

    def replace(self, key: str, data: bytes, etag: str | None) -> bool:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            if self.now >= self.write_concurrency:
                self.full.set()
        if not self.full.wait(5):
            self.full.set()  # one at a time after all: the others need not wait too
        try:
            if key == self.fail:
                raise JournalUnavailable("put_object failed", code="SlowDown")
            return self.inner.replace(key, data, etag)
        finally:
            with self.lock:
                self.now -= 1

    def read(self, key: str) -> Stored | None:
        return self.inner.read(key)

    def create(self, key: str, data: bytes) -> bool:
        return self.inner.create(key, data)

    def keys(self, prefix: str) -> list[str]:
        return self.inner.keys(prefix)

    def describe(self) -> str:
        return self.inner.describe()


def test_writes_go_as_many_at_a_time_as_the_store_takes(store: ObjectStore) -> None:
    watched = _Watched(store)
    Journal(watched).replace_all(_objects(80, "x"))
    assert watched.most == watched.write_concurrency  # S3: 8 at once; the local directory: 1
    assert len(store.keys("archive/orders/")) == 80


def test_a_failed_write_is_raised_after_the_others(store: ObjectStore) -> None:
    objects = _objects(40, "x")
    watched = _Watched(store, fail=objects[5][0])
    with pytest.raises(JournalUnavailable):
        Journal(watched).replace_all(objects)
    written = set(store.keys("archive/orders/"))
    assert objects[5][0] not in written and objects[4][0] in written
