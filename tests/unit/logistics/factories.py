"""Builders for Kuaidi100-shaped payloads and snapshots used across the logistics tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.logistics import BEIJING, TrackingSnapshot, read_query_reply


def bj(text: str) -> datetime:
    """A Beijing-time instant written as ``2026-11-20 08:00``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)


def event(at: datetime, context: str, code: str = "") -> dict[str, Any]:
    stamp = at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    raw: dict[str, Any] = {"time": stamp, "ftime": stamp, "context": context, "location": "杭州"}
    if code:
        raw["statusCode"] = code
    return raw


def reply(
    state: str, events: list[dict[str, Any]], com: str = "zhongtong", nu: str = "78123456789012"
) -> dict[str, Any]:
    return {
        "message": "ok",
        "nu": nu,
        "ischeck": "1" if state.startswith("3") else "0",
        "com": com,
        "status": "200",
        "state": state,
        "condition": "F00",
        "data": list(reversed(sorted(events, key=lambda e: str(e["ftime"])))),
    }


def snapshot(state: str, *steps: tuple[datetime, str, str], com: str = "zhongtong") -> TrackingSnapshot:
    """A snapshot from (time, state code, text) steps, in any order."""
    parsed = read_query_reply(reply(state, [event(at, text, code) for at, code, text in steps], com=com))
    assert parsed.snapshot is not None
    return parsed.snapshot


HOUR = timedelta(hours=1)
