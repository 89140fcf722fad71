"""The emulator's clock: it only moves when the control API says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
DEFAULT_START = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


class EmulatorClock:
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self.now = start

    def set(self, moment: datetime) -> None:
        if moment < self.now:
            raise ValueError("the emulator clock never goes back")
        self.now = moment


def beijing_text(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("time needs an offset")
    return moment.astimezone(UTC)
