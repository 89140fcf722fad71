"""What became of one push (pure): the shop took it, its answer was lost, or it did not land.

The app layer turns what the shop adapter raised into these, by the error's class
(shared/app/pushes.py ``classify``: ``EditBudgetExhaustedError`` -> ``RefusalReason.BUDGET`` ...);
the core decides the row from these types alone (shared/reconcile/after_pushes.py), never from a
platform's error code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

PushKind = Literal["ship", "correct"]


class RefusalReason(StrEnum):
    """Why a push did not land, as the operator can act on it (the row's words:
    ``messages.push_refused``). Stable codes: the journal keeps the last refusal by its value."""

    INVALID_WAYBILL = "invalid_waybill"  # the shop: not a valid number for that courier
    INVALID_COURIER = "invalid_courier"  # the shop does not accept the courier
    TOO_MANY_NUMBERS = "too_many_numbers"  # our ship plan: more parcels than the order can hold
    DUPLICATE_NUMBER = "duplicate_number"  # our ship plan: one number twice
    PLAN = "plan"  # our ship plan, for another reason
    ITEMS = "items"  # the shop refused the shipment's items
    BUDGET = "budget"  # the order's corrections are used up (the platform's edit budget)
    MODIFY_NOT_ALLOWED = "modify_not_allowed"  # the shop does not allow a change now
    COUNT_CHANGED = "count_changed"  # a correction with another number of parcels (not sent)
    COURIER_NOT_LISTED = "courier_not_listed"  # the shop's courier list lacks it (not sent)
    ORDER_STATE = "order_state"  # the order changed meanwhile (shipped, cancelled, after-sale)
    ACCESS = "access"  # our access was refused (token, IP allowlist, API permission)
    TEMPORARY = "temporary"  # busy, rate-limited, a 5xx or a transport failure
    PLATFORM = "platform"  # any other refusal of the shop

    @classmethod
    def of_code(cls, code: str) -> RefusalReason:
        """The reason stored as ``code``; a code this version does not know reads as the shop's own
        refusal (the row then says the shop refused it, with no advice it cannot back)."""
        try:
            return cls(code)
        except ValueError:
            return cls.PLATFORM


@dataclass(frozen=True, slots=True)
class Landed:
    """The shop took the push: the order holds its numbers now."""

    order_id: str
    kind: PushKind


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    """The request went out and its answer was lost: neither done nor failed until a later pass
    reads the order back."""

    order_id: str
    kind: PushKind


@dataclass(frozen=True, slots=True)
class Refused:
    """The push did not land: the shop refused it, or it was held back before any call.

    ``retry``: a later pass may succeed with the same push (else the same push is not sent again);
    ``code``: the platform's code, for the row's words only ("local": our own refusal);
    ``courier``: our courier code, named when the shop does not list it."""

    order_id: str
    kind: PushKind
    reason: RefusalReason
    retry: bool
    code: str = ""
    courier: str = ""


PushOutcome = Landed | Unconfirmed | Refused
