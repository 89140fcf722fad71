"""Thresholds of the logistics watch (the 设置 tab), with the defaults of
docs/platforms/couriers-and-tracking.md#thresholds.

Clock of every threshold: each is an elapsed duration between two UTC instants — the push time
(stored UTC) or the newest event's own time (provider Beijing time, converted to UTC on reading)
and ``now`` (UTC, injected). Durations do not depend on the time zone; the messages show the start
instant in Beijing time, which is what operators and couriers use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from shared.domain.text import Bilingual


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

#: The 设置 tab's labels for each threshold (Chinese label, English label), in display order.
SETTING_LABELS: Mapping[str, Bilingual] = {
    "no_pickup_warn_hours": Bilingual("未揽收提醒（小时）", "No pickup: warning (hours)"),
    "no_pickup_hours": Bilingual("未揽收异常（小时）", "No pickup: exception (hours)"),
    "stall_warn_hours": Bilingual("物流停滞提醒（小时）", "Stalled: warning (hours)"),
    "stall_hours": Bilingual("物流停滞异常（小时）", "Stalled: exception (hours)"),
    "last_mile_stall_hours": Bilingual(
        "派件停滞异常（小时）", "Out for delivery, stalled: exception (hours)"
    ),
    "overdue_warn_hours": Bilingual("在途过久提醒（小时）", "Too long in transit: warning (hours)"),
    "overdue_hours": Bilingual("在途过久异常（小时）", "Too long in transit: exception (hours)"),
}


def settings_from_tab(values: Mapping[str, str]) -> tuple[WatchSettings, tuple[str, ...]]:
    """Thresholds from the 设置 tab's label → text pairs (either language).

    Returns the settings and the labels that were unreadable. An unreadable or out-of-range value
    keeps its default: a typo in the settings must not silence the watch.
    """
    parsed: dict[str, float] = {}
    bad: list[str] = []
    for name, labels in SETTING_LABELS.items():
        raw = next((values[label] for label in (labels.zh, labels.en) if label in values), None)
        if raw is None or not str(raw).strip():
            continue
        try:
            parsed[name] = float(str(raw).strip())
        except ValueError:
            bad.append(labels.zh)
    while True:
        try:
            return replace(WatchSettings(), **parsed).validated(), tuple(bad)
        except ValueError as exc:
            # Drop a threshold the error names (one the tab set) and try again with the rest.
            named = re.findall(r"[a-z_]+_hours", str(exc))
            culprit = next((n for n in named if n in parsed), None)
            if culprit is None:  # pragma: no cover - every message names a field
                return WatchSettings(), tuple(bad)
            del parsed[culprit]
            bad.append(SETTING_LABELS[culprit].zh)
