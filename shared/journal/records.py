"""What the journal stores, as frozen dataclasses with a stable JSON form."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from shared.journal.errors import JournalCorrupt

PushResult = Literal["ok", "failed", "skipped"]

_ATTEMPT_KEY = re.compile(r"-[0-9a-f]{16}\.[0-9a-f]{16}$")


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
        return cls.from_dict(json_object(raw, "audit entry"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditEntry:
        """An entry from its JSON object (``to_json``'s, parsed)."""
        try:
            return cls(**{**data, "at": _time(data.get("at"), "audit entry")})
        except TypeError as exc:
            raise JournalCorrupt(f"audit entry has unexpected fields: {exc}") from exc


def new_attempt() -> str:
    """A fresh attempt id: one per call to the shop, so two attempts of the same push never share a
    key (nor, therefore, an outcome or an audit entry)."""
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True, slots=True)
class PushIntent:
    """A push about to be sent to the shop, recorded before the call (so a crash is recoverable).

    ``packages`` are (delivery_id, waybill_id) pairs; ``kind`` is "ship" or "correct". ``attempt``
    makes the key unique per call (``new_attempt``); ``reason`` is why the push was made, kept so
    that whichever path settles the intent (the pushing tick, or a later read-back) writes the same
    audit entry. Intents written before these fields existed read back with both empty.
    """

    order_id: str
    kind: Literal["ship", "correct"]
    packages: tuple[tuple[str, str], ...]
    at: datetime
    previous: tuple[tuple[str, str], ...] = ()
    actor: str = "system"
    attempt: str = ""
    reason: str = ""

    @property
    def key(self) -> str:
        """``<day>/<order>-<hash of the push>.<attempt>``: unique per attempt, so a retry's outcome is
        its own record and cannot be dropped as a repeat of an earlier attempt's. The day is a folder,
        so looking for unresolved intents reads a few recent days, never the whole history.

        An intent without ``attempt`` (written before attempts existed) keeps its old key,
        ``<day>/<order>-<hash>``, so a deployed journal's intents and outcomes still pair up."""
        body = json.dumps([self.kind, sorted(self.packages), sorted(self.previous)], separators=(",", ":"))
        day = self.at.astimezone(UTC).strftime("%Y-%m-%d")
        base = f"{day}/{self.order_id}-{hashlib.sha256(body.encode()).hexdigest()[:16]}"
        return f"{base}.{self.attempt}" if self.attempt else base

    @property
    def waybills(self) -> tuple[str, ...]:
        return tuple(w for _, w in self.packages)

    def to_json(self) -> bytes:
        return _dump(asdict(self), self.at)

    @classmethod
    def from_json(cls, raw: bytes) -> PushIntent:
        data = json_object(raw, "push intent")
        try:
            return cls(
                order_id=str(data["order_id"]),
                kind=data["kind"],
                packages=tuple((str(a), str(b)) for a, b in data["packages"]),
                at=_time(data["at"], "push intent"),
                previous=tuple((str(a), str(b)) for a, b in data.get("previous", [])),
                actor=str(data.get("actor", "system")),
                attempt=str(data.get("attempt", "")),
                reason=str(data.get("reason", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise JournalCorrupt(f"push intent is malformed: {exc}") from exc


def is_attempt_key(key: str) -> bool:
    """True for an intent key with an attempt id (see ``PushIntent.key``); False for an older key."""
    return _ATTEMPT_KEY.search(key) is not None


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
        data = json_object(raw, "push outcome")
        try:
            return cls(**{**data, "at": _time(data.get("at"), "push outcome")})
        except TypeError as exc:
            raise JournalCorrupt(f"push outcome has unexpected fields: {exc}") from exc


def json_object(raw: bytes, what: str) -> dict[str, Any]:
    """``raw`` as a JSON object; JournalCorrupt naming ``what`` when it is not one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JournalCorrupt(f"{what} is not JSON") from exc
    if not isinstance(data, dict):
        raise JournalCorrupt(f"{what} is not a JSON object")
    return data
