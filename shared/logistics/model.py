"""The normalised tracking model: one vocabulary for every tracking provider.

Provider adapters (Kuaidi100 today; Kdniao or 17TRACK tomorrow) translate their payloads into these
frozen values; the exception rules and the sheet only ever see these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.domain.text import Bilingual


class TrackingState(StrEnum):
    """Where the parcel is, in our words (one value per row in the 物流 column)."""

    PENDING = "pending"  # the provider has nothing for this number yet
    INFO_RECEIVED = "info_received"  # the courier knows the waybill, but has not picked the parcel up
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"  # includes "waiting in a locker / pickup station"
    DELIVERED = "delivered"
    RETURNED = "returned"  # returning to, or returned to, the sender
    REJECTED = "rejected"  # the recipient refused it
    PROBLEM = "problem"  # the courier reports a problem (疑难), customs trouble, a cancelled waybill
    EXPIRED = "expired"  # the provider gave up tracking it


#: States after which the parcel will not move again under this number.
FINAL_STATES = frozenset({TrackingState.DELIVERED})

#: States in which the courier has the parcel in hand.
PICKED_UP_STATES = frozenset(
    {
        TrackingState.IN_TRANSIT,
        TrackingState.OUT_FOR_DELIVERY,
        TrackingState.DELIVERED,
        TrackingState.RETURNED,
        TrackingState.REJECTED,
        TrackingState.PROBLEM,
    }
)


class Category(StrEnum):
    """What kind of trouble, independent of the provider
    (docs/platforms/couriers-and-tracking.md#exception-categories)."""

    NOT_PICKED_UP = "not_picked_up"
    STALLED = "stalled"
    DELIVERY_OVERDUE = "delivery_overdue"
    DELIVERY_FAILED = "delivery_failed"
    ADDRESS_PROBLEM = "address_problem"
    REFUSED = "refused"
    RETURNING = "returning"
    RETURNED = "returned"
    PICKUP_NOT_COLLECTED = "pickup_not_collected"
    DAMAGED_LOST = "damaged_lost"
    CANCELLED = "cancelled"
    CUSTOMS = "customs"
    HANDED_TO_OTHER_CARRIER = "handed_to_other_carrier"
    UNKNOWN_STATE = "unknown_state"


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """How one provider code reads in our vocabulary (one row of the golden mapping)."""

    state: TrackingState
    category: Category | None
    label: Bilingual


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    """One checkpoint. ``at`` is UTC, converted from the event's own Beijing-time stamp."""

    at: datetime | None
    text: str
    location: str = ""
    provider_code: str = ""  # the raw per-event status code, if the provider gave one
    state: TrackingState | None = None  # that code in our words; None when the provider gave none


@dataclass(frozen=True, slots=True)
class TrackingSnapshot:
    """What a provider said about one number at one moment.

    ``events`` are newest first. ``last_event_at``/``last_event_text`` come from the newest event
    (its own time, never the time we asked). ``provider_company`` is the provider's courier code as
    reported (Kuaidi100 ``com``/``comNew``), used to detect a courier that differs from ours.
    """

    provider: str
    number: str
    provider_company: str
    state: TrackingState
    provider_code: str
    category: Category | None
    events: tuple[TrackingEvent, ...] = ()
    signed: bool = False

    @property
    def last_event(self) -> TrackingEvent | None:
        return self.events[0] if self.events else None

    @property
    def last_event_at(self) -> datetime | None:
        return self.events[0].at if self.events else None

    @property
    def last_event_text(self) -> str:
        return self.events[0].text if self.events else ""

    @property
    def picked_up(self) -> bool:
        return self.state in PICKED_UP_STATES

    @property
    def picked_up_at(self) -> datetime | None:
        """Time of the oldest dated event that shows the parcel in the courier's hands.

        Events without a per-event code (basic mode) count as handled: the parcel-level state
        already says it was picked up.
        """
        if not self.picked_up:
            return None
        dated = [
            e.at for e in self.events if e.at is not None and (e.state is None or e.state in PICKED_UP_STATES)
        ]
        return min(dated) if dated else None
