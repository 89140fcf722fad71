"""Thresholds of the logistics watch (the 设置 tab), with the defaults of
docs/platforms/couriers-and-tracking.md#thresholds.

Clock of every threshold: each is an elapsed duration between two UTC instants — the push time
(stored UTC) or the newest event's own time (provider Beijing time, converted to UTC on reading)
and ``now`` (UTC, injected). Durations do not depend on the time zone; the messages show the start
instant in Beijing time, which is what operators and couriers use.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """Hours after which a parcel is flagged. ``*_warn_hours`` raise a warning, the others an exception.

    Defaults are the proposals of the doc's Thresholds section (our inference: measure false alarms, tune):

    - no pickup: 24 h warning, 48 h exception, counted from our push to the shop;
    - stall in transit (no newer event): 48 h warning, 72 h exception, from the newest event;
    - last-mile stall (out for delivery / in a locker): 36 h exception, from the newest event;
    - too long in transit: 7 days warning [U, ours], 15 days exception (domestic hard stop),
      from the first event that shows the parcel picked up.

    Kuaidi100 re-checks about every 4 h and allows one query per number per ~30 min, so stall
    thresholds below ~8 h would fire on polling gaps, not real stalls; ``validated`` refuses them.
    """

    no_pickup_warn_hours: float = 24
    no_pickup_hours: float = 48
    stall_warn_hours: float = 48
    stall_hours: float = 72
    last_mile_stall_hours: float = 36
    overdue_warn_hours: float = 7 * 24
    overdue_hours: float = 15 * 24

    def validated(self) -> WatchSettings:
        """Itself if coherent; ValueError naming the first bad threshold otherwise."""
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0 < value <= 24 * 120:
                raise ValueError(f"{f.name} must be between 0 and 2880 hours, got {value}")
        for warn, hard in (
            ("no_pickup_warn_hours", "no_pickup_hours"),
            ("stall_warn_hours", "stall_hours"),
            ("overdue_warn_hours", "overdue_hours"),
        ):
            if getattr(self, warn) > getattr(self, hard):
                raise ValueError(f"{warn} must not exceed {hard}")
        for name in ("stall_warn_hours", "stall_hours", "last_mile_stall_hours"):
            if getattr(self, name) < MIN_STALL_HOURS:
                raise ValueError(f"{name} below {MIN_STALL_HOURS} h would flag polling gaps, not stalls")
        return self


MIN_STALL_HOURS = 8
