"""What the journal remembers per order, as reconcile's ``JournalFacts`` (one state document).

One document keeps a tick at one read and one write however many orders there are; it holds the
waybills the sheet and the shop last agreed on, the corrections pushed per order, which orders
were corrected, and when a tick first saw each order shipped (a supplier's sheet keeps the recipient
for a while after that). Unresolved push intents come from the journal's intent/outcome records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from shared.journal.journal import Journal
from shared.reconcile.inputs import JournalFacts

STATE_NAME = "orders/facts"


@dataclass(slots=True)
class FactsDoc:
    agreed: dict[str, list[str]] = field(default_factory=dict)
    corrections: dict[str, int] = field(default_factory=dict)
    corrected: set[str] = field(default_factory=set)
    shipped: dict[str, str] = field(default_factory=dict)  # order id -> first seen shipped (ISO, UTC)
    changed: bool = False

    @classmethod
    def load(cls, journal: Journal) -> FactsDoc:
        raw = journal.get_state(STATE_NAME) or {}
        return cls(
            agreed={str(k): [str(x) for x in v] for k, v in dict(raw.get("agreed", {})).items()},
            corrections={str(k): int(v) for k, v in dict(raw.get("corrections", {})).items()},
            corrected={str(x) for x in raw.get("corrected", [])},
            shipped={str(k): str(v) for k, v in dict(raw.get("shipped", {})).items()},
        )

    def save(self, journal: Journal) -> None:
        if self.changed:
            journal.put_state(
                STATE_NAME,
                {
                    "agreed": self.agreed,
                    "corrections": self.corrections,
                    "corrected": sorted(self.corrected),
                    "shipped": self.shipped,
                },
            )
            self.changed = False

    def agree(self, order_id: str, waybills: tuple[str, ...]) -> None:
        if self.agreed.get(order_id) != list(waybills):
            self.agreed[order_id] = list(waybills)
            self.changed = True

    def seen_shipped(self, order_id: str, at: datetime) -> None:
        """Remember when the order was first seen shipped (later sightings change nothing)."""
        if order_id not in self.shipped:
            self.shipped[order_id] = at.astimezone(UTC).isoformat()
            self.changed = True

    def shipped_at(self, order_id: str) -> datetime | None:
        text = self.shipped.get(order_id)
        try:
            at = datetime.fromisoformat(text) if text else None
        except ValueError:
            return None  # a hand-edited document: treated as not known yet
        return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at

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
