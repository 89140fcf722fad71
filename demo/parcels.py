"""Demo hook for the logistics watch: scripted parcels at a Kuaidi100 emulator, one per kind.

``seed_tracking(base_url)`` registers, through the emulator's control client (emulators/control:
``POST /_emulator/parcels`` at the emulator's URL), one parcel for each kind the demo's
``seeded`` summary names, and returns kind -> ``SeededParcel``: the number and the courier to ship
the order with (type ``courier_name`` in 快递公司 and ``number`` in 快递单号), and the journey.

With the default thresholds, each row is flagged 物流异常 once the tick has seen it shipped and the
clocks (the emulator's ``POST /_emulator/clock`` and the tick's) have moved ``RAISED_AFTER_HOURS``
past the seeding; moving them ``DEMO_HOURS`` (81 h) and ticking once shows every kind at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import httpx

from emulators.control import Kuaidi100Control

KINDS = ("no_pickup", "stalled", "returned", "rejected", "wrong_courier")

#: Hours after seeding when each kind holds as an exception (default 设置 thresholds): no pickup 48 h
#: after the push; the stalled journey's last scan is at 8 h, +72 h; returning at 40 h; refused at
#: 30 h; a wrong courier on the first query after shipping.
RAISED_AFTER_HOURS = {
    "no_pickup": 48.0,
    "stalled": 80.0,
    "returned": 40.0,
    "rejected": 30.0,
    "wrong_courier": 0.0,
}
DEMO_HOURS = 81.0


@dataclass(frozen=True, slots=True)
class SeededParcel:
    kind: str
    number: str
    courier: str  # our courier code, the one to push (ZTO, or YUNDA for wrong_courier)
    courier_name: str  # what to type in 快递公司
    journey: str  # the emulator's scripted journey
    carried_by: str  # the Kuaidi100 company code the emulator registered it under

    @property
    def expected_state(self) -> str:
        """The row state once ``RAISED_AFTER_HOURS[kind]`` have passed."""
        return "logistics_exception"


_PARCELS = (
    SeededParcel("no_pickup", "78123400000001", "ZTO", "中通", "no_pickup", "zhongtong"),
    SeededParcel("stalled", "78123400000002", "ZTO", "中通", "stalled", "zhongtong"),
    SeededParcel("returned", "78123400000003", "ZTO", "中通", "returned", "zhongtong"),
    SeededParcel("rejected", "78123400000004", "ZTO", "中通", "rejected", "zhongtong"),
    # A 13-digit number fits Yunda and EMS: the supplier said Yunda, EMS carries it. A query under
    # yunda finds nothing (400), recognition names ems; typing EMS in 快递公司 corrects the shop.
    SeededParcel("wrong_courier", "1000123400005", "YUNDA", "韵达", "wrong_courier", "ems"),
)


def parcels(shop: int = 0) -> tuple[SeededParcel, ...]:
    """The parcels of the demo's ``shop``-th shop (DEMO_SHOPS, demo/shops.py): the same kinds, each
    shop its own numbers (two digits in the middle name the shop; the first shop's are as above)."""
    if shop == 0:
        return _PARCELS
    return tuple(replace(p, number=p.number[:8] + f"{shop:02d}" + p.number[10:]) for p in _PARCELS)


def seed_tracking(
    base_url: str, *, start: datetime | None = None, http: httpx.Client | None = None, shop: int = 0
) -> dict[str, SeededParcel]:
    """Register the demo's parcels (of its ``shop``-th shop) at the emulator at ``base_url`` (journeys
    start at ``start``, by default the emulator's own now). Returns kind -> parcel. Raises
    ControlFailed if refused."""
    mine = parcels(shop)
    with Kuaidi100Control(base_url, http, timeout=10) as control:
        for parcel in mine:
            control.add_parcel(parcel.number, parcel.carried_by, parcel.journey, start=start)
    return {p.kind: p for p in mine}
