"""Sheet edits waiting for the private ``refresh`` function: one journal document, compare-and-swap.

Why: the public ``sheet_edit`` function holds only the sheet's HMAC secret and the journal (no shop,
no supplier, no tracking secret). So it verifies and claims an edit, records it here and publishes a
small "work is waiting" message; ``refresh`` (private) takes the queue and does the reading and
pushing. A message that is lost costs nothing: the timer's ``sync`` drains this queue before its tick.

Each pending edit keeps what the apply needs: the rows and the action (validate / push / edit), the
header flag, and the trigger's report of the edit (for the audit entries of an operator's edit).
An edit whose apply fails goes back to the front of the queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields

from shared.journal.errors import JournalConflict
from shared.journal.journal import Journal
from shared.sheets.edit_signature import SheetEdit

EDITS_KEY = "state/sheet_edits/queue.json"
MAX_PENDING = 500  # a paste of many blocks is many edits; beyond this the tick's full pass covers them
_CAS_ATTEMPTS = 20


class EditQueueContended(RuntimeError):
    """The edit queue kept changing under us (``_CAS_ATTEMPTS`` lost races in a row)."""


@dataclass(frozen=True, slots=True)
class PendingEdit:
    edit_id: str  # the signed request's digest head (the once-key's), never the signature
    edit: SheetEdit

    @property
    def header(self) -> bool:
        """Only header rows (row 1) were edited: a layout check, not a refresh."""
        return self.last_row < 2

    @property
    def last_row(self) -> int:
        return self.edit.row + max(1, self.edit.num_rows) - 1

    @property
    def rows(self) -> tuple[int, int]:
        return max(2, self.edit.row), self.last_row

    def as_json(self) -> dict[str, object]:
        return {"edit_id": self.edit_id, "edit": asdict(self.edit)}

    @classmethod
    def from_json(cls, raw: object) -> PendingEdit | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("edit"), dict):
            return None
        known = {f.name for f in fields(SheetEdit)}
        try:
            edit = SheetEdit(**{k: v for k, v in raw["edit"].items() if k in known})
        except TypeError:
            return None
        return cls(str(raw.get("edit_id", "")), edit)


def _decode(data: bytes | None) -> tuple[PendingEdit, ...]:
    if data is None:
        return ()
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ()  # unreadable: start afresh (the next tick reads every row anyway)
    items = raw.get("edits", []) if isinstance(raw, dict) else []
    return tuple(p for p in (PendingEdit.from_json(i) for i in items) if p is not None)


def _encode(edits: Sequence[PendingEdit]) -> bytes:
    return json.dumps({"edits": [e.as_json() for e in edits]}, ensure_ascii=False).encode("utf-8")


class EditQueue:
    """The pending edits in the journal store; every change is a compare-and-swap."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def pending(self) -> tuple[PendingEdit, ...]:
        stored = self.journal.store.read(EDITS_KEY)
        return _decode(stored.data if stored else None)

    def _change(
        self, change: Callable[[tuple[PendingEdit, ...]], tuple[PendingEdit, ...]]
    ) -> tuple[PendingEdit, ...]:
        """Apply ``change`` atomically; the edits as they were before it."""
        seen: list[tuple[PendingEdit, ...]] = []

        def swap(data: bytes | None) -> bytes | None:
            before = _decode(data)
            after = change(before)
            seen.append(before)
            return None if after == before else _encode(after)

        try:
            self.journal.swap(EDITS_KEY, swap, _CAS_ATTEMPTS)
        except JournalConflict as exc:
            raise EditQueueContended("the sheet-edit queue kept changing; try again") from exc
        return seen[-1]

    def add(self, edit: PendingEdit) -> None:
        """Queue one edit (once: a copy with the same id is not queued twice). Beyond ``MAX_PENDING``
        the oldest are dropped: the tick's full pass reads every row they named."""

        def add(q: tuple[PendingEdit, ...]) -> tuple[PendingEdit, ...]:
            if any(p.edit_id == edit.edit_id for p in q):
                return q
            return (*q, edit)[-MAX_PENDING:]

        self._change(add)

    def take_all(self) -> tuple[PendingEdit, ...]:
        """Every pending edit, emptying the queue (an empty queue is not written)."""
        return self._change(lambda q: ())

    def put_back(self, edits: Sequence[PendingEdit]) -> None:
        """After a failed apply: the edits go back to the front, in their order."""

        def back(q: tuple[PendingEdit, ...]) -> tuple[PendingEdit, ...]:
            ids = {e.edit_id for e in edits}
            return (*edits, *(p for p in q if p.edit_id not in ids))[:MAX_PENDING]

        self._change(back)


@dataclass
class EditDrain:
    applied: int = 0
    returned: int = 0  # put back after a failure (the next drain or the timer's sync takes them)
    failed: str | None = None  # the failing apply's exception class


def drain_edits(journal: Journal, apply: Callable[[PendingEdit], None]) -> EditDrain:
    """Apply every pending edit in order, one at a time (``drain_edit_batches`` with batches of one)."""
    return drain_edit_batches(journal, lambda batch: apply(batch[0]), lambda taken: [(p,) for p in taken])


Batch = tuple[PendingEdit, ...]


def drain_edit_batches(
    journal: Journal, apply: Callable[[Batch], None], batches: Callable[[Batch], Sequence[Batch]]
) -> EditDrain:
    """Take every pending edit, cut them into ``batches`` (edits that share one pass; the cutting
    keeps every edit exactly once) and apply each batch in order. The first batch that raises stops
    the drain: it and the batches after it go back to the queue, in their order (a Sheets outage or
    quota would fail them all; the next drain tries again). Never raises for a failed apply."""
    queue = EditQueue(journal)
    cut = list(batches(queue.take_all()))
    report = EditDrain()
    for index, batch in enumerate(cut):
        try:
            apply(batch)
        except Exception as exc:  # any failure: keep the edits, say which class
            rest = tuple(p for later in cut[index:] for p in later)
            queue.put_back(rest)
            report.returned, report.failed = len(rest), type(exc).__name__
            return report
        report.applied += len(batch)
    return report
