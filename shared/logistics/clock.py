"""Clocks of the logistics watch.

Stored times are UTC (aware ``datetime`` with ``tzinfo=UTC``). Providers and operators speak
Beijing time (UTC+8, no daylight saving since 1991), so event times are parsed as Beijing time and
converted to UTC at once, and messages show Beijing time. A fixed offset is used on purpose: it
needs no tz database in the serverless image.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


def parse_beijing(text: object) -> datetime | None:
    """A provider's local time text (``2026-11-20 14:05:00``, Beijing time) as UTC; None if unreadable."""
    if not isinstance(text, str):
        return None
    raw = text.strip()
    for fmt in _FORMATS:
        try:
            local = datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return local.replace(tzinfo=BEIJING).astimezone(UTC)
    return None


def as_beijing_text(moment: datetime) -> str:
    """``11-20 14:05`` in Beijing time, for a one-sentence message."""
    return moment.astimezone(BEIJING).strftime("%m-%d %H:%M")


def require_utc(moment: datetime, name: str = "time") -> datetime:
    """Refuse naive datetimes: a naive time has no clock, and mixing clocks is the bug we prevent."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return moment.astimezone(UTC)
