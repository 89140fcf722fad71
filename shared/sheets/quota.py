"""The Sheets API's per-user quota as two buckets, reads and writes: the arithmetic alone (pure).

Google allows 60 read and 60 write requests a minute per user, and the service account is that one
user for every function (docs/platforms/sheets-and-functions.md#quotas-and-limits). Each bucket
here holds the times of the requests spent in the last ``window`` seconds: a token comes back
exactly one window after it was spent, so no window of that length, wherever it starts, holds more
than ``limit`` requests (Google's windows and the emulator's fixed ones included). A request is one
token whatever its size (a batch is one request).

Spending is paced: at most ``pace`` tokens in any ``pace`` / (limit / window) seconds (six
tokens in about six seconds with Google's quota), so a burst cannot empty the bucket in a few
seconds and leave everyone waiting for the minute to turn; the work waiting meanwhile is merged into
the next pass. Spending is by priority: operator edits first, then shop events, then the tick's bulk
work. A priority may take a token only while more than its ``reserve`` are left, so the tokens below
the shop events' reserve are the operators' alone, and the tick leaves headroom for both. Within a
pace span each priority has its share (edits 4, shop events 2, the tick 2, of 6): a busy team's
edits cannot starve the shop events for minutes, nor the events the edits. An operator's edits are
not paced while the window holds fewer than ``edit_burst`` spends: on a quiet sheet the third quick
edit in a row answers at once instead of waiting some six seconds for the pace span to turn (a
pass costs 2 reads and 2 writes, so the edits' share of a span is two passes); pacing starts once the
bucket is really being drained.

Where the buckets live (one journal document shared by every function instance) and the waiting are
the app's (shared/app/sheets_quota.py); the client calls ``QuotaGate.spend`` before each request
(shared/sheets/http.py). Times are plain seconds passed in; nothing here reads a clock.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Literal, Protocol

Kind = Literal["read", "write"]

#: Sheets API method (shared/sheets/http.py ``classify``) -> the bucket it spends from.
READS = frozenset({"values.batchGet", "values.get", "spreadsheets.get"})


def kind_of(endpoint: str) -> Kind:
    """The bucket a request to ``endpoint`` spends from (every method that is not a read writes)."""
    return "read" if endpoint in READS else "write"


class Priority(enum.IntEnum):
    """Who spends: a lower value is served first."""

    EDIT = 0  # an operator's edit, 校验/推送所选行, 立即同步
    EVENT = 1  # shop events
    TICK = 2  # the timer's bulk reads and writes


@dataclass(frozen=True, slots=True)
class QuotaLimits:
    """The buckets' sizes. ``margin``: tokens never spent (requests the buckets do not see: the
    command line, a clock a little apart between instances). ``event_reserve`` / ``tick_reserve``:
    the tokens shop events / the tick leave for those before them. ``pace``: tokens all spenders
    together may spend in one pace span; ``shares``: of those, how many each priority may (edits,
    shop events, the tick)."""

    reads: int = 60
    writes: int = 60
    window: float = 61.0  # a second over Google's minute: a request is stamped before it travels
    margin: int = 2
    event_reserve: int = 8
    tick_reserve: int = 16
    pace: int = 6  # 0: no pacing
    shares: tuple[int, int, int] = (4, 2, 2)
    edit_burst: int = 24  # edits go unpaced while the window holds fewer spends than this; 0: always paced

    def limit(self, kind: Kind) -> int:
        return max(0, (self.reads if kind == "read" else self.writes) - self.margin)

    def reserve(self, priority: Priority) -> int:
        """Tokens a spender of ``priority`` must leave."""
        kept = {Priority.EDIT: 0, Priority.EVENT: self.event_reserve, Priority.TICK: self.tick_reserve}
        return kept[priority]

    def pace_span(self, kind: Kind) -> float:
        """Seconds in which at most ``pace`` tokens may be spent: the bucket's own rate."""
        return self.window * self.pace / max(1, self.limit(kind))


Spend = tuple[float, int]  # (unix seconds, the spender's priority)


@dataclass(frozen=True, slots=True)
class QuotaState:
    """The spends of each bucket still inside the window, oldest first."""

    reads: tuple[Spend, ...] = ()
    writes: tuple[Spend, ...] = ()

    def spends(self, kind: Kind) -> tuple[Spend, ...]:
        return self.reads if kind == "read" else self.writes

    def _recent(self, kind: Kind, now: float, span: float, priority: Priority | None = None) -> list[float]:
        # A spend stamped after ``now`` (another instance's clock ahead) still counts: kept, not lost.
        return sorted(
            t for t, p in self.spends(kind) if t > now - span and (priority is None or p == priority)
        )

    def left(self, kind: Kind, now: float, limits: QuotaLimits) -> int:
        """Tokens in the bucket at ``now``."""
        return max(0, limits.limit(kind) - len(self._recent(kind, now, limits.window)))

    def allows(self, kind: Kind, now: float, limits: QuotaLimits, priority: Priority, count: int = 1) -> bool:
        """Whether ``count`` tokens may be spent at ``now`` by ``priority``."""
        return self.free_at(kind, now, limits, priority, count) <= now

    def take(self, kind: Kind, now: float, limits: QuotaLimits, priority: Priority) -> QuotaState | None:
        """The buckets after one token of ``kind`` is spent at ``now``, or None when ``priority``
        may not spend it now. Spends that left the window are forgotten."""
        if not self.allows(kind, now, limits, priority):
            return None

        def kept(k: Kind) -> tuple[Spend, ...]:
            return tuple(sorted((t, p) for t, p in self.spends(k) if t > now - limits.window))

        if kind == "read":
            return QuotaState(tuple(sorted((*kept("read"), (now, int(priority))))), kept("write"))
        return QuotaState(kept("read"), tuple(sorted((*kept("write"), (now, int(priority))))))

    def free_at(
        self, kind: Kind, now: float, limits: QuotaLimits, priority: Priority, count: int = 1
    ) -> float:
        """The earliest time ``priority`` may spend ``count`` tokens of ``kind`` (``now`` when it
        already may; inf when it never can): when enough spends have aged out of the window, and
        of the pace span (all spenders', and this priority's own)."""
        limit = limits.limit(kind)
        reserve = min(limits.reserve(priority), max(0, limit - count))
        at = _aged_out(self._recent(kind, now, limits.window), limit - reserve - count, limits.window)
        if limits.pace > 0:
            span = limits.pace_span(kind)
            pace = max(limits.pace, count)
            share = max(limits.shares[priority], count)
            paced = _aged_out(self._recent(kind, now, span), pace - count, span)
            paced = max(paced, _aged_out(self._recent(kind, now, span, priority), share - count, span))
            if priority == Priority.EDIT and limits.edit_burst > 0:
                # Unpaced once the window is quiet enough again, whichever comes first.
                quiet = _aged_out(
                    self._recent(kind, now, limits.window), limits.edit_burst - count, limits.window
                )
                paced = min(paced, quiet)
            at = max(at, paced)
        return max(now, at)

    def headroom(self, now: float, limits: QuotaLimits) -> dict[str, int]:
        """Reads and writes left in the window at ``now``."""
        return {"reads": self.left("read", now, limits), "writes": self.left("write", now, limits)}

    def to_json(self) -> bytes:
        raw = {"reads": [list(s) for s in self.reads], "writes": [list(s) for s in self.writes]}
        return json.dumps(raw).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | None) -> QuotaState:
        """An absent or unreadable document is full buckets (a lost document costs at most one
        window's worth of requests the buckets did not count; the client's retries cover that)."""
        if data is None:
            return cls()
        try:
            raw = json.loads(data.decode("utf-8"))
            return cls(_spends(raw.get("reads", [])), _spends(raw.get("writes", [])))
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError, TypeError, ValueError, IndexError):
            return cls()


def _spends(raw: list[list[float]]) -> tuple[Spend, ...]:
    return tuple(sorted((float(s[0]), int(s[1])) for s in raw))


def _aged_out(spends: list[float], keep: int, span: float) -> float:
    """When no more than ``keep`` of the (sorted) ``spends`` are within ``span`` (never: inf)."""
    if keep < 0:
        return float("inf")
    must_go = len(spends) - keep
    return 0.0 if must_go <= 0 else spends[must_go - 1] + span


class QuotaGate(Protocol):
    """What the Sheets client asks before each request (shared/app/sheets_quota.py is the one the
    functions use): spend one token of ``kind``, waiting for it if need be, or raise
    ``SheetsQuotaShort`` when it cannot come in time."""

    def spend(self, kind: Kind) -> None: ...

    def headroom(self) -> dict[str, int]:
        """Reads and writes left in the window now."""
        ...
