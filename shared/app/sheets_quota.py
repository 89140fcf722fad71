"""The Sheets quota buckets shared by every function instance, through the journal (compare-and-swap).

Why: the service account is one Sheets user for the tick, the shop events and the operators' edits,
and Google refuses its 61st read (or write) in a minute with 429. Each instance counting on its own
cannot know what the others spent, so the buckets (shared/sheets/quota.py) live in one small journal
document, ``state/sheets_quota.json``, and every request takes its token there first (one
compare-and-swap), at the priority of the work it serves (``spending_as``): an operator's edit,
then shop events, then the tick.

When the bucket is short the spender waits for the token to come back (the document says when), as
long as the invocation's deadline (shared/retry/deadline.py) allows; past that it raises
``SheetsQuotaShort`` before sending anything, and the work stays queued (functions/refresh.py
defers it at INFO). Meanwhile new edits queue up and the next pass takes them all: a burst is merged
into fewer refreshes instead of meeting 429.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from shared.journal.errors import JournalConflict
from shared.journal.journal import Journal
from shared.retry import active_deadline
from shared.sheets.errors import SheetsQuotaShort
from shared.sheets.quota import Kind, Priority, QuotaLimits, QuotaState

QUOTA_KEY = "state/sheets_quota.json"
_CAS_ATTEMPTS = 30
#: The longest single sleep: woken this often, a waiter sees tokens another instance gave back early
#: (a clock apart) and does not oversleep a deadline read once.
_LONGEST_NAP = 5.0
#: Without an invocation deadline (the command line, a test), the longest wait for one token.
NO_DEADLINE_WAIT = 65.0

GOOGLE = QuotaLimits()  # 60 reads and 60 writes a minute per user

_PRIORITY: ContextVar[Priority] = ContextVar("waybill_sheets_priority", default=Priority.EDIT)


@contextmanager
def spending_as(priority: Priority) -> Iterator[None]:
    """Every Sheets request made inside the block spends at ``priority`` (a context variable: the
    clients are shared between invocations, the priority travels with the work)."""
    token = _PRIORITY.set(priority)
    try:
        yield
    finally:
        _PRIORITY.reset(token)


def current_priority() -> Priority:
    return _PRIORITY.get()


class JournalQuota:
    """The ``QuotaGate`` the functions' Sheets client spends from (shared/app/wiring.py)."""

    def __init__(
        self,
        journal: Journal,
        limits: QuotaLimits = GOOGLE,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.journal, self.limits, self.clock, self.sleep = journal, limits, clock, sleep
        self.waited = 0.0  # seconds this gate's spenders slept for tokens (for the benchmark's notes)

    def state(self) -> QuotaState:
        stored = self.journal.store.read(QUOTA_KEY)
        return QuotaState.from_json(stored.data if stored else None)

    def headroom(self) -> dict[str, int]:
        """Reads and writes left in the window now (the tick's report carries it)."""
        return self.state().headroom(self.clock(), self.limits)

    def spend(self, kind: Kind) -> None:
        """Take one token of ``kind`` at the current priority, waiting for it when the bucket is short;
        ``SheetsQuotaShort`` when it cannot come before the invocation's deadline (nothing spent)."""
        priority = current_priority()
        while True:
            free_at = self._try_take(kind, priority)
            if free_at is None:
                return
            self._nap(free_at)

    def wait_for(self, reads: int, writes: int) -> None:
        """Wait (without spending) until the current priority could spend ``reads`` and ``writes``;
        ``SheetsQuotaShort`` when that is past the deadline. Called before queued work is taken, so
        what queues up during the wait is taken by the same pass."""
        priority = current_priority()
        while True:
            now, state = self.clock(), self.state()
            free_at = max(
                state.free_at("read", now, self.limits, priority, reads),
                state.free_at("write", now, self.limits, priority, writes),
            )
            if free_at <= now:
                return
            self._nap(free_at)

    def _try_take(self, kind: Kind, priority: Priority) -> float | None:
        """None when a token was taken; else when one may be."""
        seen: list[float | None] = [None]

        def change(data: bytes | None) -> bytes | None:
            now, state = self.clock(), QuotaState.from_json(data)
            after = state.take(kind, now, self.limits, priority)
            seen[0] = None if after is not None else state.free_at(kind, now, self.limits, priority)
            return after.to_json() if after is not None else None

        try:
            self.journal.swap(QUOTA_KEY, change, _CAS_ATTEMPTS)
        except JournalConflict:
            return self.clock() + 0.05  # very busy: try again in a moment
        return seen[0]

    def _nap(self, free_at: float) -> None:
        """Sleep towards ``free_at``, or raise ``SheetsQuotaShort`` when it is past the deadline."""
        wait = free_at - self.clock()
        deadline = active_deadline()
        allowed = deadline.remaining() if deadline is not None else NO_DEADLINE_WAIT
        if wait > allowed:
            raise SheetsQuotaShort(
                f"Sheets quota: no token for {wait:.0f} s at priority {current_priority().name}",
                http_status=None,
                google_status="",
                retry_after=max(0.0, wait),
            )
        nap = min(max(wait, 0.01), _LONGEST_NAP)
        self.waited += nap
        self.sleep(nap)
