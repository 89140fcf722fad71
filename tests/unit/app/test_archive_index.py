"""The archive index a move writes: one object per order and per tracking number, each key written
once (the writes go several at a time on S3, in no order), a number on two rows leading to the later
row's order, as when they were written in turn."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from shared.app import archive_moves
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


class _Recording(LocalDirStore):
    """A local directory that takes eight writes at a time, as the S3 store does, and lists them."""

    write_concurrency = 8

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.written: list[str] = []
        self._lock = threading.Lock()

    def replace(self, key: str, data: bytes, etag: str | None) -> bool:
        with self._lock:
            self.written.append(key)
        return super().replace(key, data, etag)


def test_each_key_once_and_a_shared_number_leads_to_the_later_row(tmp_path: Path) -> None:
    store = _Recording(tmp_path)
    journal = Journal(store)
    rows = [
        {"order_id": "3001", "tracking_numbers": "SF6026131434978"},
        {"order_id": "3002", "tracking_numbers": "YT2512345678901\nZT78123456789012"},
        {"order_id": "3003", "tracking_numbers": "sf6026131434978"},  # the first row's, typed again
    ]
    move = archive_moves.new_move("archive", "订单", "归档-2026-11", NOW, rows)

    archive_moves._index(journal, move, NOW)

    assert len(store.written) == len(set(store.written)) == 3 + 3
    assert archive_moves.order_of_number(journal, "SF6026131434978") == "3003"
    assert archive_moves.order_of_number(journal, "ZT78123456789012") == "3002"
    place = archive_moves.place_of(journal, "3002")
    assert place is not None and place["tab"] == "归档-2026-11" and place["move"] == move.key
