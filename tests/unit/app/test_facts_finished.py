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


def _live_facts(doc: FactsDoc, order_id: str) -> None:
    doc.seen_shipped(order_id, FINISHED)
    doc.seen_finished(order_id, FINISHED)
    doc.mark_known(order_id, False)
    doc.agree(order_id, ("SF6026131434978",))


def test_an_archived_order_keeps_only_what_was_agreed_in_the_saved_document(tmp_path: Path) -> None:
    """Its row left for an archive tab: when it shipped and finished and whether it is open go (the
    archive index says where it is); the numbers the sheet and the shop agreed on stay for the
    sweep (a restored order must not take them for news)."""
    journal = Journal(LocalDirStore(tmp_path))
    doc = FactsDoc()
    _live_facts(doc, "A")
    _live_facts(doc, "B")
    doc.save(journal)
    tick = FactsDoc.load(journal)
    tick.archived("A")
    tick.save(journal)
    saved = FactsDoc.load(journal)
    assert "A" not in saved.shipped and "A" not in saved.finished and "A" not in saved.known
    assert saved.agreed["A"] == ["SF6026131434978"]
    assert "B" in saved.shipped and "B" in saved.finished and saved.known["B"] == "closed"


def test_an_archive_saved_over_another_pass_s_save_drops_the_same_facts(tmp_path: Path) -> None:
    """An edit's pass saved meanwhile (the compare-and-swap merges): the archived order's finishing
    time and its 'known' go all the same, and what the other pass learnt stays."""
    journal = Journal(LocalDirStore(tmp_path))
    doc = FactsDoc()
    _live_facts(doc, "A")
    doc.save(journal)
    tick = FactsDoc.load(journal)
    edit = FactsDoc.load(journal)
    edit.seen_shipped("C", AGAIN)
    edit.save(journal)
    tick.archived("A")
    tick.save(journal)
    saved = FactsDoc.load(journal)
    assert "A" not in saved.finished and "A" not in saved.known
    assert saved.agreed["A"] == ["SF6026131434978"] and "C" in saved.shipped
