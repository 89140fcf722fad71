"""The sheet-edit queue the public sheet_edit fills and the private refresh drains (journal, CAS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.app.edit_queue import EditQueue, PendingEdit, drain_edit_batches, drain_edits
from shared.app.edit_work import edit_batches, merged_ranges
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.sheets.edit_signature import SheetEdit


def _edit(row: int, rows: int = 1, action: str = "edit") -> SheetEdit:
    return SheetEdit(
        "sheet", "订单", f"J{row}", row, 10, rows, 1, "SF1", "", "ops@example.com", 1764129600, action
    )


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(LocalDirStore(tmp_path))


def test_edits_are_kept_in_order_once_each_and_survive_a_round_trip(journal: Journal) -> None:
    queue = EditQueue(journal)
    queue.add(PendingEdit("a", _edit(2)))
    queue.add(PendingEdit("b", _edit(1, action="validate")))
    queue.add(PendingEdit("a", _edit(2)))  # a copy of the same request

    pending = EditQueue(journal).pending()
    assert [p.edit_id for p in pending] == ["a", "b"]
    assert pending[0].edit == _edit(2) and pending[0].rows == (2, 2) and not pending[0].header
    assert pending[1].header and pending[1].edit.action == "validate"


def test_a_block_covers_its_rows_and_a_block_from_the_header_down_is_not_a_header_edit() -> None:
    block = PendingEdit("x", _edit(1, rows=4))
    assert not block.header and block.rows == (2, 4)


def test_take_all_empties_and_put_back_goes_to_the_front(journal: Journal) -> None:
    queue = EditQueue(journal)
    for name, row in (("a", 2), ("b", 3)):
        queue.add(PendingEdit(name, _edit(row)))
    taken = queue.take_all()
    assert [p.edit_id for p in taken] == ["a", "b"] and queue.pending() == ()
    queue.add(PendingEdit("c", _edit(4)))
    queue.put_back(taken)
    assert [p.edit_id for p in queue.pending()] == ["a", "b", "c"]


def test_a_failing_edit_and_those_after_it_go_back_and_nothing_raises(journal: Journal) -> None:
    queue = EditQueue(journal)
    for name, row in (("a", 2), ("b", 3), ("c", 4)):
        queue.add(PendingEdit(name, _edit(row)))
    applied: list[str] = []

    def apply(pending: PendingEdit) -> None:
        if pending.edit_id == "b":
            raise ConnectionError("Sheets unreachable")
        applied.append(pending.edit_id)

    report = drain_edits(journal, apply)

    assert applied == ["a"]
    assert (report.applied, report.returned, report.failed) == (1, 2, "ConnectionError")
    assert [p.edit_id for p in queue.pending()] == ["b", "c"]
    again = drain_edits(journal, lambda p: applied.append(p.edit_id))
    assert again.applied == 2 and applied == ["a", "b", "c"] and queue.pending() == ()


def test_an_unreadable_document_is_an_empty_queue(journal: Journal) -> None:
    journal.store.replace("state/sheet_edits/queue.json", b"not json", None)
    assert EditQueue(journal).pending() == ()


def test_edits_of_one_kind_share_a_batch_and_a_failing_batch_goes_back_with_those_after_it(
    journal: Journal,
) -> None:
    queue = EditQueue(journal)
    kinds = (("a", 2, "edit"), ("h", 1, "edit"), ("b", 5, "validate"), ("c", 3, "edit"), ("d", 4, "validate"))
    for name, row, action in kinds:
        queue.add(PendingEdit(name, _edit(row, action=action)))
    batches: list[list[str]] = []

    def apply(batch: tuple[PendingEdit, ...]) -> None:
        batches.append([p.edit_id for p in batch])
        if batch[0].edit.action == "validate":
            raise ConnectionError("Sheets unreachable")

    report = drain_edit_batches(journal, apply, edit_batches)

    # An operator's edits (a, c) in one pass, the header edit in its own, 校验 (b, d) in a third.
    assert batches == [["a", "c"], ["h"], ["b", "d"]]
    assert (report.applied, report.returned, report.failed) == (3, 2, "ConnectionError")
    assert [p.edit_id for p in queue.pending()] == ["b", "d"]


def test_the_rows_of_a_batch_are_read_once_each() -> None:
    assert merged_ranges([(5, 6), (2, 2), (3, 3), (9, 12), (10, 11)]) == ((2, 3), (5, 6), (9, 12))
