"""Logistics watch (pure core): the normalised tracking model, provider state maps, payload readers,
exception rules and the query planner. No I/O, no clock, no randomness: ``now`` is always passed in.
"""

from shared.logistics.clock import BEIJING, as_beijing_text, parse_beijing
from shared.logistics.display import STATE_LABELS, logistics_cell
from shared.logistics.kuaidi100_payloads import PushNotice, QueryReply, read_push, read_query_reply
from shared.logistics.kuaidi100_states import KUAIDI100_STATES, kuaidi100_status
from shared.logistics.model import (
    Category,
    ProviderStatus,
    TrackingEvent,
    TrackingSnapshot,
    TrackingState,
)
from shared.logistics.planner import (
    PollPolicy,
    TickPlan,
    TrackedNumber,
    may_query,
    next_query_at,
    plan_tick,
)
from shared.logistics.rules import (
    ALERT_CODES,
    AlertChanges,
    Assessment,
    LogisticsAlert,
    ParcelWatch,
    assess,
    changes,
)
from shared.logistics.settings import WatchSettings

__all__ = [
    "ALERT_CODES",
    "BEIJING",
    "KUAIDI100_STATES",
    "STATE_LABELS",
    "AlertChanges",
    "Assessment",
    "Category",
    "LogisticsAlert",
    "ParcelWatch",
    "PollPolicy",
    "ProviderStatus",
    "PushNotice",
    "QueryReply",
    "TickPlan",
    "TrackedNumber",
    "TrackingEvent",
    "TrackingSnapshot",
    "TrackingState",
    "WatchSettings",
    "as_beijing_text",
    "assess",
    "changes",
    "kuaidi100_status",
    "logistics_cell",
    "may_query",
    "next_query_at",
    "parse_beijing",
    "plan_tick",
    "read_push",
    "read_query_reply",
]
