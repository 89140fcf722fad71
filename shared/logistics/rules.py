"""Logistics exception rules: pure functions from (parcel, snapshot, settings, now) to alerts.

A rule *raises* an alert while its condition holds and *clears* it as soon as it does not (a newer
normal event, a pickup, delivery, a corrected courier): the caller compares the codes of two
assessments (``changes``) to list and unlist rows on the 异常 tab. Codes are stable (tests, sheet,
journal). ``now`` and every stored time are UTC; messages show Beijing time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from shared.couriers import COURIERS, Courier, by_code
from shared.domain.text import Bilingual
from shared.logistics.clock import as_beijing_text, require_utc
from shared.logistics.model import Category, TrackingSnapshot, TrackingState
from shared.logistics.settings import WatchSettings

Level = Literal["warning", "exception"]

NO_PICKUP = "no_pickup"
STALLED = "stalled"
RETURNED = "returned"
REJECTED = "rejected"
PROBLEM = "problem"
OVERDUE = "overdue"
COURIER_MISMATCH = "courier_mismatch"
ALERT_CODES = (NO_PICKUP, STALLED, RETURNED, REJECTED, PROBLEM, OVERDUE, COURIER_MISMATCH)

_EVENT_TEXT_MAX = 40
_TROUBLE_STATES = frozenset({TrackingState.RETURNED, TrackingState.REJECTED, TrackingState.PROBLEM})


@dataclass(frozen=True, slots=True)
class ParcelWatch:
    """One shipped parcel as the watch sees it.

    ``courier_code`` is ours (the courier we pushed to the shop), ``pushed_at`` is UTC. ``snapshot``
    is the newest provider answer (None: never answered). ``reported_company`` is a provider's own
    opinion of the courier (Kuaidi100 ``comNew`` or the first autonumber candidate), if any.
    ``provider_failing`` is set while the provider answers with server/key errors: our snapshot is
    then stale, and time-based rules would fire on our blindness, not on the parcel.
    """

    number: str
    courier_code: str
    pushed_at: datetime
    snapshot: TrackingSnapshot | None = None
    reported_company: str = ""
    provider_failing: bool = False


@dataclass(frozen=True, slots=True)
class LogisticsAlert:
    code: str
    level: Level
    message: Bilingual
    since: datetime | None = None  # UTC: when the rule's clock started


@dataclass(frozen=True, slots=True)
class Assessment:
    """The alerts that hold now. ``held``: nothing could be judged; keep what was shown before."""

    alerts: tuple[LogisticsAlert, ...]
    held: bool = False

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(a.code for a in self.alerts)

    @property
    def is_exception(self) -> bool:
        """True when the row should show 物流异常 (logistics_exception)."""
        return any(a.level == "exception" for a in self.alerts)


@dataclass(frozen=True, slots=True)
class AlertChanges:
    raised: frozenset[str]
    cleared: frozenset[str]
    kept: frozenset[str]


def changes(before: Iterable[str], now: Assessment) -> AlertChanges:
    """What to add to and remove from the 异常 tab for one parcel (nothing while ``held``)."""
    previous = frozenset(before)
    if now.held:
        return AlertChanges(frozenset(), frozenset(), previous)
    current = now.codes
    return AlertChanges(current - previous, previous - current, current & previous)


def assess(watch: ParcelWatch, settings: WatchSettings, now: datetime) -> Assessment:
    """Every alert that holds for ``watch`` at ``now`` (UTC), in a stable order."""
    if watch.provider_failing:
        return Assessment((), held=True)
    now = require_utc(now, "now")
    found = (
        _no_pickup(watch, settings, now),
        _state_alert(watch.snapshot),
        _stalled(watch.snapshot, settings, now),
        _overdue(watch.snapshot, settings, now),
        _courier_mismatch(watch),
    )
    return Assessment(tuple(a for a in found if a is not None))


def _hours(start: datetime, now: datetime) -> float:
    return (now - require_utc(start)).total_seconds() / 3600


def _level(hours: float, warn: float | None, hard: float) -> Level | None:
    if hours >= hard:
        return "exception"
    if warn is not None and hours >= warn:
        return "warning"
    return None


def _no_pickup(watch: ParcelWatch, s: WatchSettings, now: datetime) -> LogisticsAlert | None:
    snap = watch.snapshot
    if snap is not None and snap.picked_up:
        return None
    hours = _hours(watch.pushed_at, now)
    # The provider gave up (3 days without any record): no need to wait for our own threshold.
    level: Level | None = "exception" if snap is not None and snap.state is TrackingState.EXPIRED else None
    level = level or _level(hours, s.no_pickup_warn_hours, s.no_pickup_hours)
    if level is None:
        return None
    when = as_beijing_text(watch.pushed_at)
    h = int(hours)
    return LogisticsAlert(
        NO_PICKUP,
        level,
        Bilingual(
            f"单号于{when}（北京时间）推送，{h}小时后仍无揽收记录：请让供应商确认包裹已交给快递。",
            f"Pushed at {when} Beijing time, no pickup scan after {h} h: ask the supplier to confirm "
            "the parcel was handed to the courier.",
        ),
        since=watch.pushed_at,
    )


_CATEGORY_ZH = {
    Category.DELIVERY_OVERDUE: "超时未签收",
    Category.STALLED: "快递报告滞留或超时未更新",
    Category.DELIVERY_FAILED: "派件异常",
    Category.ADDRESS_PROBLEM: "地址问题",
    Category.PICKUP_NOT_COLLECTED: "快递柜或驿站超时未取",
    Category.DAMAGED_LOST: "破损或丢失",
    Category.CANCELLED: "运单已取消",
    Category.CUSTOMS: "清关异常",
    Category.UNKNOWN_STATE: "未知物流状态",
}


def _state_alert(snap: TrackingSnapshot | None) -> LogisticsAlert | None:
    if snap is None or snap.state not in _TROUBLE_STATES:
        return None
    # One sentence on one line: provider text may carry newlines or runs of spaces.
    text = " ".join(snap.last_event_text.split())[:_EVENT_TEXT_MAX]
    quoted_zh = f"：“{text}”" if text else ""
    quoted_en = f': "{text}"' if text else ""
    at = snap.last_event_at
    if snap.state is TrackingState.RETURNED:
        return LogisticsAlert(
            RETURNED,
            "exception",
            Bilingual(
                f"包裹正在退回或已退回寄件人{quoted_zh}，请联系供应商并告知买家。",
                f"The parcel is being returned to the sender{quoted_en}; contact the supplier and the buyer.",
            ),
            since=at,
        )
    if snap.state is TrackingState.REJECTED:
        return LogisticsAlert(
            REJECTED,
            "exception",
            Bilingual(
                f"收件人拒收{quoted_zh}，请联系买家确认是否重发或退款。",
                f"The recipient refused the parcel{quoted_en}; ask the buyer whether to resend or refund.",
            ),
            since=at,
        )
    kind_zh = _CATEGORY_ZH.get(snap.category, "疑难件") if snap.category else "疑难件"
    kind_en = snap.category.value.replace("_", " ") if snap.category else "problem parcel"
    return LogisticsAlert(
        PROBLEM,
        "exception",
        Bilingual(
            f"快递报告{kind_zh}{quoted_zh}，请联系快递网点处理。",
            f"The courier reports a problem ({kind_en}){quoted_en}; contact the courier's outlet.",
        ),
        since=at,
    )


def _stalled(snap: TrackingSnapshot | None, s: WatchSettings, now: datetime) -> LogisticsAlert | None:
    if snap is None or snap.last_event_at is None:
        return None
    if snap.state is TrackingState.IN_TRANSIT:
        warn: float | None = s.stall_warn_hours
        hard = s.stall_hours
    elif snap.state is TrackingState.OUT_FOR_DELIVERY:
        warn, hard = None, s.last_mile_stall_hours
    else:
        return None
    # Staleness counts from the newest event's own time, never from when we last asked
    # (docs/platforms/couriers-and-tracking.md#thresholds).
    hours = _hours(snap.last_event_at, now)
    level = _level(hours, warn, hard)
    if level is None:
        return None
    when = as_beijing_text(snap.last_event_at)
    h = int(hours)
    where_zh = "派件中" if snap.state is TrackingState.OUT_FOR_DELIVERY else "运输中"
    where_en = "out for delivery" if snap.state is TrackingState.OUT_FOR_DELIVERY else "in transit"
    return LogisticsAlert(
        STALLED,
        level,
        Bilingual(
            f"包裹{where_zh}，自{when}（北京时间）起{h}小时无新物流：请联系快递核实。",
            f"The parcel is {where_en} with no new event for {h} h since {when} Beijing time: "
            "ask the courier.",
        ),
        since=snap.last_event_at,
    )


def _overdue(snap: TrackingSnapshot | None, s: WatchSettings, now: datetime) -> LogisticsAlert | None:
    if snap is None or snap.state not in (TrackingState.IN_TRANSIT, TrackingState.OUT_FOR_DELIVERY):
        return None
    start = snap.picked_up_at
    if start is None:
        return None
    hours = _hours(start, now)
    level = _level(hours, s.overdue_warn_hours, s.overdue_hours)
    if level is None:
        return None
    when = as_beijing_text(start)
    days = int(hours // 24)
    return LogisticsAlert(
        OVERDUE,
        level,
        Bilingual(
            f"包裹自{when}（北京时间）揽收，已在途{days}天仍未签收：请联系快递核实。",
            f"Picked up at {when} Beijing time and still not delivered after {days} days: ask the courier.",
        ),
        since=start,
    )


def courier_for_kuaidi100(company: str) -> Courier | None:
    """Our courier whose Kuaidi100 code is ``company`` (case-insensitive), if we know it."""
    key = company.strip().lower()
    return next((c for c in COURIERS if c.kuaidi100_code and c.kuaidi100_code.lower() == key), None)


def _courier_mismatch(watch: ParcelWatch) -> LogisticsAlert | None:
    reported = (watch.reported_company or (watch.snapshot.provider_company if watch.snapshot else "")).strip()
    if not reported:
        return None
    try:
        ours = by_code(watch.courier_code)
    except KeyError:
        return None  # an unknown courier of ours is the validator's problem, not the watch's
    # Strict comparison on purpose: a sibling service (顺丰快运 vs 顺丰速运) is a different code in
    # the shop too, so the operator should look.
    if ours.kuaidi100_code is None or ours.kuaidi100_code.lower() == reported.lower():
        return None
    theirs = courier_for_kuaidi100(reported)
    name_zh = theirs.name.zh if theirs else reported
    name_en = theirs.name.en if theirs else reported
    return LogisticsAlert(
        COURIER_MISMATCH,
        "exception",
        Bilingual(
            f"物流查询显示该单号属于{name_zh}，与推送的{ours.name.zh}不一致：请核对快递公司并修改发货信息。",
            f"The tracking provider says this number belongs to {name_en}, not {ours.name.en} as pushed: "
            "check the courier and correct the shipment.",
        ),
    )
