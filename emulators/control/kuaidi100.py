"""``Kuaidi100Control``: the Kuaidi100 emulator's control API (emulators/kuaidi100/README.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulators.control.base import ControlClient, given


class Kuaidi100Control(ControlClient):
    def reset(self) -> None:
        """No parcels, subscriptions, faults or log; the account's key valid again."""
        self.post("reset")

    def now(self) -> datetime:
        return datetime.fromisoformat(self.get("clock")["now"])

    def set_clock(self, when: datetime) -> int:
        """Move the clock to ``when`` (never back): the pushes due on the way are made; how many."""
        return int(self.post("clock", {"set": when.isoformat()})["pushes"])

    def advance(self, *, hours: float = 0, minutes: float = 0) -> int:
        return int(self.post("clock", {"advance_hours": hours, "advance_minutes": minutes})["pushes"])

    def add_parcel(
        self, number: str, com: str, journey: str, *, phone: str | None = None, start: datetime | None = None
    ) -> None:
        """A scripted parcel (``journey``: one of ``journeys()``), its scans from ``start`` (default now)."""
        start_text = start.isoformat() if start is not None else None
        body = {"number": number, "com": com, "journey": journey, **given(phone=phone, start=start_text)}
        self.post("parcels", body)

    def add_fault(self, path: str, **fault: Any) -> None:
        """The next call(s) to ``path`` misbehave: ``status``, ``retry_after``, ``return_code``,
        ``huge_bytes``, ``drip_ms``, ``times``."""
        self.post("faults", {"path": path, **fault})

    def set_account(self, *, key_expired: bool) -> None:
        self.post("account", {"key_expired": key_expired})

    def log(self, kind: str | None = None) -> list[dict[str, Any]]:
        """What the emulator saw and did (queries, subscriptions, pushes, faults), optionally one kind."""
        return list(self.call("GET", "log", **given(kind=kind))["entries"])

    def subscriptions(self) -> list[dict[str, Any]]:
        return list(self.get("subscriptions")["subscriptions"])

    def journeys(self) -> list[str]:
        return [str(j) for j in self.get("journeys")["journeys"]]
