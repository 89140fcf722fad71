"""Contract: subscription, pushes to our callback (verified by shared.tracking.handle_push), abort/comNew."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.couriers import by_code
from shared.logistics import ParcelWatch, TrackingState, WatchSettings, assess
from shared.logistics.rules import COURIER_MISMATCH
from shared.tracking import CredentialsRejected, SubscriptionDuplicate, TrackingBadRequest
from tests.contract.kuaidi100_harness import Callback, Rig

ZTO_NO = "78123456789012"


def test_subscription_pushes_reach_our_callback_verified(rig: Rig, callback: Callback) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal", phone="13800005678")
    client = rig.client()
    client.subscribe(
        ZTO_NO, by_code("ZTO"), callback_url=callback.url, salt=callback.salt, phone="13800005678"
    )
    with pytest.raises(SubscriptionDuplicate) as dup:
        client.subscribe(ZTO_NO, by_code("ZTO"), callback_url=callback.url, salt=callback.salt)
    assert dup.value.return_code == "501"
    assert rig.control.advance(hours=3) == 0  # checked 15 min after subscribing: nothing scanned yet
    assert rig.control.advance(hours=2) == 1  # re-checked 4 h later: the pickup is pushed
    assert callback.replies == [200]
    first = callback.notices[0]
    assert first.status == "polling" and first.snapshot is not None
    assert first.snapshot.state is TrackingState.IN_TRANSIT
    rig.control.advance(hours=40)
    last = callback.notices[-1]
    assert last.status == "shutdown" and last.snapshot is not None
    assert last.snapshot.state is TrackingState.DELIVERED
    pushes = rig.control.log("push")
    assert pushes and all(p["acknowledged"] for p in pushes)
    assert all("emu-kuaidi100-key" not in str(e) for e in rig.control.log())
    rig.control.advance(hours=24)
    assert len(rig.control.log("push")) == len(pushes)  # finished: no more pushes


def test_wrongly_signed_push_is_refused_and_retried_by_the_provider(rig: Rig, callback: Callback) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "stalled", phone="5678")
    rig.client().subscribe(ZTO_NO, "zhongtong", callback_url=callback.url, salt="a-different-salt")
    rig.control.advance(hours=6)  # pushed at 4 h 15, retried at 4 h 45, 5 h 15, 5 h 45
    assert callback.notices == [] and callback.replies == [400] * len(callback.replies)
    sent = rig.control.log("push")
    # the first push and its retries 30 min apart, none acknowledged
    assert len(sent) == 4 and not any(p["acknowledged"] for p in sent)


def test_abort_with_new_company_raises_courier_mismatch(rig: Rig, callback: Callback) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "wrong_courier")
    pushed_at = rig.control.now()
    rig.client().subscribe(ZTO_NO, by_code("YTO"), callback_url=callback.url, salt=callback.salt)
    rig.control.advance(hours=71)
    assert callback.notices == []  # no data under the wrong code, and not yet 3 days
    rig.control.advance(hours=2)
    abort = callback.notices[0]
    assert abort.status == "abort" and abort.auto_check
    assert (abort.com_old, abort.com_new) == ("yuantong", "zhongtong")
    watch = ParcelWatch(ZTO_NO, "YTO", pushed_at, abort.snapshot)
    alerts = assess(watch, WatchSettings(), pushed_at + timedelta(hours=73))
    assert COURIER_MISMATCH in alerts.codes
    rig.control.advance(hours=5)  # Kuaidi100 keeps tracking under comNew
    later = callback.notices[-1]
    assert later.snapshot is not None and later.snapshot.provider_company == "zhongtong"
    assert later.com_new == "zhongtong" and later.snapshot.state is TrackingState.DELIVERED


def test_abort_without_records_means_expired(rig: Rig, callback: Callback) -> None:
    rig.client().subscribe("75000000000001", "zhongtong", callback_url=callback.url, salt=callback.salt)
    rig.control.advance(hours=80)
    assert [n.status for n in callback.notices] == ["abort"]
    snap = callback.notices[0].snapshot
    assert snap is not None and snap.state is TrackingState.EXPIRED and callback.notices[0].com_new == ""


def test_subscribe_errors(rig: Rig, callback: Callback) -> None:
    with pytest.raises(CredentialsRejected) as bad_key:
        rig.client(key="wrong").subscribe(ZTO_NO, "zhongtong", callback_url=callback.url, salt="x")
    assert bad_key.value.return_code == "600"
    with pytest.raises(TrackingBadRequest) as bad:
        rig.client().subscribe(ZTO_NO, "zhongtong", callback_url="ftp://nowhere", salt="x")
    assert bad.value.return_code == "700"
