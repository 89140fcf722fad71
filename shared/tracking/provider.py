"""What the sync tick needs from any tracking provider (Kuaidi100 today; Kdniao or 17TRACK would be
one more adapter implementing this Protocol)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from shared.couriers import Courier
from shared.logistics import TrackingSnapshot


@dataclass(frozen=True, slots=True)
class RecognisedCourier:
    """One candidate of number recognition, best first: the provider's code and ours if we know it."""

    provider_company: str
    courier_code: str | None
    name: str


class TrackingProvider(Protocol):
    """A tracking provider. Every method raises only ``shared.tracking.errors.TrackingError``s."""

    name: str

    def query(self, number: str, courier: Courier, *, phone: str | None = None) -> TrackingSnapshot:
        """The parcel's current state; ``phone`` is the recipient's phone (only its digits are used)."""
        ...

    def recognise(self, number: str) -> tuple[RecognisedCourier, ...]:
        """Couriers the number may belong to, best first (possibly empty)."""
        ...

    def subscribe(
        self, number: str, courier: Courier, *, callback_url: str, salt: str, phone: str | None = None
    ) -> None:
        """Ask the provider to push updates for ``number`` to ``callback_url`` (signed with ``salt``)."""
        ...
