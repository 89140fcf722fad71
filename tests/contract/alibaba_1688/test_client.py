"""The 1688 client against the emulator: the signature, the token and its refresh (at most once per
call), paging, and how each gateway refusal becomes the adapter's error."""

from __future__ import annotations

import pytest

from shared.suppliers.alibaba_1688.errors import (
    AlibabaAuthError,
    AlibabaBusinessError,
    AlibabaRequestError,
    AlibabaUnavailable,
)
from shared.suppliers.errors import SupplierAuthError, SupplierConfigError, SupplierUnavailable
from shared.suppliers.http_config import Secret
from tests.contract.alibaba_1688.conftest import Rig


def test_calls_are_signed_the_sdk_way_and_the_first_gets_a_token(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    with rig.client() as client:
        detail = client.order_detail(order_id)
        assert detail["baseInfo"]["idOfStr"] == order_id
        assert client.refreshes == 1
        client.order_detail(order_id)
        assert client.refreshes == 1  # the token is kept
    calls = rig.control.calls()
    assert [c["api"] for c in calls] == [
        "getToken",
        "alibaba.trade.get.buyerView",
        "alibaba.trade.get.buyerView",
    ]
    assert calls[1]["signature_rule"] == "sdk" and calls[1]["params"]["_aop_timestamp"].isdigit()


def test_a_wrong_secret_is_a_request_error_with_the_code_and_request_id_and_no_retry(rig: Rig) -> None:
    with rig.client(app_secret=Secret("wrong")) as client, pytest.raises(AlibabaRequestError) as refused:
        client.missed_messages()  # an API without a user token: the gateway checks the signature alone
    assert refused.value.code == "gw.SignatureInvalid" and refused.value.request_id
    assert isinstance(refused.value, SupplierConfigError)
    assert "wrong" not in str(refused.value)
    assert rig.api_calls() == ["push.cursor.messageList"] and rig.waits == []


def test_a_wrong_secret_at_the_token_endpoint_is_an_auth_error(rig: Rig) -> None:
    with rig.client(app_secret=Secret("wrong")) as client, pytest.raises(AlibabaAuthError) as refused:
        client.order_page(1)
    assert refused.value.code == "invalid_client"
    assert rig.api_calls() == ["getToken"]


def test_an_expired_token_is_refreshed_once_and_the_call_goes_on(rig: Rig) -> None:
    with rig.client() as client:
        client.order_page(1)
        rig.control.advance_clock(36_000)  # both sides see the token expire
        client.order_page(1)
        assert client.refreshes == 2
    assert rig.api_calls().count("getToken") == 2


def test_a_401_mid_life_refreshes_once_and_a_second_401_ends_the_call(rig: Rig) -> None:
    with rig.client() as client:
        client.order_page(1)
        rig.control.set_scenario(faults=[{"code": "401", "status": 401, "count": 1}])
        client.order_page(1)  # refused once, refreshed, answered
        assert client.refreshes == 2
        rig.control.set_scenario(faults=[{"code": "401", "status": 401, "count": 5}])
        with pytest.raises(AlibabaAuthError) as refused:
            client.order_page(1)
        assert client.refreshes == 3 and refused.value.code == "401"
        assert isinstance(refused.value, SupplierAuthError)


def test_without_a_refresh_token_nothing_is_sent(rig: Rig) -> None:
    with rig.client(refresh_token=None) as client, pytest.raises(AlibabaAuthError):
        client.order_page(1)
    assert rig.api_calls() == []


def test_a_refused_refresh_token_asks_for_a_new_authorization(rig: Rig) -> None:
    with rig.client(refresh_token=Secret("revoked")) as client, pytest.raises(AlibabaAuthError) as refused:
        client.order_page(1)
    assert refused.value.code == "invalid_grant"


def test_rate_limits_and_backend_faults_are_retried_then_reported_unavailable(rig: Rig) -> None:
    rig.control.set_scenario(faults=[{"code": "gw.QosAppFrequencyLimit", "status": 429, "count": 1}])
    with rig.client() as client:
        client.order_page(1)
        assert len(rig.waits) == 1
        rig.control.set_scenario(faults=[{"code": "gw.ISPInvokeError", "status": 500, "count": 9}])
        with pytest.raises(AlibabaUnavailable) as failed:
            client.order_page(1)
    assert failed.value.code == "gw.ISPInvokeError" and isinstance(failed.value, SupplierUnavailable)
    assert len(rig.waits) == 1 + 3  # four attempts: three waits


def test_the_token_bucket_is_waited_out(rig: Rig) -> None:
    rig.control.set_scenario(qos_app_burst=1, qos_refill_per_second=0.0)
    with rig.client() as client:
        client.order_page(1)
        with pytest.raises(AlibabaUnavailable) as limited:
            client.order_page(1)
    assert limited.value.code == "gw.QosAppFrequencyLimit"


def test_an_api_the_app_may_not_call_is_an_auth_error(rig: Rig) -> None:
    api = "alibaba.trade.getLogisticsInfos.buyerView"
    rig.control.reset(apps={"1234567": {"secret": "emulator-secret", "denied": [api]}})
    rig.refresh_token = rig.control.grant()["refresh_token"]
    with rig.client() as client, pytest.raises(AlibabaAuthError) as declined:
        client.parcels("3400000000000000001")
    assert declined.value.code == "gw.APIACLDecline"


def test_business_errors_not_shipped_is_empty_and_another_buyers_order_is_refused(rig: Rig) -> None:
    mine = rig.control.create_order()["order_id"]
    theirs = rig.control.create_order(buyer="b2b-someone-else")["order_id"]
    with rig.client() as client:
        assert client.parcels(mine) == []
        with pytest.raises(AlibabaBusinessError) as refused:
            client.order_detail(theirs)
    assert refused.value.code == "order.nopermission.buyer"


def test_paging_reads_every_page_and_stops_at_the_total(rig: Rig) -> None:
    made = [rig.control.create_order()["order_id"] for _ in range(7)]
    with rig.client(page_size=3) as client:
        pages = list(client.orders())
    assert [len(p.orders) for p in pages] == [3, 3, 1]
    seen = [o["baseInfo"]["idOfStr"] for p in pages for o in p.orders]
    assert sorted(seen) == sorted(made) and pages[0].total == 7
    rig.control.create_order()
    with rig.client(page_size=4) as client:
        assert len(list(client.orders())) == 2  # 8 of 8 after two full pages: no third call
    assert rig.api_calls().count("alibaba.trade.getBuyerOrderList") == 3 + 2


def test_missed_messages_come_once(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    rig.control.deliver_pushes()  # no push URL: parked
    with rig.client() as client:
        first = client.missed_messages()
        assert [m["type"] for m in first] == ["ORDER_BUYER_VIEW_BUYER_MAKE", "ORDER_BUYER_VIEW_ORDER_PAY"]
        assert first[0]["data"]["orderId"] == int(order_id)
        assert client.missed_messages() == []
        assert client.refreshes == 0  # the replay API needs no user token
