"""The 1688 gateway: ``/openapi/param2/{ver}/{namespace}/{name}/{appKey}``.

Checks, in this order (README.md): the API exists (``gw.APIUnsupported``, also for the right name
under the wrong namespace) -> the app exists (``gw.AppKeyNotFound``) -> the signature
(``gw.SignatureInvalid``; the optional timestamp skew) -> rate limits (``gw.Qos*``) -> injected
faults (``gw.ISP*`` ...) -> the user token (HTTP 401 ``"401"``) -> the app's permission
(``gw.APIACLDecline``) -> required parameters (``gw.ParamMissing``) -> the API itself, whose
refusals are business errors (HTTP 200, ``success: false``). Where the signature check sits among
these is not documented; checking it before the token is the strict choice.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from emulators._http import Answer, Request
from emulators.alibaba_1688 import render, signing
from emulators.alibaba_1688.world import Grant, Order, World, parse_time

ApiHandler = Callable[[World, dict[str, str], Grant | None, dict[str, Any]], dict[str, Any]]
YEAR = 365 * 86_400


@dataclass(frozen=True)
class Api:
    handler: ApiHandler
    required: tuple[str, ...] = ()
    needs_user: bool = True


class GatewayError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def gateway_answer(error: GatewayError, request_id: str) -> Answer:
    body = {
        "error_code": error.code,
        "error_message": error.message,
        "exception": error.message,
        "request_id": request_id,
    }
    return Answer.json(error.status, body)


def form(request: Request) -> tuple[dict[str, str], bool]:
    """The request's parameters (query, then form body; UTF-8) and whether a name came twice."""
    pairs = parse_qsl(request.query, keep_blank_values=True, encoding="utf-8")
    if request.body:
        pairs += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return dict(pairs), len(dict(pairs)) != len(pairs)


def json_param(params: dict[str, str], name: str) -> Any:
    """An object/array parameter, sent as JSON text inside the form."""
    raw = params.get(name, "")
    return json.loads(raw) if raw.strip() else None


# -- the APIs ------------------------------------------------------------------------------------


def _business_error(code: str, message: str) -> dict[str, Any]:
    return {"success": False, "errorCode": code, "errorMessage": message}


def _own_order(world: World, params: dict[str, str], grant: Grant | None) -> Order | dict[str, Any]:
    """The order the call names when it is the caller's; else the business error 1688 answers."""
    try:
        order = world.orders.get(int(params["orderId"]))
    except ValueError:
        return _business_error("order.nopermission.buyer", "订单不存在或不是该买家的订单")
    if order is None or grant is None or order.buyer != grant.member:
        # 1688 answers another buyer's order so; an unknown id is answered the same way here (invented).
        return _business_error("order.nopermission.buyer", "订单不存在或不是该买家的订单")
    return order


def detail(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    order = _own_order(world, params, grant)
    if not isinstance(order, Order):
        return order
    return {"result": render.trade_info(order, with_logistics=True), "success": "true"}


def order_list(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    assert grant is not None
    page = int(params.get("page") or 1)
    size = min(int(params.get("pageSize") or 20), world.scenario.max_page_size)  # clamped: invented
    if page < 1 or size < 1:
        return _business_error("param.invalid", "page and pageSize start at 1")
    mine = [o for o in world.orders.values() if o.buyer == grant.member]
    history = params.get("isHis", "false").lower() == "true"
    mine = [o for o in mine if (world.clock - o.created_at > YEAR) == history]
    if params.get("orderStatus"):
        mine = [o for o in mine if o.status == params["orderStatus"]]
    for name, attribute, after in (
        ("createStartTime", "created_at", True),
        ("createEndTime", "created_at", False),
        ("modifyStartTime", "modified_at", True),
        ("modifyEndTime", "modified_at", False),
    ):
        if params.get(name):
            bound = parse_time(params[name])
            mine = [o for o in mine if (getattr(o, attribute) >= bound) == after]
    if params.get("outOrderId"):
        mine = [o for o in mine if o.out_order_id == params["outOrderId"]]
    ids = json_param(params, "orderIds")
    if ids and not world.scenario.list_ignores_order_ids:
        wanted = {int(x) for x in ids}
        mine = [o for o in mine if o.order_id in wanted]
    mine.sort(key=lambda o: (-o.created_at, -o.order_id))  # newest first (invented: not documented)
    rows = mine[(page - 1) * size : page * size]
    return {"result": [render.trade_info(o, with_logistics=False) for o in rows], "totalRecord": len(mine)}


def logistics_infos(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    order = _own_order(world, params, grant)
    if not isinstance(order, Order):
        return order
    if not order.parcels:
        return _business_error("500_2", "该订单还没有发货，请等待发货消息后再查询")
    return {"result": [render.logistics_order(order, p) for p in order.parcels], "success": True}


def trace_info(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    order = _own_order(world, params, grant)
    if not isinstance(order, Order):
        return order
    if world.clock - order.created_at > YEAR:
        return _business_error("order.createtime.history", "不支持查询一年以前的订单")
    parcels = [p for p in order.parcels if params.get("logisticsId") in (None, "", p.logistics_id)]
    if not parcels:
        if world.scenario.trace_none_as == "empty":
            return {"success": True, "errorMessage": "该订单没有物流跟踪信息。", "logisticsTrace": []}
        return _business_error("404", "没有找到物流跟踪信息")
    return {"logisticsTrace": [render.trace(order, p) for p in parcels], "success": True}


def companies(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    return {
        "result": [dict(c, companyPhone="", supportPrint="false") for c in world.companies],
        "success": True,
    }


def _replay_rows(world: World, params: dict[str, str], app_key: str) -> list[Any]:
    rows = [m for m in world.parked if m.app_key == app_key]
    if params.get("type"):
        rows = [m for m in rows if m.topic == params["type"]]
    if params.get("userInfo"):
        rows = [m for m in rows if m.member == params["userInfo"]]
    if params.get("createStartTime"):
        rows = [m for m in rows if m.born >= parse_time(params["createStartTime"])]
    if params.get("createEndTime"):
        rows = [m for m in rows if m.born <= parse_time(params["createEndTime"])]
    return rows


def _replayed(message: Any) -> dict[str, Any]:
    group = "ORDER" if message.topic.startswith("ORDER") else "LOGISTICS"
    return {
        **message.envelope(),
        "data": json.dumps(message.data, ensure_ascii=False, separators=(",", ":")),
        "topicGroup": group,
        "topicName": message.topic,
        "appKey": message.app_key,
    }


def cursor_messages(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    quantity = int(params.get("quantity") or 20)
    if not 20 <= quantity <= 200:
        return _business_error("param.invalid", "quantity must be between 20 and 200")
    rows = _replay_rows(world, params, scope["app_key"])[:quantity]
    for message in rows:  # the cursor API confirms what it returns
        world.parked.remove(message)
    return {"pushMessageList": [_replayed(m) for m in rows], "success": True}


def query_messages(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    page, size = int(params.get("page") or 1), int(params.get("pageSize") or 20)
    rows = _replay_rows(world, params, scope["app_key"])
    datas = [_replayed(m) for m in rows[(page - 1) * size : page * size]]
    return {"pushMessagePage": {"datas": datas, "totalCount": len(rows)}, "success": True}


def confirm_messages(
    world: World, params: dict[str, str], grant: Grant | None, scope: dict[str, Any]
) -> dict[str, Any]:
    ids = {int(x) for x in json_param(params, "msgIdList") or []}
    world.parked = [m for m in world.parked if not (m.msg_id in ids and m.app_key == scope["app_key"])]
    return {"success": True}


APIS: dict[tuple[str, str, str], Api] = {
    ("1", "com.alibaba.trade", "alibaba.trade.get.buyerView"): Api(detail, ("webSite", "orderId")),
    ("1", "com.alibaba.trade", "alibaba.trade.getBuyerOrderList"): Api(order_list),
    ("1", "com.alibaba.logistics", "alibaba.trade.getLogisticsInfos.buyerView"): Api(
        logistics_infos, ("webSite", "orderId")
    ),
    ("1", "com.alibaba.logistics", "alibaba.trade.getLogisticsTraceInfo.buyerView"): Api(
        trace_info, ("webSite", "orderId")
    ),
    ("1", "com.alibaba.logistics", "alibaba.logistics.OpQueryLogisticCompanyList"): Api(companies),
    ("1", "cn.alibaba.open", "push.cursor.messageList"): Api(cursor_messages, needs_user=False),
    ("1", "cn.alibaba.open", "push.query.messageList"): Api(query_messages, needs_user=False),
    ("1", "cn.alibaba.open", "push.message.confirm"): Api(confirm_messages, ("msgIdList",), needs_user=False),
}


# -- the checks ----------------------------------------------------------------------------------


def _take_token(world: World, key: str, burst: int) -> bool:
    """A token bucket on the emulator clock: ``burst`` calls, refilled at the scenario's rate."""
    tokens, at = world.buckets.get(key, (float(burst), world.clock))
    tokens = min(float(burst), tokens + (world.clock - at) * world.scenario.qos_refill_per_second)
    if tokens < 1:
        world.buckets[key] = (tokens, world.clock)
        return False
    world.buckets[key] = (tokens - 1, world.clock)
    return True


def _fault(world: World, name: str) -> GatewayError | None:
    for fault in world.scenario.faults:
        if fault.get("api") not in (None, "", name) or int(fault.get("count", 1)) <= 0:
            continue
        fault["count"] = int(fault.get("count", 1)) - 1
        code = str(fault.get("code", "gw.ISPInvokeError"))
        return GatewayError(
            int(fault.get("status", 500)), code, str(fault.get("message", "isp invoke error"))
        )
    world.scenario.faults = [f for f in world.scenario.faults if int(f.get("count", 1)) > 0]
    return None


def check(
    world: World, ver: str, namespace: str, name: str, app_key: str, params: dict[str, str]
) -> tuple[Api, Grant | None, str]:
    """The API and the caller's grant after every gateway check; GatewayError for the first that fails.
    The third value says which sort rule the signature matched (``sdk`` or ``by_key``)."""
    api = APIS.get((ver, namespace, name))
    if api is None:
        raise GatewayError(400, "gw.APIUnsupported", f"API not supported: {namespace}:{name}-{ver}")
    app = world.apps.get(app_key)
    if app is None:
        raise GatewayError(400, "gw.AppKeyNotFound", f"AppKey not found: {app_key}")
    url_path = f"param2/{ver}/{namespace}/{name}/{app_key}"
    given = params.get("_aop_signature", "")
    rule = ""
    if given and signing.matches(given, signing.api_signature(app.secret, url_path, params)):
        rule = "sdk"
    elif (
        given
        and world.scenario.accept_key_sorted
        and signing.matches(given, signing.api_signature(app.secret, url_path, params, by_key=True))
    ):
        rule = "by_key"
    if not rule:
        raise GatewayError(world.scenario.signature_status, "gw.SignatureInvalid", "Signature is invalid")
    skew = world.scenario.max_skew_seconds
    if skew is not None:
        stamp = params.get("_aop_timestamp", "")
        if not stamp.isdigit() or abs(int(stamp) / 1000 - world.clock) > skew:
            raise GatewayError(
                world.scenario.signature_status, "gw.SignatureInvalid", "timestamp out of range"
            )
    qos = world.scenario
    if qos.qos_app_burst is not None and not _take_token(world, app_key, qos.qos_app_burst):
        raise GatewayError(qos.qos_status, "gw.QosAppFrequencyLimit", "App call exceeds limited frequency")
    if qos.qos_api_burst is not None and not _take_token(world, f"{app_key}/{name}", qos.qos_api_burst):
        raise GatewayError(qos.qos_status, "gw.QosApiFrequencyLimit", "API call exceeds limited frequency")
    fault = _fault(world, name)
    if fault is not None:
        raise fault
    grant = None
    if api.needs_user:
        grant = world.access.get(params.get("access_token", ""))
        if grant is None or grant.app_key != app_key or grant.expires_at <= world.clock:
            raise GatewayError(401, "401", "Request need user authorized")
    if name in app.denied:
        raise GatewayError(400, "gw.APIACLDecline", "AppKey is not allowed(acl)")
    for required in api.required:
        if not params.get(required):
            raise GatewayError(400, "gw.ParamMissing", f"Required argument {required}")
    return api, grant, rule


def serve_api(world: World, request: Request) -> Answer:
    request_id = uuid.uuid4().hex[:16]
    fields = request.params
    params, repeated = form(request)
    entry: dict[str, Any] = {
        "method": request.method,
        "api": fields.get("name", ""),
        "namespace": fields.get("namespace", ""),
        "params": {k: v for k, v in params.items() if k not in ("_aop_signature",)},
        "request_id": request_id,
    }
    with world.lock:
        entry["clock"] = world.clock
        world.calls.append(entry)
        try:
            if repeated:
                raise GatewayError(400, "gw.ParamInvalid", "a parameter was given twice")
            api, grant, rule = check(
                world, fields["ver"], fields["namespace"], fields["name"], fields["app_key"], params
            )
            entry["signature_rule"] = rule
            body = api.handler(world, params, grant, {"app_key": fields["app_key"]})
        except GatewayError as error:
            entry["status"], entry["error_code"] = error.status, error.code
            return gateway_answer(error, request_id)
        except (ValueError, KeyError, TypeError) as exc:
            invalid = GatewayError(400, "gw.ParamInvalid", f"bad parameter: {type(exc).__name__}")
            entry["status"], entry["error_code"] = invalid.status, invalid.code
            return gateway_answer(invalid, request_id)
        entry["status"] = 200
        if body.get("success") in (False, "false"):
            entry["error_code"] = body.get("errorCode")
    return Answer.json(200, body)
