"""Error envelope of the emulated platform: errcode, errmsg and the request id (rid)."""

from __future__ import annotations

import random
from typing import Any

# Messages: common codes carry the platform's own text; shop business codes carry a description
# and get the ", " prefix that real business errmsgs start with.
MESSAGES: dict[int, str] = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40013: "invalid appid",
    40014: "invalid access_token",
    40066: "invalid url",
    40097: "invalid args",
    41001: "access_token missing",
    41002: "appid missing",
    42001: "access_token expired",
    43001: "require GET method",
    43002: "require POST method",
    44002: "empty post data",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
    45035: "access clientip is not registered, not in ip-white-list",
    61004: "access clientip is not registered, not in ip-white-list",
    47001: "data format error",
    48001: "api unauthorized",
    48006: "forbid to clear quota because of reaching the limit",
    76003: "invalid cgi_path",
    76021: "cgi_path not found",
    31042: "订单数量过多，请缩短时间范围",
    100002: "订单不存在",
    100003: "订单更新过于频繁，更新失败",
    101100: "订单状态错误,不允许执行此操作",
    108009: "订单存在未完成的售后，不允许发货",
    109000: "发货失败，请检查商品：不在订单中、已发货、已退款或数量错误",
    109001: "订单已全部发货，不能重复发货",
    109002: "发货商品为空，请填写product_infos或is_all_product",
    109205: "订单已有在线电子面单，不允许自寄发货",
    606003: "商家未设置默认退货地址",
    606004: "delivery_id不正确，请使用获取快递公司列表接口",
    606005: "waybill_id不正确，请检查快递单号",
    606006: "next_key参数不正确,本次请求参数与上一页不一致",
    606008: "deliver_type不正确,使用虚拟发货请检查商品deliver_method是否符合要求",
    606030: "同一个sku的商品必须在同一个包裹中发货",
    606031: "发货请求里product_id或sku_id填写不正确",
    606034: "该订单需由指定的第三方服务商发货",
    606040: "拆包发货的订单不支持修改物流信息",
    606041: "修改物流信息次数已达上限",
    606042: "商品信息不正确",
}

# Shop business codes: their errmsg starts with ", " (e.g. 606031;
# docs/platforms/wechat-shop.md#transport-and-envelope).
BUSINESS_CODES = frozenset(code for code in MESSAGES if code >= 100000 or code in (31042,))


def new_rid(rng: random.Random) -> str:
    """A request id shaped like the platform's: three groups of 8 hex digits."""
    return "-".join(f"{rng.getrandbits(32):08x}" for _ in range(3))


class ApiError(Exception):
    """A platform error answer; ``detail`` replaces the default text when given."""

    def __init__(self, errcode: int, detail: str | None = None) -> None:
        super().__init__(errcode, detail)
        self.errcode = errcode
        self.detail = detail

    def text(self) -> str:
        base = self.detail if self.detail is not None else MESSAGES.get(self.errcode, "error")
        if self.errcode in BUSINESS_CODES:
            return ", " + base
        return base


def error_body(errcode: int, text: str, rid: str) -> dict[str, Any]:
    """The JSON envelope of an error: errmsg always ends in `` rid: xxxxxxxx-xxxxxxxx-xxxxxxxx``."""
    return {"errcode": errcode, "errmsg": f"{text} rid: {rid}"}


def ok_body(**payload: Any) -> dict[str, Any]:
    return {"errcode": 0, "errmsg": "ok", **payload}
