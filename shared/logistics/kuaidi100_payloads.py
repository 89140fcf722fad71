"""Readers for Kuaidi100 payloads (query replies, push ``param``) into the normalised model.

Pure and total: whatever bytes the network hands us, these return a value and never raise. A reply
that cannot be read becomes ``QueryReply(ok=False, return_code="", ...)`` so the caller can treat it
as a provider failure. Field names follow docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query
and #kuaidi100-push-callback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from shared.logistics.clock import parse_beijing
from shared.logistics.kuaidi100_states import BASIC_GROUP, UNKNOWN, kuaidi100_status
from shared.logistics.model import Category, TrackingEvent, TrackingSnapshot, TrackingState

PROVIDER = "kuaidi100"
_MAX_EVENTS = 200  # a real history has a few dozen; a huge list is garbage, not a journey


@dataclass(frozen=True, slots=True)
class QueryReply:
    """A query reply: a snapshot when ``ok``, else Kuaidi100's ``returnCode`` and ``message``."""

    ok: bool
    return_code: str
    message: str
    snapshot: TrackingSnapshot | None = None


@dataclass(frozen=True, slots=True)
class PushNotice:
    """One push (推送) from a subscription.

    ``status`` is ``polling`` (still tracking), ``shutdown`` (finished), ``abort`` (stopped: 3 days
    without records, or 60 days without change) or ``updateall``. When Kuaidi100 found our courier
    code wrong it sets ``com_new`` and keeps tracking under it (``auto_check``).
    """

    status: str
    message: str
    auto_check: bool
    com_old: str
    com_new: str
    snapshot: TrackingSnapshot | None


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def _event(raw: object) -> TrackingEvent | None:
    if not isinstance(raw, dict):
        return None
    code = _text(raw.get("statusCode")).strip()
    status = kuaidi100_status(code) if code else None
    at = parse_beijing(raw.get("ftime")) or parse_beijing(raw.get("time"))
    return TrackingEvent(
        at=at,
        text=_text(raw.get("context")),
        location=_text(raw.get("location")) or _text(raw.get("areaName")),
        provider_code=code,
        state=status.state if status else None,
    )


def _event_time(event: TrackingEvent) -> datetime:
    return event.at or datetime.min.replace(tzinfo=UTC)


def snapshot_from_result(obj: dict[str, Any], *, number: str = "", company: str = "") -> TrackingSnapshot:
    """The snapshot in a successful result object (query reply or push ``lastResult``)."""
    raw_data = obj.get("data")
    events: list[TrackingEvent] = []
    if isinstance(raw_data, list):
        for raw in raw_data[:_MAX_EVENTS]:
            event = _event(raw)
            if event is not None:
                events.append(event)
    # Newest first regardless of the `order` the request asked for: sort by time where known.
    if all(e.at is not None for e in events):
        events.sort(key=_event_time, reverse=True)
    code = _text(obj.get("state")).strip()
    newest = events[0].provider_code if events else ""
    # A basic state is coarser than the newest event's advanced code: prefer the latter when it
    # refines the same basic state (basic 1 cannot tell "awaiting pickup" from "picked up"), or when
    # the parcel-level state is missing or unknown. A contradicting event code does not override.
    if kuaidi100_status(newest) is not None and (
        kuaidi100_status(code) is None or BASIC_GROUP.get(newest) == code
    ):
        code = newest
    status = kuaidi100_status(code)
    if status is None:
        status = UNKNOWN if (code or events) else None
    if status is None:
        state, category = TrackingState.PENDING, None
    else:
        state, category = status.state, status.category
    return TrackingSnapshot(
        provider=PROVIDER,
        number=_text(obj.get("nu")) or number,
        provider_company=_text(obj.get("com")) or company,
        state=state,
        provider_code=code,
        category=category,
        events=tuple(events),
        signed=_text(obj.get("ischeck")) == "1",
    )


def _load(payload: object) -> object:
    if isinstance(payload, bytes | bytearray):
        try:
            payload = bytes(payload).decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(payload, str):
        try:
            return json.loads(payload)
        except (ValueError, RecursionError):
            return None
    return payload


def read_query_reply(payload: object, *, number: str = "", company: str = "") -> QueryReply:
    """Read a real-time query reply (already-decoded JSON, or its text/bytes)."""
    obj = _load(payload)
    if not isinstance(obj, dict):
        return QueryReply(False, "", "unreadable reply")
    message = _text(obj.get("message"))
    return_code = _text(obj.get("returnCode")).strip()
    # Failure replies carry result:false and a returnCode instead of data
    # (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query).
    if obj.get("result") is False or (return_code and return_code != "200"):
        return QueryReply(False, return_code or "", message)
    if _text(obj.get("status")).strip() != "200":
        return QueryReply(False, return_code, message or "unreadable reply")
    return QueryReply(True, "200", message, snapshot_from_result(obj, number=number, company=company))


def read_push(param: object) -> PushNotice | None:
    """Read a push's ``param`` JSON (the raw form field); None if it is not a push at all."""
    obj = _load(param)
    if not isinstance(obj, dict):
        return None
    status = _text(obj.get("status")).strip()
    if not status:
        return None
    com_new = _text(obj.get("comNew")).strip()
    last = obj.get("lastResult")
    snapshot: TrackingSnapshot | None = None
    if isinstance(last, dict):
        snapshot = snapshot_from_result(last)
        if com_new:
            snapshot = replace(snapshot, provider_company=com_new)
    message = _text(obj.get("message"))
    if status == "abort" and (snapshot is None or not snapshot.events):
        # Stopped without any record: with comNew the provider already re-subscribed under the
        # corrected courier (still pending); without it the number really has no data (expired).
        snapshot = TrackingSnapshot(
            provider=PROVIDER,
            number=snapshot.number if snapshot else "",
            provider_company=com_new or (snapshot.provider_company if snapshot else ""),
            state=TrackingState.PENDING if com_new else TrackingState.EXPIRED,
            provider_code="",
            category=Category.NOT_PICKED_UP,
        )
    return PushNotice(
        status=status,
        message=message,
        auto_check=_text(obj.get("autoCheck")).strip() == "1",
        com_old=_text(obj.get("comOld")).strip(),
        com_new=com_new,
        snapshot=snapshot,
    )
