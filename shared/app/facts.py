"""What the journal remembers per order, as reconcile's ``JournalFacts`` (one state document).

One document keeps a tick at one read and one write however many orders there are; it holds the
waybills the sheet and the shop last agreed on, the corrections pushed per order, which orders
were corrected, and when a tick first saw each order shipped (a supplier's sheet keeps the recipient
for a while after that). Unresolved push intents come from the journal's intent/outcome records.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from shared.journal.journal import Journal
from shared.reconcile.inputs import JournalFacts

STATE_NAME = "orders/facts"


@dataclass(slots=True)
class FactsDoc:
    agreed: dict[str, list[str]] = field(default_factory=dict)
    corrections: dict[str, int] = field(default_factory=dict)
    corrected: set[str] = field(default_factory=set)
    shipped: dict[str, str] = field(default_factory=dict)  # order id -> first seen shipped (ISO, UTC)
    absent: dict[str, str] = field(default_factory=dict)  # order id -> first full tick without its row
    # order id -> the numbers a supplier's own sheet gave that the order row last agreed with: a later
    # difference is the supplier's change only if their sheet moved away from these (supplier_feed)
    supplier_agreed: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, journal: Journal) -> FactsDoc:
        raw = journal.get_state(STATE_NAME) or {}
        return cls(
            agreed={str(k): [str(x) for x in v] for k, v in dict(raw.get("agreed", {})).items()},
            corrections={str(k): int(v) for k, v in dict(raw.get("corrections", {})).items()},
            corrected={str(x) for x in raw.get("corrected", [])},
            shipped={str(k): str(v) for k, v in dict(raw.get("shipped", {})).items()},
            absent={str(k): str(v) for k, v in dict(raw.get("absent", {})).items()},
            supplier_agreed={
                str(k): [str(x) for x in v] for k, v in dict(raw.get("supplier_agreed", {})).items()
            },
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
                    "absent": self.absent,
                    "supplier_agreed": self.supplier_agreed,
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
        return _parse(self.shipped.get(order_id))

    def supplier_agrees(self, order_id: str, numbers: Sequence[str]) -> None:
        """The order row now holds what the supplier's sheet says (see ``supplier_agreed``)."""
        wanted = sorted(numbers)
        if self.supplier_agreed.get(order_id) != wanted:
            self.supplier_agreed[order_id] = wanted
            self.changed = True

    def sweep(self, present: Collection[str], now: datetime, keep: timedelta) -> list[str]:
        """After a full tick (``present``: every order id the 订单 tab holds, and those read from the
        shop): forget the orders whose row has been gone for ``keep``; the ids forgotten.

        Why: this one document is read by every tick, edit and event, so it must not grow with the
        shop's whole history. Why not at once: an operator may clear or re-paste the tab, and the
        listing brings recent orders back within days; their facts must still be here then."""
        known = (
            set(self.agreed) | set(self.corrections) | self.corrected | set(self.shipped) | set(self.absent)
        )
        forgotten = []
        for order_id in known:
            if order_id in present:
                if self.absent.pop(order_id, None) is not None:
                    self.changed = True
                continue
            since = _parse(self.absent.get(order_id))
            if since is None:
                self.absent[order_id] = now.astimezone(UTC).isoformat()
                self.changed = True
            elif now - since >= keep:
                for table in (self.agreed, self.corrections, self.shipped, self.absent, self.supplier_agreed):
                    table.pop(order_id, None)
                self.corrected.discard(order_id)
                forgotten.append(order_id)
                self.changed = True
        return sorted(forgotten)

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


def _parse(text: str | None) -> datetime | None:
    """A stored UTC time; None when absent or unreadable (a hand-edited document: not known yet)."""
    try:
        at = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at
