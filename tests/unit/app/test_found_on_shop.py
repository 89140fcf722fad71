"""A number found on the shop is journaled once, whoever finds it first (a tick and an edit's pass)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from shared.app.facts import FactsDoc
from shared.app.found_on_shop import agree_where_equal
from shared.domain.orders import OrderLine, ShopOrder, ShopPackage, ShopStatus
from shared.domain.rows import SheetRow
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.journal.records import PushIntent, PushOutcome, new_attempt

CHANGED = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def _order() -> ShopOrder:
    return ShopOrder(
        "372",
        ShopStatus.SHIPPED,
        None,
        None,
        (OrderLine("p", "s", "T恤", 1),),
        (ShopPackage("ZTO", "73100029384756"),),
        updated_at=CHANGED,
    )


def test_two_passes_finding_the_same_change_write_one_entry(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    row = SheetRow(2, "372", courier="中通快递", tracking_cell="73100029384756")
    clocks = iter(
        [datetime(2026, 12, 4, 9, 0, 0, 1, tzinfo=UTC), datetime(2026, 12, 4, 9, 0, 0, 2, tzinfo=UTC)]
    )
    found = []
    for _ in range(2):  # two instances, each with facts loaded before the other saved
        now = next(clocks)
        found += agree_where_equal([row], {"372": _order()}, FactsDoc(), journal, lambda n=now: n)
    entries = [e for e in journal.entries() if e.action == "found_on_shop"]
    assert len(entries) == 1 and len(found) == 1
    assert entries[0].at == CHANGED and entries[0].new == "73100029384756" and entries[0].actor == "shop"


def test_our_own_push_lost_from_the_facts_is_agreed_so_a_typed_correction_is_a_correction(
    tmp_path: Path,
) -> None:
    # A tick pushed 73100029384756 and recorded its ok outcome, then died before saving the facts;
    # meanwhile the operator typed a correction. The journal knows the shop's number is ours.
    journal = Journal(LocalDirStore(tmp_path))
    pushed = PushIntent("372", "ship", (("ZTO", "73100029384756"),), CHANGED, attempt=new_attempt())
    journal.record_intent(pushed)
    journal.record_outcome(PushOutcome(pushed.key, "ok", CHANGED))
    facts = FactsDoc()
    row = SheetRow(2, "372", courier="中通快递", tracking_cell="73100029384757")
    later = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    found = agree_where_equal([row], {"372": _order()}, facts, journal, lambda: later)
    assert facts.agreed["372"] == ["73100029384756"] and found == []
    # Numbers nobody journaled are not agreed this way (that is a disagreement for a person).
    stranger = FactsDoc()
    other = Journal(LocalDirStore(tmp_path / "other"))
    agree_where_equal([row], {"372": _order()}, stranger, other, lambda: later)
    assert "372" not in stranger.agreed
