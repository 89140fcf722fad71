"""The overview (总览) of a deployment's shops, as data (pure: no I/O, no clock; ``now`` is passed in).

Each shop's sync tick leaves one ``TickRecord`` in its journal (shared/app/overview_record.py); the
overview reads every shop's record and shows one ``ShopLine`` per shop of the registry, in its order
(shared/app/overview.py writes them). A shop's line is:

* ``FAILING``: its last recorded tick failed (raised), stopped on a broken header, or could not list
  the shop's orders (outcome ``failed``, ``stopped`` or ``partial``), with that tick's error;
* ``STALE``: otherwise, when its last good tick is older than its own 设置 ``stale_sync_minutes``
  (as its last tick read it; 30 when it never said; 0 turns it off, as for the shop's banner) or it
  never had a good tick;
* ``NEVER``: no record at all (the shop has not ticked since the overview was set up);
* ``OK``: otherwise.

Counts (open orders, past and near the ship-by deadline, open 异常 rows) are those of the last tick
that counted them: a failed tick keeps the previous counts and says since when
(``TickRecord.counted_at``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.domain.states import OPEN, RowState
from shared.domain.text import Bilingual

#: Outcomes that make a shop's line FAILING (shared/app/overview_record.py ``outcome_of`` names them).
FAILING_OUTCOMES = frozenset({"failed", "stopped", "partial"})
#: Outcomes of a tick that did its work: its time is the shop's last good tick.
GOOD_OUTCOMES = frozenset({"ok"})
DEFAULT_STALE_MINUTES = 30.0  # 设置 stale_sync_minutes' default (shared/app/stale_sync.py)
DEFAULT_NEAR_HOURS = 12.0  # 设置 urgent_hours' default (shared/domain/settings.py)


@dataclass(frozen=True, slots=True)
class TickCounts:
    """What one tick counted. Open orders: 订单 rows in an open state (shared/domain/states.py
    ``OPEN``); past / near: of those, the ones whose ship-by deadline has passed / is at most
    ``near_hours`` away; open exceptions: 异常 rows neither 已处理 nor 已解决 after the tick."""

    open_orders: int = 0
    past_ship_by: int = 0
    near_ship_by: int = 0
    open_exceptions: int = 0


def count_orders(
    rows: Iterable[tuple[RowState | None, datetime | None]], now: datetime, near_hours: float
) -> tuple[int, int, int]:
    """(open orders, past the ship-by deadline, within ``near_hours`` of it) of (state, ship-by) rows."""
    opened = past = near = 0
    for state, ship_by in rows:
        if state is None or state not in OPEN:
            continue
        opened += 1
        if ship_by is None:
            continue
        left = ship_by - now
        if left < timedelta(0):
            past += 1
        elif left <= timedelta(hours=near_hours):
            near += 1
    return opened, past, near


@dataclass(frozen=True, slots=True)
class TickRecord:
    """One shop's last recorded tick. ``error``: why it failed (bilingual, never a secret);
    ``failures``: failed ticks in a row; ``last_ok``: the last good tick's end (kept across failures);
    ``counts`` as of ``counted_at``; ``stale_minutes`` and ``near_hours``: the shop's 设置 as read."""

    started: datetime
    ended: datetime
    outcome: str
    error: Bilingual | None = None
    failures: int = 0
    last_ok: datetime | None = None
    counts: TickCounts | None = None
    counted_at: datetime | None = None
    stale_minutes: float = DEFAULT_STALE_MINUTES
    near_hours: float = DEFAULT_NEAR_HOURS

    def as_json(self) -> dict[str, Any]:
        return {
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat(),
            "outcome": self.outcome,
            "error": None if self.error is None else {"zh": self.error.zh, "en": self.error.en},
            "failures": self.failures,
            "last_ok": _iso(self.last_ok),
            "counts": None if self.counts is None else _counts_json(self.counts),
            "counted_at": _iso(self.counted_at),
            "stale_minutes": self.stale_minutes,
            "near_hours": self.near_hours,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TickRecord:
        """Raises ValueError, KeyError or TypeError for a document that is not a record."""
        error, counts = data.get("error"), data.get("counts")
        return cls(
            started=_time(data["started"]),
            ended=_time(data["ended"]),
            outcome=str(data["outcome"]),
            error=None if error is None else Bilingual(str(error["zh"]), str(error["en"])),
            failures=int(data.get("failures", 0)),
            last_ok=_maybe_time(data.get("last_ok")),
            counts=None if counts is None else TickCounts(**{k: int(v) for k, v in counts.items()}),
            counted_at=_maybe_time(data.get("counted_at")),
            stale_minutes=float(data.get("stale_minutes", DEFAULT_STALE_MINUTES)),
            near_hours=float(data.get("near_hours", DEFAULT_NEAR_HOURS)),
        )


def next_record(
    previous: TickRecord | None,
    *,
    started: datetime,
    ended: datetime,
    outcome: str,
    error: Bilingual | None = None,
    counts: TickCounts | None = None,
    stale_minutes: float | None = None,
    near_hours: float | None = None,
) -> TickRecord:
    """The record after a tick: what the previous one knew that this tick did not say (the last good
    tick, the counts, the shop's 设置) is carried over; a failure adds one to ``failures``."""
    before = previous or TickRecord(started, ended, outcome)
    return TickRecord(
        started=started,
        ended=ended,
        outcome=outcome,
        error=error,
        failures=before.failures + 1 if outcome in FAILING_OUTCOMES else 0,
        last_ok=ended if outcome in GOOD_OUTCOMES else before.last_ok,
        counts=before.counts if counts is None else counts,
        counted_at=before.counted_at if counts is None else ended,
        stale_minutes=before.stale_minutes if stale_minutes is None else stale_minutes,
        near_hours=before.near_hours if near_hours is None else near_hours,
    )


class Status(enum.Enum):
    OK = "ok"
    FAILING = "failing"
    STALE = "stale"
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class ShopLine:
    """One shop's line of the overview (``record`` None: it never ticked)."""

    shop: str
    status: Status
    record: TickRecord | None

    @property
    def past_deadline(self) -> bool:
        counts = self.record.counts if self.record is not None else None
        return counts is not None and counts.past_ship_by > 0


def status_of(record: TickRecord | None, now: datetime) -> Status:
    if record is None:
        return Status.NEVER
    if record.outcome in FAILING_OUTCOMES:
        return Status.FAILING
    if record.last_ok is None:
        return Status.STALE
    if record.stale_minutes > 0 and now - record.last_ok > timedelta(minutes=record.stale_minutes):
        return Status.STALE  # 0: the shop turned the stale-sync warning off (设置 stale_sync_minutes)
    return Status.OK


def shop_lines(
    shops: Sequence[str], records: Mapping[str, TickRecord | None], now: datetime
) -> tuple[ShopLine, ...]:
    """One line per shop, in the registry's order (a shop without a record is ``NEVER``)."""
    return tuple(ShopLine(key, status_of(records.get(key), now), records.get(key)) for key in shops)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _time(text: Any) -> datetime:
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        raise ValueError("record times are timezone-aware")
    return moment


def _maybe_time(text: Any) -> datetime | None:
    return None if text is None else _time(text)


def _counts_json(counts: TickCounts) -> dict[str, int]:
    return {
        "open_orders": counts.open_orders,
        "past_ship_by": counts.past_ship_by,
        "near_ship_by": counts.near_ship_by,
        "open_exceptions": counts.open_exceptions,
    }
