"""Reader for Kuaidi100's number-recognition reply (``autonumber/auto``,
docs/platforms/couriers-and-tracking.md#kuaidi100-number-recognition).

The reply is a JSON array of candidates ``{comCode, name, lengthPre, noPre, noCount}``, best first.
Only ``comCode`` matters to us (the doc says to ignore the last three); the others are read leniently
because their types differ between sources: the official SDK's bean types ``noCount`` and ``noPre``
as strings, sample replies show numbers. Pure and total: it never raises.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AutonumberCandidate:
    """One candidate courier. ``number_count`` is ``noCount`` (a string or a number on the wire)
    as an integer, None when absent or not a whole number."""

    com: str
    name: str = ""
    number_count: int | None = None


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        return int(value.strip())
    return None


def read_autonumber(data: object) -> tuple[AutonumberCandidate, ...] | None:
    """The candidates of a recognition reply, or None when ``data`` is not a candidate list (an
    error object such as ``{"returnCode": "601", ...}``, or garbage). Entries without a ``comCode``
    are skipped; unknown fields are ignored."""
    if not isinstance(data, list):
        return None
    found = []
    for item in data:
        if not isinstance(item, dict):
            continue
        com = item.get("comCode")
        if not isinstance(com, str) or not com.strip():
            continue
        name = item.get("name")
        found.append(
            AutonumberCandidate(
                com.strip(), name if isinstance(name, str) else "", _whole(item.get("noCount"))
            )
        )
    return tuple(found)
