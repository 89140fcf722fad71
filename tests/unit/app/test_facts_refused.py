"""A refused push is remembered per order in the journal's facts, and merged like the rest."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.app.facts import FactsDoc


def test_a_refusal_is_remembered_and_cleared_by_a_landed_push() -> None:
    doc = FactsDoc()
    doc.refuse("A", "ship", "ZTO", ["73100029384756"], "invalid_waybill")
    facts = doc.as_facts(frozenset())
    assert facts.refused["A"].same_push("ship", "ZTO", ("73100029384756",))
    assert not facts.refused["A"].same_push("ship", "ZTO", ("73100029384757",))
    again = FactsDoc.from_raw(doc.to_raw())
    assert again.as_facts(frozenset()).refused["A"].reason == "invalid_waybill"
    again.agree("A", ("73100029384757",))
    assert "A" not in again.as_facts(frozenset()).refused


def test_merging_keeps_another_instances_refusal_unless_this_one_saw_a_push_land() -> None:
    stored = FactsDoc()
    stored.refuse("A", "ship", "ZTO", ["1"], "invalid_waybill")
    other = FactsDoc()
    other.seen_shipped("A", datetime(2026, 12, 1, tzinfo=UTC))
    stored.merge(other)  # touched A for another reason: the refusal stays
    assert "A" in stored.refused
    landed = FactsDoc()
    landed.refused["A"] = {"kind": "ship", "courier": "ZTO", "waybills": ["1"], "reason": "invalid_waybill"}
    landed.agree("A", ("2",))
    stored.merge(landed)
    assert "A" not in stored.refused
    refused_again = FactsDoc()
    refused_again.refused["A"] = {"kind": "ship", "courier": "ZTO", "waybills": ["2"], "reason": "x"}
    refused_again.agree("A", ("2",))
    refused_again.refuse("A", "ship", "ZTO", ["3"], "invalid_waybill")
    stored.merge(refused_again)
    assert stored.refused["A"]["waybills"] == ["3"]
