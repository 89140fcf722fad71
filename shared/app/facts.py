"""What the journal remembers per order, as reconcile's ``JournalFacts`` (one state document).

One document keeps a tick at one read and one write however many orders there are; it holds the
waybills the sheet and the shop last agreed on, the corrections pushed per order, which orders
were corrected, and when a tick first saw each order shipped (a supplier's sheet keeps the recipient
for a while after that). Unresolved push intents come from the journal's intent/outcome records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.domain.pushes import RefusalReason
from shared.journal.journal import Journal, state_of
from shared.reconcile.inputs import JournalFacts, Refusal

STATE_NAME = "orders/facts"
_CAS_ATTEMPTS = 10


@dataclass(slots=True)
class FactsDoc:
    agreed: dict[str, list[str]] = field(default_factory=dict)
    corrections: dict[str, int] = field(default_factory=dict)
    corrected: set[str] = field(default_factory=set)
    shipped: dict[str, str] = field(default_factory=dict)  # order id -> first seen shipped (ISO, UTC)
    # order id -> first seen finished (ISO, UTC): its row leaves for an archive tab some days later
    finished: dict[str, str] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)  # order id -> first full tick without its row
    # order id -> the numbers a supplier's own sheet gave that the order row last agreed with: a later
    # difference is the supplier's change only if their sheet moved away from these (supplier_feed)
    supplier_agreed: dict[str, list[str]] = field(default_factory=dict)
    # order id -> the last push the platform refused for good: {kind, courier, waybills, reason}
    refused: dict[str, dict[str, Any]] = field(default_factory=dict)
    # order id -> "open" / "closed": the order has had a row on the 订单 tab, and whether it was open
    # when last seen (presence.py). An open one missing from the sheet is looked up and restored.
    known: dict[str, str] = field(default_factory=dict)
    # False: a journal from before ``known``: the next full tick takes the rows it reads as known
    known_started: bool = False
    start_pending: bool = False  # known_started was just set: save even if no order changed
    # 订单号 text -> when a row holding it was first found unknown to the shop (never pushed)
    foreign: dict[str, str] = field(default_factory=dict)
    unrefused: set[str] = field(default_factory=set)  # refusals this instance cleared (a push landed)
    unfinished: set[str] = field(default_factory=set)  # finishing times this instance cleared (restored)
    touched: set[str] = field(default_factory=set)  # orders this instance changed (merged on save)
    forgotten: set[str] = field(default_factory=set)  # orders the sweep dropped (dropped on save too)
    # sha256 of the stored document this instance holds (as loaded or last saved): a save that finds
    # the same bytes there skips reading it back (see ``save``)
    base: bytes = field(default=b"", compare=False, repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.touched)

    @classmethod
    def load(cls, journal: Journal) -> FactsDoc:
        stored = journal.store.read(f"state/{STATE_NAME}.json")
        raw = state_of(stored.data, STATE_NAME) if stored is not None else {}
        doc = cls.from_raw(raw, fresh=True)
        doc.base = hashlib.sha256(stored.data).digest() if stored is not None else b""
        return doc

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any], *, fresh: bool = False) -> FactsDoc:
        """The document from its JSON object. ``fresh``: ``raw`` was just parsed and is not used
        elsewhere, so its maps become the document's own (no second copy of ~70,000 orders' facts
        while a tick holds its rows: the parse is the larger half of a load's memory)."""
        # One string object per distinct time or state: a tick stamps its ~1,000 orders with the same
        # instant, and JSON parsing gives each occurrence its own object (keys are shared already).
        pool: dict[str, str] = {}

        def one(value: Any) -> str:
            text = str(value)
            return pool.setdefault(text, text)

        def texts(name: str) -> dict[str, str]:
            found = raw.get(name, {})
            if fresh and isinstance(found, dict):
                for key, value in found.items():  # JSON object keys are strings
                    found[key] = one(value)
                return found
            return {str(k): one(v) for k, v in dict(found).items()}

        def lists(name: str) -> dict[str, list[str]]:
            return {str(k): [str(x) for x in v] for k, v in dict(raw.get(name, {})).items()}

        return cls(
            agreed=lists("agreed"),
            corrections={str(k): int(v) for k, v in dict(raw.get("corrections", {})).items()},
            corrected={str(x) for x in raw.get("corrected", [])},
            shipped=texts("shipped"),
            finished=texts("finished"),
            absent=texts("absent"),
            supplier_agreed=lists("supplier_agreed"),
            refused={str(k): dict(v) for k, v in dict(raw.get("refused", {})).items() if isinstance(v, dict)},
            known=texts("known"),
            known_started=bool(raw.get("known_started", False)),
            foreign=texts("foreign"),
        )

    def to_raw(self) -> dict[str, Any]:
        return {
            "agreed": self.agreed,
            "corrections": self.corrections,
            "corrected": sorted(self.corrected),
            "shipped": self.shipped,
            "finished": self.finished,
            "absent": self.absent,
            "supplier_agreed": self.supplier_agreed,
            "refused": self.refused,
            "known": self.known,
            "known_started": self.known_started,
            "foreign": self.foreign,
        }

    def save(self, journal: Journal) -> None:
        """Write this instance's changes over the document as it is now (compare-and-swap): a tick
        and an event refresh run side by side, and neither may lose what the other recorded. For an
        order both changed, this one wins, except the correction count, which keeps the larger."""
        if not self.touched and not self.start_pending:
            return
        saved: list[FactsDoc] = []

        def swap(data: bytes | None) -> bytes:
            if data is not None and self.base and hashlib.sha256(data).digest() == self.base:
                # Nobody wrote since this instance read it: merging into it would give this instance's
                # own document (every change is recorded on both sides, test_facts_save.py), so it is
                # not parsed again. At 1,000 orders a day the document is several MB, and a tick
                # saves it up to three times.
                saved.append(self)
                return self._dump()
            try:
                raw = json.loads(data.decode("utf-8")) if data is not None else {}
                current = FactsDoc.from_raw(raw if isinstance(raw, dict) else {}, fresh=True)
            except (UnicodeDecodeError, ValueError, TypeError, AttributeError):
                current = FactsDoc()  # unreadable: ours replaces it (the next ticks re-learn the rest)
            current.merge(self)
            saved.append(current)
            return current._dump()

        journal.swap(f"state/{STATE_NAME}.json", swap, _CAS_ATTEMPTS)
        self._adopt(saved[-1])

    def _dump(self) -> bytes:
        data = json.dumps(self.to_raw(), sort_keys=True).encode("utf-8")
        self.base = hashlib.sha256(data).digest()
        return data

    def _adopt(self, saved: FactsDoc) -> None:
        """After a save: this instance now holds the merged document, with nothing left to write."""
        self.agreed, self.corrections, self.corrected = saved.agreed, saved.corrections, saved.corrected
        self.shipped, self.absent, self.supplier_agreed = saved.shipped, saved.absent, saved.supplier_agreed
        self.finished = saved.finished
        self.refused = saved.refused
        self.base = saved.base
        self.known, self.foreign, self.known_started = saved.known, saved.foreign, saved.known_started
        self.touched.clear()
        self.forgotten.clear()
        self.unrefused.clear()
        self.unfinished.clear()
        self.start_pending = False

    def merge(self, mine: FactsDoc) -> None:
        """Take ``mine``'s values for the orders it touched (see ``save``)."""
        self.known_started = self.known_started or mine.known_started
        for order_id in mine.touched:
            if order_id in mine.forgotten:
                self._forget(order_id)  # then whatever this instance learnt of it again (below)
            for name in ("agreed", "shipped", "finished", "absent", "supplier_agreed", "refused"):
                ours, theirs = getattr(mine, name), getattr(self, name)
                if order_id in ours:
                    theirs[order_id] = ours[order_id]
            if order_id in mine.unrefused:
                self.refused.pop(order_id, None)  # a later push landed
            if order_id in mine.unfinished and order_id not in mine.finished:
                self.finished.pop(order_id, None)  # it came back to life (and is not finished again)
            if order_id not in mine.absent:
                self.absent.pop(order_id, None)  # its row is back
            for table, theirs in ((mine.known, self.known), (mine.foreign, self.foreign)):
                if order_id in table:
                    theirs[order_id] = table[order_id]
                else:
                    theirs.pop(order_id, None)  # unknown to the shop after all, or known again
            count = max(self.corrections.get(order_id, 0), mine.corrections.get(order_id, 0))
            if count:
                self.corrections[order_id] = count
            if order_id in mine.corrected:
                self.corrected.add(order_id)

    def _forget(self, order_id: str) -> None:
        tables = (self.agreed, self.corrections, self.shipped, self.absent, self.supplier_agreed)
        for table in (*tables, self.finished, self.known, self.foreign, self.refused):
            table.pop(order_id, None)
        self.corrected.discard(order_id)

    def agree(self, order_id: str, waybills: tuple[str, ...]) -> None:
        if self.refused.pop(order_id, None) is not None:
            self.unrefused.add(order_id)
            self.touched.add(order_id)
        if self.agreed.get(order_id) != list(waybills):
            self.agreed[order_id] = list(waybills)
            self.touched.add(order_id)

    def refuse(
        self, order_id: str, kind: str, courier: str, waybills: Sequence[str], reason: RefusalReason
    ) -> None:
        """The platform refused this push for good: the same push is not sent again (see Refusal)."""
        self.unrefused.discard(order_id)
        self.refused[order_id] = {
            "kind": kind,
            "courier": courier,
            "waybills": list(waybills),
            "reason": str(reason),
        }
        self.touched.add(order_id)

    def seen_shipped(self, order_id: str, at: datetime) -> None:
        """Remember when the order was first seen shipped (later sightings change nothing)."""
        if order_id not in self.shipped:
            self.shipped[order_id] = at.astimezone(UTC).isoformat()
            self.touched.add(order_id)

    def seen_finished(self, order_id: str, at: datetime) -> None:
        """Remember when the order was first seen finished (later sightings change nothing)."""
        if order_id not in self.finished:
            self.finished[order_id] = at.astimezone(UTC).isoformat()
            self.touched.add(order_id)

    def unfinish(self, order_id: str) -> None:
        """The order came back to life: it counts as finished again only from when it is seen so."""
        if self.finished.pop(order_id, None) is not None:
            self.unfinished.add(order_id)
            self.touched.add(order_id)

    def archived(self, order_id: str) -> None:
        """Its row left 订单 for an archive tab: the facts only a live row needs go now (when it
        shipped and finished, whether it is open: the archive index says where it is), those of what
        the sheet and the shop agreed on stay until the sweep forgets the order (``FACTS_KEEP``
        after its row went): one that comes back to life must not take its own numbers for news."""
        self.unfinish(order_id)
        if self.shipped.pop(order_id, None) is not None:
            self.touched.add(order_id)
        if self.known.pop(order_id, None) is not None:
            self.touched.add(order_id)

    def finished_times(self) -> dict[str, datetime]:
        return {k: v for k, raw in self.finished.items() if (v := _parse(raw)) is not None}

    def shipped_at(self, order_id: str) -> datetime | None:
        return _parse(self.shipped.get(order_id))

    def supplier_agrees(self, order_id: str, numbers: Sequence[str]) -> None:
        """The order row now holds what the supplier's sheet says (see ``supplier_agreed``)."""
        wanted = sorted(numbers)
        if self.supplier_agreed.get(order_id) != wanted:
            self.supplier_agreed[order_id] = wanted
            self.touched.add(order_id)

    def sweep(self, present: Collection[str], now: datetime, keep: timedelta) -> list[str]:
        """After a full tick (``present``: every order id the 订单 tab holds, and those read from the
        shop): forget the orders whose row has been gone for ``keep``; the ids forgotten.

        Why: this one document is read by every tick, edit and event, so it must not grow with the
        shop's whole history. Why not at once: an operator may clear or re-paste the tab, and the
        listing brings recent orders back within days; their facts must still be here then."""
        known = set(self.agreed) | set(self.corrections) | self.corrected | set(self.shipped)
        known |= set(self.absent) | set(self.supplier_agreed) | set(self.known) | set(self.foreign)
        known |= set(self.refused) | set(self.finished)
        forgotten = []
        for order_id in known:
            if order_id in present:
                if self.absent.pop(order_id, None) is not None:
                    self.touched.add(order_id)
                continue
            since = _parse(self.absent.get(order_id))
            if since is None:
                self.absent[order_id] = now.astimezone(UTC).isoformat()
                self.touched.add(order_id)
            elif now - since >= keep:
                self._forget(order_id)
                self.forgotten.add(order_id)
                forgotten.append(order_id)
                self.touched.add(order_id)
        return sorted(forgotten)

    def mark_known(self, order_id: str, is_open: bool) -> None:
        """The order has a row (or is given one now); ``is_open``: restore it if the row goes."""
        value = "open" if is_open else "closed"
        if self.known.get(order_id) != value:
            self.known[order_id] = value
            self.touched.add(order_id)

    def unknow(self, order_id: str) -> None:
        """The shop does not know this id: it is no order to restore."""
        if self.known.pop(order_id, None) is not None:
            self.touched.add(order_id)

    def mark_foreign(self, key: str, at: datetime) -> None:
        self.unknow(key)
        if key not in self.foreign:
            self.foreign[key] = at.astimezone(UTC).isoformat()
            self.touched.add(key)

    def unforeign(self, key: str) -> None:
        if self.foreign.pop(key, None) is not None:
            self.touched.add(key)

    def start_known(self) -> None:
        """The rows of this journal are now taken as known (once, by a full tick)."""
        if not self.known_started:
            self.known_started = self.start_pending = True

    def open_known(self) -> set[str]:
        return {order_id for order_id, state in self.known.items() if state == "open"}

    def record_correction(self, order_id: str) -> None:
        self.corrections[order_id] = self.corrections.get(order_id, 0) + 1
        self.corrected.add(order_id)
        self.touched.add(order_id)

    def exhaust(self, order_id: str, limit: int) -> None:
        """The platform refused a correction for the budget (606041): count it as used up, so later
        ticks show the budget message instead of pushing the same refused correction again."""
        if self.corrections.get(order_id, 0) < limit:
            self.corrections[order_id] = limit
            self.touched.add(order_id)

    def as_facts(self, unresolved: frozenset[str]) -> JournalFacts:
        return JournalFacts(
            agreed={k: tuple(v) for k, v in self.agreed.items()},
            corrections_used=dict(self.corrections),
            unresolved=unresolved,
            corrected=frozenset(self.corrected),
            refused={k: _refusal(v) for k, v in self.refused.items()},
            known={k: v == "open" for k, v in self.known.items()},
            foreign=frozenset(self.foreign),
        )


def _refusal(raw: Mapping[str, Any]) -> Refusal:
    return Refusal(
        str(raw.get("kind", "")),
        str(raw.get("courier", "")),
        tuple(str(w) for w in raw.get("waybills", [])),
        RefusalReason.of_code(str(raw.get("reason", ""))),
    )


def _parse(text: str | None) -> datetime | None:
    """A stored UTC time; None when absent or unreadable (a hand-edited document: not known yet)."""
    try:
        at = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at
