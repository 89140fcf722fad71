"""What the journal remembers per order, as reconcile's ``JournalFacts`` (one state document).

One document keeps a tick at one read and one write however many orders there are; it holds the
waybills the sheet and the shop last agreed on, the corrections pushed per order, and which orders
were corrected. Unresolved push intents come from the journal's intent/outcome records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.journal.journal import Journal
from shared.reconcile.inputs import JournalFacts

STATE_NAME = "orders/facts"


@dataclass(slots=True)
class FactsDoc:
    agreed: dict[str, list[str]] = field(default_factory=dict)
    corrections: dict[str, int] = field(default_factory=dict)
    corrected: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def load(cls, journal: Journal) -> FactsDoc:
        raw = journal.get_state(STATE_NAME) or {}
        return cls(
            agreed={str(k): [str(x) for x in v] for k, v in dict(raw.get("agreed", {})).items()},
            corrections={str(k): int(v) for k, v in dict(raw.get("corrections", {})).items()},
            corrected={str(x) for x in raw.get("corrected", [])},
        )

    def save(self, journal: Journal) -> None:
        if self.changed:
            journal.put_state(
                STATE_NAME,
                {"agreed": self.agreed, "corrections": self.corrections, "corrected": sorted(self.corrected)},
            )
            self.changed = False

    def agree(self, order_id: str, waybills: tuple[str, ...]) -> None:
        if self.agreed.get(order_id) != list(waybills):
            self.agreed[order_id] = list(waybills)
            self.changed = True

    def record_correction(self, order_id: str) -> None:
        self.corrections[order_id] = self.corrections.get(order_id, 0) + 1
        self.corrected.add(order_id)
        self.changed = True

    def exhaust(self, order_id: str, limit: int) -> None:
        """The platform refused a correction for the budget (606041): count it as used up, so later
        ticks show the budget message instead of pushing the same refused correction again."""
        if self.corrections.get(order_id, 0) < limit:
            self.corrections[order_id] = limit
            self.changed = True

    def as_facts(self, unresolved: frozenset[str]) -> JournalFacts:
        return JournalFacts(
            agreed={k: tuple(v) for k, v in self.agreed.items()},
            corrections_used=dict(self.corrections),
            unresolved=unresolved,
            corrected=frozenset(self.corrected),
        )
