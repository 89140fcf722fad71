"""Contract: shared.tracking's Kuaidi100 client against the emulator, over real HTTP on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY
from shared.couriers import by_code
from shared.logistics import TrackingState
from shared.tracking import (
    CredentialsRejected,
    Kuaidi100Client,
    Kuaidi100Config,
    NoResultYet,
    NumberLocked,
    PhoneRequired,
    PhoneVerificationFailed,
    ProviderUnavailable,
    QueryTooSoon,
    ReplyOutOfBounds,
    SignatureRejected,
    TrackingBadRequest,
    TrackingError,
)
from tests.contract.kuaidi100_harness import Rig

ZTO = by_code("ZTO")
SF = by_code("SF")
ZTO_NO = "78123456789012"
SF_NO = "SF1234567890123"


def queries(rig: Rig) -> int:
    return len(rig.control.log("query"))


def test_query_follows_the_journey(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal", phone="13800005678")
    client = rig.client()
    with pytest.raises(NoResultYet) as no_result:
        client.query(ZTO_NO, ZTO, phone="138****5678")
    assert no_result.value.return_code == "500"
    rig.control.advance(hours=9)
    rig.clock.advance(hours=9)
    snap = client.query(ZTO_NO, ZTO, phone="13800005678")
    assert snap.state is TrackingState.IN_TRANSIT and snap.provider_code == "1002"
    # the 1002 scan happened 8 h after the emulator's start (2026-11-20 00:00 UTC)
    assert snap.last_event_at == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert snap.picked_up_at == datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    rig.control.advance(hours=24)
    rig.clock.advance(hours=24)
    done = client.query(ZTO_NO, ZTO, phone="13800005678")
    assert done.state is TrackingState.DELIVERED and done.signed
    assert client.calls == 3


def test_sf_needs_phone_digits(rig: Rig) -> None:
    rig.control.add_parcel(SF_NO, "shunfeng", "normal", phone="13912341234")
    rig.control.advance(hours=3)
    client = rig.client()
    with pytest.raises(PhoneRequired):
        client.query(SF_NO, SF)
    assert queries(rig) == 0  # refused before sending
    with pytest.raises(PhoneVerificationFailed) as wrong:
        client.query(SF_NO, SF, phone="13900009999")
    assert wrong.value.return_code == "408"
    other = rig.client()  # a fresh guard; the emulator's interval still applies, so move its clock
    rig.control.advance(minutes=31)
    snap = other.query(SF_NO, SF, phone="139-1234-1234")
    assert snap.state is TrackingState.IN_TRANSIT


def test_wrong_company_is_a_bad_request(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "wrong_courier")
    rig.control.advance(hours=3)
    with pytest.raises(TrackingBadRequest) as wrong:
        rig.client().query(ZTO_NO, by_code("YTO"))
    assert wrong.value.return_code == "400"
    with pytest.raises(TrackingBadRequest):
        rig.client().query(ZTO_NO, "nosuchcompany")


def test_interval_lock_and_local_guard(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "stalled", phone="5678")
    rig.control.advance(hours=3)
    first = rig.client()
    first.query(ZTO_NO, ZTO, phone="5678")
    with pytest.raises(QueryTooSoon) as soon:
        first.query(ZTO_NO, ZTO, phone="5678")
    assert soon.value.next_allowed_at > rig.clock.now
    assert queries(rig) == 1  # the guard did not send
    second = rig.client()  # another process: only the provider's lock stops it
    rig.control.advance(minutes=10)
    with pytest.raises(NumberLocked):
        second.query(ZTO_NO, ZTO, phone="5678")
    assert rig.sleeps == []  # a locked number is never retried
    rig.control.advance(minutes=31)
    rig.clock.advance(minutes=36)
    assert first.query(ZTO_NO, ZTO, phone="5678").state is TrackingState.IN_TRANSIT


def test_bad_credentials(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal", phone="5678")
    with pytest.raises(SignatureRejected) as bad:
        rig.client(key="not-the-key").query(ZTO_NO, ZTO, phone="5678")
    assert bad.value.return_code == "503"
    assert "not-the-key" not in str(bad.value)
    rig.control.set_account(key_expired=True)
    with pytest.raises(CredentialsRejected) as expired:
        rig.client().query(ZTO_NO, ZTO, phone="5678")
    assert expired.value.return_code == "601"


def test_server_busy_is_retried_with_backoff(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal", phone="5678")
    rig.control.advance(hours=3)
    rig.control.add_fault("/poll/query.do", return_code="502")
    client = rig.client()
    assert client.query(ZTO_NO, ZTO, phone="5678").state is TrackingState.IN_TRANSIT
    assert rig.sleeps == [0.25]  # the jitter's floor: half of the base 0.5 s
    assert client.calls == 2


def test_retry_after_is_honoured_and_retries_are_bounded(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal", phone="5678")
    rig.control.advance(hours=3)
    rig.control.add_fault("/poll/query.do", status=503, retry_after="2", times=3)
    client = rig.client(attempts=3)
    with pytest.raises(ProviderUnavailable) as busy:
        client.query(ZTO_NO, ZTO, phone="5678")
    assert rig.sleeps == [2.0, 2.0] and client.calls == 3
    assert "HTTP 503" in str(busy.value)


def test_transport_failure_never_leaks_httpx_or_the_key() -> None:
    config = Kuaidi100Config(
        customer="C", key="SECRET-KEY", base_url="http://127.0.0.1:9", autonumber_url="http://127.0.0.1:9/a"
    )
    client = Kuaidi100Client(config, sleep=lambda _s: None, rand=lambda: 0.0)
    for call in (
        lambda: client.recognise("78123456789012"),
        lambda: client.query("78123456789012", "yuantong"),
    ):
        with pytest.raises(TrackingError) as failed:
            call()
        assert isinstance(failed.value, ProviderUnavailable)
        assert "SECRET" not in str(failed.value) and failed.value.__cause__ is None
    assert "SECRET" not in repr(client) and "SECRET" not in repr(config) and "'C'" not in repr(config)
    misconfigured = Kuaidi100Client(
        Kuaidi100Config(customer="C", key="K", base_url="not a url"), sleep=lambda _s: None, rand=lambda: 0.0
    )
    with pytest.raises(ProviderUnavailable):
        misconfigured.query("78123456789012", "yuantong")


def test_recognise(rig: Rig) -> None:
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal")
    found = rig.client().recognise(ZTO_NO)
    assert found[0].provider_company == "zhongtong" and found[0].courier_code == "ZTO"
    assert rig.client().recognise("YT1234567890123")[0].courier_code == "YTO"
    with pytest.raises(TrackingBadRequest):
        rig.client().recognise("12")
    with pytest.raises(CredentialsRejected):
        rig.client(key="wrong").recognise(ZTO_NO)
    assert DEFAULT_CUSTOMER and DEFAULT_KEY


def test_recognise_reads_the_sdk_shaped_candidates(rig: Rig) -> None:
    """The emulator answers noCount as a string (the SDK's type): the client still reads every candidate."""
    rig.control.add_parcel(ZTO_NO, "zhongtong", "normal")
    found = rig.client().recognise(ZTO_NO)
    assert [c.provider_company for c in found] == ["zhongtong"]
    assert found[0].name


def test_a_huge_reply_is_refused_not_retried(rig: Rig) -> None:
    rig.control.add_parcel("SF1400000000001", "shunfeng", "normal", phone="13800005678")
    rig.control.add_fault("/poll/query.do", huge_bytes=3_000_000)
    client = rig.client(max_reply_bytes=1_000_000)
    with client, pytest.raises(ReplyOutOfBounds, match="1000000"):
        client.query("SF1400000000001", "shunfeng", phone="5678")
    assert client.calls == 1 and rig.sleeps == []


def test_a_slow_drip_ends_at_the_deadline(rig: Rig) -> None:
    rig.control.add_parcel("SF1400000000002", "shunfeng", "normal", phone="13800005678")
    rig.control.add_fault("/poll/query.do", huge_bytes=600, drip_ms=30)
    client = rig.client(deadline_s=0.3)
    with client, pytest.raises(ReplyOutOfBounds, match=r"0\.3 s"):
        client.query("SF1400000000002", "shunfeng", phone="5678")
    assert client.calls == 1 and rig.sleeps == []
