"""Reading a supplier's JSON with a field mapping: dotted paths, times, number lists (pure).

A path is dotted keys from the record (``data.list``, ``receiver.express.no``); a segment that is
a whole number indexes into a list (``packages.0.expressNo``). Keys that contain a dot cannot be
addressed: no supplier we know uses them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

TimeFormat = Literal["auto", "epoch_s", "epoch_ms", "beijing", "iso"]
TIME_FORMATS: tuple[TimeFormat, ...] = ("auto", "epoch_s", "epoch_ms", "beijing", "iso")

# China has one time zone and no daylight saving: a fixed offset needs no tz database.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
_BEIJING_LAYOUTS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d")
# Above this an epoch number is milliseconds: 1e11 seconds is the year 5138, 1e11 ms is 1973.
_MS_THRESHOLD = 100_000_000_000
DEFAULT_SEPARATORS = ",;，；、|\n\r\t"

_MISSING = object()


class PathError(ValueError):
    """A path that is not well formed (empty segment)."""


def split_path(path: str) -> tuple[str, ...]:
    """``"data.list"`` -> ``("data", "list")``; raise PathError on an empty segment."""
    parts = tuple(part.strip() for part in path.split("."))
    if not path.strip() or any(not part for part in parts):
        raise PathError(path)
    return parts


def get_path(value: object, path: Sequence[str]) -> object | None:
    """The value at ``path`` inside ``value``, or None when any step is missing or of the wrong kind."""
    current: object = value
    for part in path:
        if isinstance(current, dict):
            current = current.get(part, _MISSING)
        elif isinstance(current, list) and part.isdigit():
            index = int(part)
            current = current[index] if index < len(current) else _MISSING
        else:
            return None
        if current is _MISSING:
            return None
    return current


def text(value: object) -> str | None:
    """A scalar as trimmed text (numbers too: some suppliers send order numbers as JSON numbers)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        result = str(value).strip()
        return result or None
    return None


def split_numbers(value: object, separators: str = DEFAULT_SEPARATORS) -> list[str]:
    """Tracking numbers from a string with separators, or from a list of strings."""
    if isinstance(value, list):
        found: list[str] = []
        for element in value:
            found.extend(split_numbers(element, separators))
        return found
    raw = text(value)
    if raw is None:
        return []
    if not separators:
        return [raw]
    pattern = "[" + re.escape(separators) + "]"
    return [part.strip() for part in re.split(pattern, raw) if part.strip()]


def parse_time(value: object, fmt: TimeFormat = "auto") -> datetime | None:
    """A supplier's time as an aware UTC datetime; None for an empty value.

    ``epoch_s``/``epoch_ms`` are numbers or digit strings; ``beijing`` is ``YYYY-MM-DD HH:MM[:SS]``
    (or with slashes) in Beijing time; ``iso`` is ISO 8601, Beijing time when it has no offset;
    ``auto`` picks by shape (an epoch above 1e11 is milliseconds). Raise ValueError when the
    value does not fit.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if fmt in ("epoch_s", "epoch_ms") or (fmt == "auto" and _is_number(value)):
        number = _number(value)
        if fmt == "epoch_ms" or (fmt == "auto" and number >= _MS_THRESHOLD):
            number /= 1000
        try:
            return datetime.fromtimestamp(number, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError(f"epoch out of range: {value!r}") from exc
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    raw = value.strip()
    if fmt in ("beijing", "auto"):
        for layout in _BEIJING_LAYOUTS:
            try:
                return datetime.strptime(raw, layout).replace(tzinfo=BEIJING).astimezone(UTC)
            except ValueError:
                continue
        if fmt == "beijing":
            raise ValueError(f"not YYYY-MM-DD HH:MM:SS: {raw!r}")
    parsed = datetime.fromisoformat(raw)  # raises ValueError itself
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BEIJING)
    return parsed.astimezone(UTC)


def format_time(moment: datetime, fmt: TimeFormat) -> str:
    """``moment`` written the way the supplier's ``since`` parameter expects it."""
    if fmt == "epoch_ms":
        return str(int(moment.timestamp() * 1000))
    if fmt in ("epoch_s", "auto"):
        return str(int(moment.timestamp()))
    if fmt == "beijing":
        return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone(UTC).isoformat()


def _is_number(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and re.fullmatch(r"\s*[0-9]+(\.[0-9]+)?\s*", value) is not None


def _number(value: object) -> float:
    if not _is_number(value):
        raise ValueError(f"not an epoch number: {value!r}")
    assert isinstance(value, int | float | str)
    return float(value)
