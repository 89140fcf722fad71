"""The 物流 (logistics) cell: the normalised state and the newest event, in one short line."""

from __future__ import annotations

from shared.domain.text import Bilingual
from shared.logistics.clock import as_beijing_text
from shared.logistics.model import TrackingSnapshot, TrackingState

STATE_LABELS: dict[TrackingState, Bilingual] = {
    TrackingState.PENDING: Bilingual("暂无物流", "no tracking yet"),
    TrackingState.INFO_RECEIVED: Bilingual("待揽收", "awaiting pickup"),
    TrackingState.IN_TRANSIT: Bilingual("运输中", "in transit"),
    TrackingState.OUT_FOR_DELIVERY: Bilingual("派件中", "out for delivery"),
    TrackingState.DELIVERED: Bilingual("已签收", "delivered"),
    TrackingState.RETURNED: Bilingual("退回", "returned"),
    TrackingState.REJECTED: Bilingual("拒收", "refused"),
    TrackingState.PROBLEM: Bilingual("疑难", "problem"),
    TrackingState.EXPIRED: Bilingual("无物流记录", "no tracking records"),
}

_TEXT_MAX = 60


def logistics_cell(snapshot: TrackingSnapshot | None, *, english: bool = False) -> str:
    """``运输中 · 11-20 16:00 快件离开【杭州转运中心】…`` (time in Beijing time), or the bare state."""
    if snapshot is None:
        pending = STATE_LABELS[TrackingState.PENDING]
        return pending.en if english else pending.zh
    state = STATE_LABELS[snapshot.state]
    label = state.en if english else state.zh
    if snapshot.last_event_at is None:
        return label
    text = " ".join(snapshot.last_event_text.split())
    if len(text) > _TEXT_MAX:
        text = text[: _TEXT_MAX - 1] + "…"
    return f"{label} · {as_beijing_text(snapshot.last_event_at)} {text}".rstrip()
