"""An order that came back to life loses its finishing time in the saved document too (an archived
order restored by a late after-sale must not leave 订单 again at the next archive run)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from shared.app.facts import FactsDoc
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore

FINISHED = datetime(2026, 10, 1, tzinfo=UTC)
AGAIN = datetime(2026, 12, 1, tzinfo=UTC)


def test_unfinish_survives_the_save(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    doc = FactsDoc()
    doc.seen_finished("A", FINISHED)
    doc.seen_finished("B", FINISHED)
    doc.save(journal)
    restored = FactsDoc.load(journal)
    restored.unfinish("A")
    restored.save(journal)
    assert "A" not in restored.finished
    assert set(FactsDoc.load(journal).finished) == {"B"}


def test_finished_again_after_coming_back_counts_from_then(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    doc = FactsDoc()
    doc.seen_finished("A", FINISHED)
    doc.save(journal)
    again = FactsDoc.load(journal)
    again.unfinish("A")
    again.seen_finished("A", AGAIN)
    again.save(journal)
    assert FactsDoc.load(journal).finished_times() == {"A": AGAIN}


def test_another_instance_that_did_not_restore_keeps_nothing_it_did_not_see() -> None:
    stored = FactsDoc()
    stored.seen_finished("A", FINISHED)
    restorer = FactsDoc()
    restorer.finished["A"] = FINISHED.isoformat()
    restorer.unfinish("A")
    bystander = FactsDoc()
    bystander.seen_shipped("A", FINISHED)  # touched A for another reason
    stored.merge(bystander)
    assert "A" in stored.finished
    stored.merge(restorer)
    assert "A" not in stored.finished
