"""The 物流 (logistics) cell: the normalised state and the newest event, in one short line."""

from __future__ import annotations

from shared.logistics.clock import as_beijing_text
from shared.logistics.model import TrackingSnapshot, TrackingState

STATE_LABELS: dict[TrackingState, tuple[str, str]] = {
    TrackingState.PENDING: ("暂无物流", "no tracking yet"),
    TrackingState.INFO_RECEIVED: ("待揽收", "awaiting pickup"),
    TrackingState.IN_TRANSIT: ("运输中", "in transit"),
    TrackingState.OUT_FOR_DELIVERY: ("派件中", "out for delivery"),
    TrackingState.DELIVERED: ("已签收", "delivered"),
    TrackingState.RETURNED: ("退回", "returned"),
    TrackingState.REJECTED: ("拒收", "refused"),
    TrackingState.PROBLEM: ("疑难", "problem"),
    TrackingState.EXPIRED: ("无物流记录", "no tracking records"),
}

_TEXT_MAX = 60


def logistics_cell(snapshot: TrackingSnapshot | None, *, english: bool = False) -> str:
    """``运输中 · 11-20 16:00 快件离开【杭州转运中心】…`` (time in Beijing time), or the bare state."""
    if snapshot is None:
        zh, en = STATE_LABELS[TrackingState.PENDING]
        return en if english else zh
    zh, en = STATE_LABELS[snapshot.state]
    label = en if english else zh
    if snapshot.last_event_at is None:
        return label
    text = " ".join(snapshot.last_event_text.split())
    if len(text) > _TEXT_MAX:
        text = text[: _TEXT_MAX - 1] + "…"
    return f"{label} · {as_beijing_text(snapshot.last_event_at)} {text}".rstrip()
