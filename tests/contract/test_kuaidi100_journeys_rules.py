"""Each scripted journey, read through the real client over HTTP, raises the rule it was written for."""

from __future__ import annotations

import pytest

from shared.couriers import by_code
from shared.logistics import ParcelWatch, WatchSettings, assess
from shared.tracking import TrackingBadRequest
from tests.contract.kuaidi100_harness import Rig


@pytest.mark.parametrize(
    ("journey", "hours", "expected"),
    [
        ("normal", 35, set()),
        ("no_pickup", 50, {"no_pickup"}),
        ("stalled", 90, {"stalled"}),
        ("returned", 45, {"returned"}),
        ("rejected", 35, {"rejected"}),
    ],
)
def test_journey_raises_its_rule(rig: Rig, journey: str, hours: float, expected: set[str]) -> None:
    number = "78000000000001"
    rig.control.add_parcel(number, "zhongtong", journey, phone="13800001111")
    pushed_at = rig.control.now()
    rig.control.advance(hours=hours)
    snap = rig.client().query(number, by_code("ZTO"), phone="13800001111")
    got = assess(ParcelWatch(number, "ZTO", pushed_at, snap), WatchSettings(), rig.control.now())
    assert set(got.codes) == expected
    assert got.is_exception == bool(expected)


def test_wrong_courier_is_found_by_recognition(rig: Rig) -> None:
    number = "78000000000002"
    rig.control.add_parcel(number, "zhongtong", "wrong_courier")
    pushed_at = rig.control.now()
    rig.control.advance(hours=10)
    client = rig.client()
    with pytest.raises(TrackingBadRequest):
        client.query(number, by_code("YTO"))
    reported = client.recognise(number)[0]
    watch = ParcelWatch(number, "YTO", pushed_at, None, reported_company=reported.provider_company)
    got = assess(watch, WatchSettings(), rig.control.now())
    assert set(got.codes) == {"courier_mismatch"}
