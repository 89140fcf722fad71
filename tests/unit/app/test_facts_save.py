"""The facts document's save skips reading the stored copy back when nobody wrote since this instance
read it. That is sound only if merging an instance into the document it was loaded from gives the
instance's own document, whatever it did: checked here for any sequence of the document's changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.app.facts import FactsDoc
from shared.domain.pushes import RefusalReason
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore

T0 = datetime(2026, 11, 1, tzinfo=UTC)
orders = st.sampled_from(["A", "B", "C", "D"])
times = st.integers(0, 40).map(lambda d: T0 + timedelta(days=d))
numbers = st.lists(st.sampled_from(["1", "2", "3"]), max_size=2).map(tuple)

change = st.one_of(
    st.tuples(st.just("agree"), orders, numbers),
    st.tuples(st.just("refuse"), orders, numbers),
    st.tuples(st.just("seen_shipped"), orders, times),
    st.tuples(st.just("seen_finished"), orders, times),
    st.tuples(st.just("unfinish"), orders),
    st.tuples(st.just("supplier_agrees"), orders, numbers),
    st.tuples(st.just("sweep"), st.frozensets(orders), times),
    st.tuples(st.just("mark_known"), orders, st.booleans()),
    st.tuples(st.just("unknow"), orders),
    st.tuples(st.just("mark_foreign"), orders, times),
    st.tuples(st.just("unforeign"), orders),
    st.tuples(st.just("record_correction"), orders),
    st.tuples(st.just("exhaust"), orders, st.integers(0, 3)),
    st.tuples(st.just("start_known")),
)


def apply(doc: FactsDoc, step: tuple[Any, ...]) -> None:
    name, *args = step
    if name == "refuse":
        doc.refuse(args[0], "ship", "ZTO", list(args[1]), RefusalReason.INVALID_WAYBILL)
    elif name == "sweep":
        doc.sweep(args[0], args[1], timedelta(days=3))
    elif name == "seen_shipped" or name == "seen_finished" or name == "mark_foreign":
        getattr(doc, name)(args[0], args[1])
    else:
        getattr(doc, name)(*args)


@settings(max_examples=300, deadline=None)
@given(st.lists(change, max_size=12), st.lists(change, max_size=12))
def test_merging_an_instance_into_its_own_base_gives_the_instance(
    before: list[tuple[Any, ...]], mine: list[tuple[Any, ...]]
) -> None:
    base = FactsDoc()
    for step in before:
        apply(base, step)
    stored = base.to_raw()
    instance = FactsDoc.from_raw(stored)
    for step in mine:
        apply(instance, step)
    merged = FactsDoc.from_raw(stored)
    merged.merge(instance)
    assert merged.to_raw() == instance.to_raw()


def test_a_save_over_another_writers_document_still_merges(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    first = FactsDoc()
    first.seen_shipped("A", T0)
    first.save(journal)
    tick, event = FactsDoc.load(journal), FactsDoc.load(journal)
    event.seen_shipped("B", T0)
    event.save(journal)  # nobody wrote since it read: the quick path
    tick.seen_finished("A", T0)
    tick.save(journal)  # the document changed under it: read back and merged
    assert set(FactsDoc.load(journal).shipped) == {"A", "B"}
    assert set(FactsDoc.load(journal).finished) == {"A"}
    tick.seen_shipped("C", T0)
    tick.save(journal)  # its base is now what it wrote: quick again, and nothing of B's is lost
    assert set(FactsDoc.load(journal).shipped) == {"A", "B", "C"}
