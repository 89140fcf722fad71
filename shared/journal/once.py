"""Act once per key: claim first, then work, then mark done (the idempotency model of powertools).

One record per key, changed only by the store's conditional writes::

    {"state": "in_progress", "holder": <uuid>, "until": <UTC ISO>, "at": <UTC ISO>}
    {"state": "done", "holder": <uuid>, "at": <UTC ISO>, "result": {...}}
    {"state": "released", "holder": <uuid>, "at": <UTC ISO>}

* ``claim`` creates the record in progress (create-if-absent): of N concurrent copies exactly one
  gets a ``Claim``; the others read the record and get ``Done`` (with the stored result) or
  ``Busy`` (in progress, until its expiry).
* A claim whose expiry has passed (its holder died) or that was released (its work failed) is taken
  over by compare-and-swap on the record's version, so two takers cannot both win.
* ``Claim.done(result)`` replaces the in-progress record by a done one, again by compare-and-swap on
  the version the claim wrote: a holder whose claim was taken over learns it (``ClaimLost``).
* ``Claim.release()`` frees the key after a failure, so that a real retry can run the work.

A record that is not JSON is a marker written before this module (the bare "seen" markers of
events/ and edits/): it counts as done, with no stored result.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from shared.journal.errors import JournalError
from shared.journal.store import ObjectStore


class ClaimLost(JournalError):
    """The claim expired and another caller took the key over: this caller's work may have run
    twice, and its ``done`` was not recorded."""


@dataclass(frozen=True, slots=True)
class Done:
    """The work ran to its end already; ``result`` is what it recorded (empty for an old marker)."""

    key: str
    result: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Busy:
    """Another caller holds the claim until ``until``: its work is running (or its holder died, in
    which case the claim can be taken over once ``until`` has passed)."""

    key: str
    until: datetime


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("claim times are timezone-aware (UTC)")
    return moment.astimezone(UTC).isoformat()


def _dump(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _load(data: bytes) -> dict[str, Any] | None:
    """The record, or None when the object is an old bare marker (not a JSON object)."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) and "state" in value else None


class Claim:
    """The right to do the work of ``key``, held until ``until``. Use ``done`` or ``release``; as a
    context manager it releases the key when the block raises and ``done`` was not called."""

    def __init__(self, store: ObjectStore, key: str, holder: str, etag: str, until: datetime) -> None:
        self.store, self.key, self.holder, self.until = store, key, holder, until
        self._etag = etag
        self.finished = False

    def done(self, result: dict[str, Any] | None = None, *, now: datetime) -> None:
        """Record the work as done, with ``result`` (kept for copies that come later)."""
        record = {"state": "done", "holder": self.holder, "at": _iso(now), "result": result or {}}
        if not self._etag or not self.store.replace(self.key, _dump(record), self._etag):
            raise ClaimLost(f"{self.key}: the claim was taken over before the work was marked done")
        self.finished = True

    def release(self, *, now: datetime) -> None:
        """Free the key after a failed work, so that a retry can run it. A claim taken over already
        is left to its new holder."""
        record = {"state": "released", "holder": self.holder, "at": _iso(now)}
        if self._etag:
            self.store.replace(self.key, _dump(record), self._etag)
        self.finished = True

    def __enter__(self) -> Claim:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None and not self.finished:
            self.release(now=datetime.now(UTC))


def claim(
    store: ObjectStore, key: str, now: datetime, hold: timedelta, attempts: int = 10
) -> Claim | Done | Busy:
    """Claim ``key`` for ``hold`` (longer than the work can take while its holder lives), or say why
    not. See the module's docstring for the states."""
    holder = uuid.uuid4().hex
    until = now + hold
    body = _dump({"state": "in_progress", "holder": holder, "until": _iso(until), "at": _iso(now)})
    for _ in range(attempts):
        if store.create(key, body):
            return _claimed(store, key, holder, until, body)
        current = store.read(key)
        if current is None:
            continue  # vanished between the two calls (expired by the bucket's lifecycle): create again
        record = _load(current.data)
        if record is None:
            return Done(key)
        state = record.get("state")
        if state == "done":
            result = record.get("result")
            return Done(key, result if isinstance(result, dict) else {}, _when(record.get("at")))
        if state == "in_progress":
            held_until = _when(record.get("until"))
            if held_until is not None and held_until > now:
                return Busy(key, held_until)
        # Expired, released, or unreadable as a claim: take it over, if nobody did in between.
        if store.replace(key, body, current.etag):
            return _claimed(store, key, holder, until, body)
    return Busy(key, until)  # kept changing under us: another caller is at it


def _claimed(store: ObjectStore, key: str, holder: str, until: datetime, body: bytes) -> Claim:
    # The version tag of what we wrote: read back, because create does not return it. Should a
    # taker have replaced it already (only after ``until``), the tag differs and ``done`` says so.
    stored = store.read(key)
    etag = stored.etag if stored is not None and stored.data == body else ""
    return Claim(store, key, holder, etag, until)


def _when(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
