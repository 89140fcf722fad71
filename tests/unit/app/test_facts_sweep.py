"""The facts document forgets orders whose row has been gone a while, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from shared.app.facts import FactsDoc
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
KEEP = timedelta(days=30)


def _doc() -> FactsDoc:
    doc = FactsDoc()
    for order_id in ("kept", "gone", "back"):
        doc.agree(order_id, [f"SF{order_id}"])
        doc.seen_shipped(order_id, T0)
    doc.record_correction("gone")
    doc.supplier_agrees("gone", ["SFgone"])
    return doc


def test_an_order_still_in_the_sheet_is_never_forgotten() -> None:
    doc = _doc()
    for day in range(0, 400, 10):
        assert doc.sweep({"kept", "gone", "back"}, T0 + timedelta(days=day), KEEP) == []
    assert set(doc.agreed) == {"kept", "gone", "back"} and doc.absent == {}


def test_an_order_gone_for_the_keep_period_is_forgotten_everywhere() -> None:
    doc = _doc()
    assert doc.sweep({"kept", "back"}, T0, KEEP) == []  # just noticed: the clock starts
    assert "gone" in doc.absent
    assert doc.sweep({"kept", "back"}, T0 + KEEP - timedelta(minutes=1), KEEP) == []
    assert doc.sweep({"kept", "back"}, T0 + KEEP, KEEP) == ["gone"]
    assert "gone" not in doc.agreed and "gone" not in doc.corrections and "gone" not in doc.corrected
    assert "gone" not in doc.shipped and "gone" not in doc.absent and "gone" not in doc.supplier_agreed
    assert set(doc.agreed) == {"kept", "back"}


def test_a_row_that_comes_back_stops_the_clock() -> None:
    doc = _doc()
    doc.sweep({"kept", "gone"}, T0, KEEP)  # the operator cleared "back"'s row ...
    doc.sweep({"kept", "gone", "back"}, T0 + timedelta(days=2), KEEP)  # ... and the listing re-added it
    assert "back" not in doc.absent
    assert doc.sweep({"kept", "gone", "back"}, T0 + timedelta(days=60), KEEP) == []
    assert doc.agreed["back"] == ["SFback"]


def test_the_sweep_survives_the_journal_and_a_quiet_sweep_writes_nothing(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    doc = _doc()
    doc.sweep({"kept", "back"}, T0, KEEP)
    doc.save(journal)
    again = FactsDoc.load(journal)
    assert again.absent == doc.absent
    again.sweep({"kept", "back"}, T0 + timedelta(days=1), KEEP)
    assert not again.changed  # nothing new to remember: the tick writes no journal state
    assert again.sweep({"kept", "back"}, T0 + KEEP, KEEP) == ["gone"] and again.changed


def test_two_writers_side_by_side_lose_nothing(tmp_path: Path) -> None:
    """A tick and an event refresh load the facts, change different orders, and save in turn."""
    journal = Journal(LocalDirStore(tmp_path))
    base = FactsDoc()
    base.agree("old", ["SFold"])
    base.save(journal)
    tick, event = FactsDoc.load(journal), FactsDoc.load(journal)
    event.agree("new", ["SFnew"])
    event.record_correction("old")
    event.save(journal)
    tick.seen_shipped("old", T0)  # a stale copy: it never saw the event's changes
    tick.save(journal)
    merged = FactsDoc.load(journal)
    assert merged.agreed == {"old": ["SFold"], "new": ["SFnew"]}
    assert merged.corrections == {"old": 1} and merged.corrected == {"old"}
    assert "old" in merged.shipped


def test_a_forgotten_order_is_forgotten_in_the_saved_document_too(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    doc = _doc()
    doc.sweep({"kept", "back"}, T0, KEEP)
    doc.save(journal)
    later = FactsDoc.load(journal)
    assert later.sweep({"kept", "back"}, T0 + KEEP, KEEP) == ["gone"]
    later.save(journal)
    assert "gone" not in FactsDoc.load(journal).agreed
