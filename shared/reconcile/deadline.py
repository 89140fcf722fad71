"""The ship-by countdown (pure). Times are UTC inside; the sheet shows Beijing time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

BEIJING = timezone(timedelta(hours=8))
SHEET_TIME_FORMAT = "%Y-%m-%d %H:%M"


def to_sheet_time(moment: datetime | None) -> str:
    """UTC -> the Beijing wall time the sheet shows ("2026-11-27 18:00")."""
    return moment.astimezone(BEIJING).strftime(SHEET_TIME_FORMAT) if moment else ""


# from_sheet_time remembers this many texts: a tick reads 付款时间 and 发货截止 of every live row in
# several places (the scorecard, the tick's counts, the 日志 trim); times are to the minute, so at
# 1,000 orders a day most repeat. About 200 bytes a text.
TIMES_CACHE = 65_536


@lru_cache(maxsize=TIMES_CACHE)
def from_sheet_time(text: str) -> datetime | None:
    """The sheet's Beijing wall time -> UTC; None when it is not one of ours (pure: remembered)."""
    text = text.strip()
    fast = _our_format(text)
    if fast is not None:
        return fast
    for pattern in (SHEET_TIME_FORMAT, "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=BEIJING).astimezone(UTC)
        except ValueError:
            continue
    return None


def _our_format(text: str) -> datetime | None:
    """ "2026-11-27 18:00" without strptime (a tick parses one per row: strptime is ~10x slower)."""
    if len(text) != 16 or text[4] != "-" or text[7] != "-" or text[10] != " " or text[13] != ":":
        return None
    parts = (text[0:4], text[5:7], text[8:10], text[11:13], text[14:16])
    if not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        year, month, day, hour, minute = (int(p) for p in parts)
        return datetime(year, month, day, hour, minute, tzinfo=BEIJING).astimezone(UTC)
    except ValueError:
        return None


def _span_zh(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours >= 48:
        return f"{hours // 24} 天"
    if hours >= 1:
        return f"{hours} 小时"
    return f"{max(1, int(delta.total_seconds() // 60))} 分钟"


def _span_en(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours >= 48:
        return f"{hours // 24} days"
    if hours >= 1:
        return f"{hours} h"
    return f"{max(1, int(delta.total_seconds() // 60))} min"


def countdown(ship_by: datetime | None, now: datetime) -> tuple[str, str, bool]:
    """The phrase for the message column (zh, en), and whether the deadline has passed."""
    if ship_by is None:
        return "", "", False
    left = ship_by - now
    if left.total_seconds() < 0:
        late = -left
        return f"已超过发货截止 {_span_zh(late)}", f"{_span_en(late)} past the ship-by deadline", True
    return f"距发货截止还有 {_span_zh(left)}", f"{_span_en(left)} left before the ship-by deadline", False


def hours_left(ship_by: datetime | None, now: datetime) -> float | None:
    return None if ship_by is None else (ship_by - now).total_seconds() / 3600
