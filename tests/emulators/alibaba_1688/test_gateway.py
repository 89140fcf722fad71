"""The emulated 1688 gateway: routing, signature, the order of its checks, rate limits and faults
(docs/platforms/supplier-apis.md#1688)."""

from __future__ import annotations

import httpx

from tests.emulators.alibaba_1688.conftest import APP_KEY, Gateway

TRADE = "com.alibaba.trade"
LOGISTICS = "com.alibaba.logistics"
DETAIL = "alibaba.trade.get.buyerView"
INFOS = "alibaba.trade.getLogisticsInfos.buyerView"


def _order(gw: Gateway) -> str:
    return str(gw.control.create_order(items=[{"name": "保温杯", "quantity": 2}])["order_id"])


def test_a_signed_detail_call_answers_the_trade_info_with_big_ids_as_numbers_and_text(gw: Gateway) -> None:
    order_id = _order(gw)
    answer = gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": order_id})
    assert answer.status_code == 200
    assert '"id": ' + order_id in answer.text  # a JSON number above 2**53, as 1688 sends it
    base = answer.json()["result"]["baseInfo"]
    assert base["idOfStr"] == order_id and int(order_id) > 2**53
    assert base["status"] == "waitsellersend" and base["createTime"].endswith("+0800")
    assert answer.json()["success"] == "true"


def test_a_wrong_signature_is_refused_with_gw_signature_invalid(gw: Gateway) -> None:
    answer = gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": _order(gw)}, secret="not-the-secret")
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "gw.SignatureInvalid" and answer.json()["request_id"]
    gw.control.set_scenario(signature_status=500)
    assert gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": "1"}, signature="").status_code == 500


def test_the_right_name_under_the_wrong_namespace_is_unsupported(gw: Gateway) -> None:
    answer = gw.call(TRADE, INFOS, {"webSite": "1688", "orderId": _order(gw)})
    assert answer.status_code == 400 and answer.json()["error_code"] == "gw.APIUnsupported"


def test_an_unknown_app_key_is_refused(gw: Gateway) -> None:
    answer = gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": "1"}, app_key="7654321")
    assert answer.json()["error_code"] == "gw.AppKeyNotFound"


def test_a_get_with_the_query_string_is_tolerated(gw: Gateway) -> None:
    from tests.emulators.alibaba_1688.conftest import SECRET, sign

    path = f"param2/1/{LOGISTICS}/alibaba.logistics.OpQueryLogisticCompanyList/{APP_KEY}"
    params = {"access_token": gw.token}
    params["_aop_signature"] = sign(SECRET, path, params)
    answer = gw.http.get(f"/openapi/{path}", params=params)
    assert answer.status_code == 200
    names = [c["companyName"] for c in answer.json()["result"]]
    assert "中通快递(ZTO)" in names and "中通快运" in names


def test_checks_run_api_then_token_then_acl_then_params(gw: Gateway) -> None:
    expired = gw.call(TRADE, DETAIL, {}, token="no-such-token")
    assert expired.status_code == 401
    assert expired.json()["error_code"] == "401"
    assert expired.json()["error_message"] == "Request need user authorized"
    missing = gw.call(TRADE, DETAIL, {"webSite": "1688"})
    assert missing.status_code == 400 and missing.json()["error_code"] == "gw.ParamMissing"
    assert "orderId" in missing.json()["error_message"]
    gw.control.reset(apps={APP_KEY: {"secret": "emulator-secret", "denied": [INFOS]}})
    gw.token = gw.control.grant()["access_token"]
    declined = gw.call(LOGISTICS, INFOS, {})  # no parameters: the ACL answers first
    assert declined.status_code == 400 and declined.json()["error_code"] == "gw.APIACLDecline"


def test_an_access_token_expires_after_ten_hours(gw: Gateway) -> None:
    order_id = _order(gw)
    gw.control.advance_clock(36_000 - 1)
    assert gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": order_id}).status_code == 200
    gw.control.advance_clock(1)
    assert gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": order_id}).status_code == 401


def test_another_buyers_order_is_a_business_error(gw: Gateway) -> None:
    theirs = str(gw.control.create_order(buyer="b2b-other")["order_id"])
    answer = gw.call(TRADE, DETAIL, {"webSite": "1688", "orderId": theirs})
    assert answer.status_code == 200
    assert answer.json()["success"] is False and answer.json()["errorCode"] == "order.nopermission.buyer"


def test_the_app_bucket_answers_qos_until_the_clock_refills_it(gw: Gateway) -> None:
    gw.control.set_scenario(qos_app_burst=2, qos_refill_per_second=1.0)
    statuses = [gw.call(TRADE, "alibaba.trade.getBuyerOrderList").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert gw.call(TRADE, "alibaba.trade.getBuyerOrderList").json()["error_code"] == "gw.QosAppFrequencyLimit"
    gw.control.advance_clock(1)
    assert gw.call(TRADE, "alibaba.trade.getBuyerOrderList").status_code == 200


def test_the_api_bucket_is_per_api(gw: Gateway) -> None:
    gw.control.set_scenario(qos_api_burst=1)
    assert gw.call(TRADE, "alibaba.trade.getBuyerOrderList").status_code == 200
    limited = gw.call(TRADE, "alibaba.trade.getBuyerOrderList")
    assert limited.json()["error_code"] == "gw.QosApiFrequencyLimit"
    assert gw.call(LOGISTICS, "alibaba.logistics.OpQueryLogisticCompanyList").status_code == 200


def test_injected_isp_faults_are_counted_down(gw: Gateway) -> None:
    gw.control.set_scenario(faults=[{"code": "gw.ISPInvokeTimeout", "status": 504, "count": 2}])
    codes = [gw.call(TRADE, "alibaba.trade.getBuyerOrderList") for _ in range(3)]
    assert [c.status_code for c in codes] == [504, 504, 200]
    assert codes[0].json()["error_code"] == "gw.ISPInvokeTimeout"


def test_the_timestamp_skew_check_is_off_until_switched_on(gw: Gateway) -> None:
    assert gw.call(TRADE, "alibaba.trade.getBuyerOrderList").status_code == 200  # stamp 1795000000000
    gw.control.advance_clock(3600)
    assert gw.call(TRADE, "alibaba.trade.getBuyerOrderList").status_code == 200
    gw.control.set_scenario(max_skew_seconds=600)
    assert gw.call(TRADE, "alibaba.trade.getBuyerOrderList").json()["error_code"] == "gw.SignatureInvalid"


def test_the_call_log_names_the_sort_rule_that_matched(gw: Gateway, server: object) -> None:
    from emulators.alibaba_1688.signing import api_signature

    path = f"param2/1/{TRADE}/alibaba.trade.getBuyerOrderList/{APP_KEY}"
    params = {"access_token": gw.token, "a": "z", "ab": "1"}
    params["_aop_signature"] = api_signature("emulator-secret", path, params, by_key=True)
    gw.control.clear_calls()
    assert gw.http.post(f"/openapi/{path}", data=params).status_code == 200
    assert gw.control.calls()[-1]["signature_rule"] == "by_key"
    gw.control.set_scenario(accept_key_sorted=False)
    assert gw.http.post(f"/openapi/{path}", data=params).status_code == 400


def test_an_unrouted_path_is_unsupported(gw: Gateway) -> None:
    answer = httpx.post(gw.http.base_url.join("/openapi/param2/1/x"), timeout=5)
    assert answer.status_code == 400 and answer.json()["error_code"] == "gw.APIUnsupported"
