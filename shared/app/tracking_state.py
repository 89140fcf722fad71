"""The logistics watch's memory: one journal document, number -> what we know about that parcel.

``state/tracking/state.json`` (the journal's state area, like ``orders/facts``)::

    {"numbers": {"<number>": {
        "order_id", "courier" (our code), "pushed_at" (UTC ISO; when the watch first saw the number
        shipped), "last_query_at", "last_update_at" (newest query answer or push), "subscribed",
        "poll_only" (the provider refused a subscription), "snapshot" (a summary, see below),
        "reported_company" (the provider's opinion of the courier), "recognised",
        "alert" ([code, zh, en] of the exception shown, or null), "codes" (every alert that holds),
        "error" (the provider's last complaint about this number)}},
     "provider_failing_since": UTC ISO or null}

Two writers share it: the sync tick and the tracking_events function (Kuaidi100 pushes). Both write
by compare-and-swap on the object's version (``update_doc``), and the tick merges a push that
arrived while it ran instead of overwriting it. The snapshot is kept as a summary: the newest event
and the first event showing a pickup, which is all the rules read (last event time and text,
pickup time).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.journal.errors import JournalConflict
from shared.journal.journal import Journal
from shared.logistics import Category, PushNotice, TrackingEvent, TrackingSnapshot, TrackingState

DOC_KEY = "state/tracking/state.json"
_STATES = frozenset(s.value for s in TrackingState)
_CAS_ATTEMPTS = 8

Doc = dict[str, Any]


class TrackingStateBusy(RuntimeError):
    """The document kept changing under us (another writer): try again later."""


def when(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


# -- snapshot summary ------------------------------------------------------------------------------


def _event_json(event: TrackingEvent) -> dict[str, Any]:
    return {
        "at": iso(event.at),
        "text": event.text,
        "location": event.location,
        "code": event.provider_code,
        "state": event.state.value if event.state else None,
    }


def _event_from(raw: dict[str, Any]) -> TrackingEvent:
    state = raw.get("state")
    return TrackingEvent(
        at=when(raw.get("at")),
        text=str(raw.get("text", "")),
        location=str(raw.get("location", "")),
        provider_code=str(raw.get("code", "")),
        state=TrackingState(state) if isinstance(state, str) and state in _STATES else None,
    )


def snapshot_json(snapshot: TrackingSnapshot) -> dict[str, Any]:
    """The summary kept: the newest event and the oldest one that shows the parcel picked up."""
    kept: list[TrackingEvent] = list(snapshot.events[:1])
    picked = snapshot.picked_up_at
    if picked is not None:
        first = next((e for e in reversed(snapshot.events) if e.at == picked), None)
        if first is not None and first not in kept:
            kept.append(first)
    return {
        "provider": snapshot.provider,
        "number": snapshot.number,
        "company": snapshot.provider_company,
        "state": snapshot.state.value,
        "code": snapshot.provider_code,
        "category": snapshot.category.value if snapshot.category else None,
        "signed": snapshot.signed,
        "events": [_event_json(e) for e in kept],
    }


def snapshot_from(raw: object) -> TrackingSnapshot | None:
    if not isinstance(raw, dict):
        return None
    try:
        state = TrackingState(str(raw.get("state")))
        category = Category(raw["category"]) if raw.get("category") else None
    except ValueError:
        return None
    events = raw.get("events") or []
    return TrackingSnapshot(
        provider=str(raw.get("provider", "")),
        number=str(raw.get("number", "")),
        provider_company=str(raw.get("company", "")),
        state=state,
        provider_code=str(raw.get("code", "")),
        category=category,
        events=tuple(_event_from(e) for e in events if isinstance(e, dict)),
        signed=bool(raw.get("signed", False)),
    )


# -- the document ----------------------------------------------------------------------------------


def load_doc(journal: Journal) -> tuple[Doc, str | None]:
    """The document and its version tag (None when it does not exist yet)."""
    stored = journal.store.read(DOC_KEY)
    if stored is None:
        return _parse_doc(None), None
    return _parse_doc(stored.data), stored.etag


def _parse_doc(data: bytes | None) -> Doc:
    empty: Doc = {"numbers": {}, "provider_failing_since": None}
    if data is None:
        return empty
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("numbers"), dict):
        # An unreadable document must not stop the watch: start over (the next ticks refill it).
        return empty
    return doc


def update_doc(journal: Journal, mutate: Callable[[Doc], None]) -> Doc:
    """Read, ``mutate`` in place, write back only if nobody wrote in between (retried a few times)."""
    result: list[Doc] = []

    def swap(data: bytes | None) -> bytes:
        doc = _parse_doc(data)
        mutate(doc)
        result.append(doc)
        return json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")

    try:
        journal.swap(DOC_KEY, swap, _CAS_ATTEMPTS)
    except JournalConflict as exc:
        raise TrackingStateBusy("the tracking state kept changing; try again") from exc
    return result[-1]


def is_older(incoming: TrackingSnapshot, stored: TrackingSnapshot | None) -> bool:
    """Whether ``incoming`` says less than what is kept: its newest event is before the kept one's,
    or it has no dated event while the kept one has, or the kept one is signed and it is not. A
    replayed or delayed push (Kuaidi100 retries, a copy sent by an attacker who saw one) is such."""
    if stored is None:
        return False
    if stored.signed and not incoming.signed:
        return True
    kept, new = stored.last_event_at, incoming.last_event_at
    if kept is None:
        return False
    return new is None or new < kept


def store_push(journal: Journal, notice: PushNotice, now: datetime) -> str | None:
    """Keep a push's snapshot under its number; the number, or None if the push names none. A push
    older than the snapshot kept (``is_older``) changes nothing: it is acknowledged, not applied."""
    snapshot = notice.snapshot
    number = snapshot.number.strip() if snapshot is not None else ""
    if snapshot is None or not number:
        return None

    def mutate(doc: Doc) -> None:
        entry = doc["numbers"].setdefault(number, {})
        if is_older(snapshot, snapshot_from(entry.get("snapshot"))):
            return
        entry["snapshot"] = snapshot_json(snapshot)
        entry["last_update_at"] = iso(now)
        entry["subscribed"] = True  # even after shutdown/abort: never subscribe the same parcel again
        if notice.com_new:
            entry["reported_company"] = notice.com_new

    update_doc(journal, mutate)
    return number


def merge_into(fresh: Doc, mine: Doc, loaded_updates: dict[str, str | None], removed: set[str]) -> None:
    """Write the tick's view of the document over ``fresh`` (re-read just now) without losing a push
    that arrived while the tick ran: for such a number the push's snapshot wins."""
    numbers: dict[str, Any] = fresh.setdefault("numbers", {})
    for number in removed:
        numbers.pop(number, None)
    for number, entry in mine["numbers"].items():
        theirs = numbers.get(number)
        merged = copy.deepcopy(entry)
        if isinstance(theirs, dict) and theirs.get("last_update_at") != loaded_updates.get(number):
            for name in ("snapshot", "last_update_at", "subscribed", "reported_company"):
                if name in theirs:
                    merged[name] = theirs[name]
        numbers[number] = merged
    fresh["provider_failing_since"] = mine.get("provider_failing_since")
