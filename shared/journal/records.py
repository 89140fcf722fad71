"""What the journal stores, as frozen dataclasses with a stable JSON form."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from shared.journal.errors import JournalCorrupt

PushResult = Literal["ok", "failed", "skipped"]


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("journal times must be timezone-aware (UTC)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _dump(data: dict[str, Any], at: datetime) -> bytes:
    """A record's stable JSON: its time in UTC ISO form, keys sorted, text kept as text (UTF-8)."""
    return json.dumps({**data, "at": _iso(at)}, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _time(text: Any, what: str) -> datetime:
    try:
        return datetime.fromisoformat(str(text)).astimezone(UTC)
    except ValueError as exc:
        raise JournalCorrupt(f"{what}: not a time: {text!r}") from exc


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change worth remembering: who, when, which order, old -> new, from where, why, result.

    ``actor`` is an operator's e-mail, a supplier id, or "system". Values are plain text as shown
    to the operator (never secrets).
    """

    at: datetime
    actor: str
    action: str
    order_id: str | None = None
    field_name: str | None = None
    old: str | None = None
    new: str | None = None
    source: str = ""
    reason: str = ""
    result: str = ""

    def to_json(self) -> bytes:
        return _dump(asdict(self), self.at)

    @classmethod
    def from_json(cls, raw: bytes) -> AuditEntry:
        data = _load(raw, "audit entry")
        try:
            return cls(**{**data, "at": _time(data.get("at"), "audit entry")})
        except TypeError as exc:
            raise JournalCorrupt(f"audit entry has unexpected fields: {exc}") from exc


@dataclass(frozen=True, slots=True)
class PushIntent:
    """A push about to be sent to the shop, recorded before the call (so a crash is recoverable).

    ``packages`` are (delivery_id, waybill_id) pairs; ``kind`` is "ship" or "correct".
    """

    order_id: str
    kind: Literal["ship", "correct"]
    packages: tuple[tuple[str, str], ...]
    at: datetime
    previous: tuple[tuple[str, str], ...] = ()
    actor: str = "system"

    @property
    def key(self) -> str:
        """Deterministic within a (UTC) day: the same push of the same numbers to the same order has
        the same key, so a repeated tick finds the intent instead of recording it twice. The day is a
        folder, so looking for unresolved intents reads a few recent days, never the whole history
        (the client's read-back before every write is what keeps a later repeat from shipping twice)."""
        body = json.dumps([self.kind, sorted(self.packages), sorted(self.previous)], separators=(",", ":"))
        day = self.at.astimezone(UTC).strftime("%Y-%m-%d")
        return f"{day}/{self.order_id}-{hashlib.sha256(body.encode()).hexdigest()[:16]}"

    def to_json(self) -> bytes:
        return _dump(asdict(self), self.at)

    @classmethod
    def from_json(cls, raw: bytes) -> PushIntent:
        data = _load(raw, "push intent")
        try:
            return cls(
                order_id=str(data["order_id"]),
                kind=data["kind"],
                packages=tuple((str(a), str(b)) for a, b in data["packages"]),
                at=_time(data["at"], "push intent"),
                previous=tuple((str(a), str(b)) for a, b in data.get("previous", [])),
                actor=str(data.get("actor", "system")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise JournalCorrupt(f"push intent is malformed: {exc}") from exc


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """What the shop answered to an intent: ok, failed (with the platform's code), or skipped
    (found already done when the order was read back after a crash)."""

    key: str
    result: PushResult
    at: datetime
    code: str | None = None
    message: str = ""
    request_id: str | None = None
    details: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return _dump(asdict(self), self.at)

    @classmethod
    def from_json(cls, raw: bytes) -> PushOutcome:
        data = _load(raw, "push outcome")
        try:
            return cls(**{**data, "at": _time(data.get("at"), "push outcome")})
        except TypeError as exc:
            raise JournalCorrupt(f"push outcome has unexpected fields: {exc}") from exc


def _load(raw: bytes, what: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JournalCorrupt(f"{what} is not JSON") from exc
    if not isinstance(data, dict):
        raise JournalCorrupt(f"{what} is not a JSON object")
    return data
