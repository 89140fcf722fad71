"""The emulated 1688 world: apps, buyers, tokens, purchase orders with their parcels, the message
queue, scenario knobs, an emulator clock and a call log. One lock guards it all (the server is
threaded). Time is the emulator's own (epoch seconds), moved only by the control API.

Ids are 18-19 digit numbers (above 2**53, as 1688's are); shapes and units follow README.md.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

BEIJING = timezone(timedelta(hours=8))
DEFAULT_CLOCK = 1_795_000_000.0  # 2026-11-18 11:06:40 UTC: a fixed start keeps runs reproducible
DEFAULT_APP_KEY = "1234567"
DEFAULT_SECRET = "emulator-secret"
DEFAULT_BUYER = "b2b-2210000000001"
DEFAULT_REDIRECT_DOMAIN = "127.0.0.1"
ACCESS_SECONDS = 36_000  # 10 hours, as 1688 documents
REFRESH_SECONDS = 180 * 86_400  # "about half a year" (the documented value is disputed)
CODE_SECONDS = 120  # an authorization code is good for 2 minutes, once
ORDER_BASE = 3_400_000_000_000_000_001
SUB_ITEM_BASE = 3_500_000_000_000_000_001
MSG_BASE = 9_000_000_001

ORDER_STATUSES = (
    "waitbuyerpay",
    "waitsellersend",
    "waitbuyerreceive",
    "confirm_goods",
    "success",
    "cancel",
    "terminated",
)
TRACE_STATUSES = ("CONSIGN", "ACCEPT", "TRANSPORT", "DELIVERING", "AGENT_SIGN", "SIGN", "FAILED")
# Parcel status (getLogisticsInfos) after a trace node (push topic word).
PARCEL_STATUS = {
    "CONSIGN": "WAITACCEPT",
    "ACCEPT": "ACCEPT",
    "TRANSPORT": "TRANSPORT",
    "DELIVERING": "TRANSPORT",
    "AGENT_SIGN": "TRANSPORT",
    "SIGN": "SIGN",
    "FAILED": "UNSIGN",
}

# The courier list OpQueryLogisticCompanyList answers. No public copy of 1688's table exists: ids
# and codes here are invented (README "fidelity"); the names copy the live shape "中通快递(ZTO)", a
# 快运 variant and a carrier no registry knows are included on purpose.
COMPANIES: tuple[dict[str, Any], ...] = (
    {"id": 1, "companyName": "中通快递(ZTO)", "companyNo": "ZTO", "spelling": "zhongtong"},
    {"id": 2, "companyName": "圆通速递(YTO)", "companyNo": "YTO", "spelling": "yuantong"},
    {"id": 3, "companyName": "申通快递(STO)", "companyNo": "STO", "spelling": "shentong"},
    {"id": 4, "companyName": "韵达快递(YUNDA)", "companyNo": "YUNDA", "spelling": "yunda"},
    {"id": 5, "companyName": "顺丰速运(SF)", "companyNo": "SF", "spelling": "shunfeng"},
    {"id": 6, "companyName": "极兔速递(JTSD)", "companyNo": "JTSD", "spelling": "jitu"},
    {"id": 7, "companyName": "中通快运", "companyNo": "ZTOKY", "spelling": "zhongtongkuaiyun"},
    {"id": 8, "companyName": "京东快递(JD)", "companyNo": "JD", "spelling": "jingdong"},
    {"id": 9, "companyName": "邮政快递包裹", "companyNo": "YZPY", "spelling": "youzheng"},
    {"id": 99, "companyName": "宇宙速递", "companyNo": "UNIVERSE", "spelling": "yuzhou"},
)


class ControlError(ValueError):
    """A control-API request the emulator cannot apply (answered with HTTP 400)."""


def trade_time(epoch: float) -> str:
    """1688's trade date text: ``yyyyMMddHHmmssSSS+0800``."""
    moment = datetime.fromtimestamp(epoch, BEIJING)
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}+0800"


def step_time(epoch: float) -> str:
    """A trace step's or a push's date text: ``yyyy-MM-dd HH:mm:ss`` (Beijing)."""
    return datetime.fromtimestamp(epoch, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def parse_time(text: str) -> float:
    """A request's date parameter in either format clients send; ValueError otherwise."""
    raw = text.strip()
    if len(raw) >= 17 and raw[:17].isdigit():
        moment = datetime.strptime(raw[:14], "%Y%m%d%H%M%S")
        zone = raw[17:] or "+0800"
        sign = 1 if zone[0] == "+" else -1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        return moment.replace(tzinfo=timezone(offset)).timestamp() + int(raw[14:17]) / 1000
    return datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp()


@dataclass
class App:
    secret: str
    redirect_domain: str = DEFAULT_REDIRECT_DOMAIN
    denied: set[str] = field(default_factory=set)  # API names this app has no permission for


@dataclass
class Grant:
    """An access or refresh token (or an authorization code) of one app for one buyer member."""

    app_key: str
    member: str
    expires_at: float
    used: bool = False
    redirect_uri: str = ""


@dataclass
class Item:
    sub_item_id: int
    product_id: int
    sku_id: int
    spec_id: str
    name: str
    quantity: int
    price: str  # yuan, as text
    shipped: int = 0
    received: bool = False

    @property
    def logistics_status(self) -> int:
        """1 not shipped, 2 shipped, 3 received, 5 partly shipped (this emulator: fewer units than bought)."""
        if self.received:
            return 3
        if self.shipped == 0:
            return 1
        return 2 if self.shipped >= self.quantity else 5


@dataclass
class Parcel:
    logistics_id: str
    bill_no: str
    company: dict[str, Any]
    entries: list[tuple[int, int]]  # (sub_item_id, quantity)
    kind: str  # "0" own carrier, "1" booked online, "2" no logistics
    sent_at: float
    status: str = "WAITACCEPT"
    steps: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class Order:
    order_id: int
    buyer: str
    seller: str
    status: str
    created_at: float
    modified_at: float
    items: list[Item]
    receiver: dict[str, str]
    parcels: list[Parcel] = field(default_factory=list)
    paid_at: float | None = None
    close_reason: str = ""
    close_operator: str = ""
    refund_status: str = ""
    out_order_id: str = ""
    dropshipping: bool = True
    encrypt_out: dict[str, str] | None = None

    def item(self, sub_item_id: int) -> Item:
        for item in self.items:
            if item.sub_item_id == sub_item_id:
                return item
        raise ControlError(f"order {self.order_id} has no item {sub_item_id}")


@dataclass
class Message:
    msg_id: int
    topic: str
    member: str
    biz_key: str
    data: dict[str, Any]
    born: float
    app_key: str

    def envelope(self) -> dict[str, Any]:
        """The ``message`` JSON of a push, as captured live: bizKey, data, gmtBorn, msgId, type, userInfo."""
        return {
            "bizKey": self.biz_key,
            "data": self.data,
            "gmtBorn": int(self.born * 1000),
            "msgId": self.msg_id,
            "type": self.topic,
            "userInfo": self.member,
        }


@dataclass
class Scenario:
    """Misbehaviour and fidelity switches (README.md lists each one and what is invented)."""

    signature_status: int = 400
    accept_key_sorted: bool = True
    max_skew_seconds: float | None = None  # None: _aop_timestamp is not checked
    qos_app_burst: int | None = None  # token bucket per app; None: unlimited
    qos_api_burst: int | None = None  # per app and API
    qos_refill_per_second: float = 1.0  # on the emulator clock
    qos_status: int = 429
    faults: list[dict[str, Any]] = field(default_factory=list)  # [{code, status, api?, count}]
    latency_ms: int = 0
    list_ignores_order_ids: bool = True
    max_page_size: int = 50
    no_refresh_token: bool = False
    refresh_seconds: float = REFRESH_SECONDS
    https_only: bool = False
    trace_none_as: str = "404"  # or "empty": success:true with 没有物流跟踪信息
    push_attempts: int = 3
    push_duplicate: bool = False
    push_reorder: bool = False
    auto_push: bool = True


@dataclass
class World:
    clock: float = DEFAULT_CLOCK
    apps: dict[str, App] = field(default_factory=lambda: {DEFAULT_APP_KEY: App(DEFAULT_SECRET)})
    buyer: str = DEFAULT_BUYER  # who is "logged in" at the authorize page
    scenario: Scenario = field(default_factory=Scenario)
    orders: dict[int, Order] = field(default_factory=dict)
    access: dict[str, Grant] = field(default_factory=dict)
    refresh: dict[str, Grant] = field(default_factory=dict)
    codes: dict[str, Grant] = field(default_factory=dict)
    companies: list[dict[str, Any]] = field(default_factory=lambda: [dict(c) for c in COMPANIES])
    outbox: list[Message] = field(default_factory=list)  # not delivered yet
    parked: list[Message] = field(default_factory=list)  # undelivered: for the replay APIs
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    push_url: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)
    counters: dict[str, int] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def next_id(self, kind: str, base: int) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return base + self.counters[kind] - 1

    def now_text(self) -> str:
        return datetime.fromtimestamp(self.clock, UTC).isoformat()

    # -- messages --------------------------------------------------------------------------------

    def announce(self, order: Order, topic: str, data: dict[str, Any] | None = None) -> None:
        """Queue a push about ``order`` (order topics get the documented order payload)."""
        payload = data or {
            "orderId": order.order_id,
            "currentStatus": order.status,
            "msgSendTime": step_time(self.clock),
            "buyerMemberId": order.buyer,
            "sellerMemberId": order.seller,
        }
        for app_key in self.apps:
            msg_id = self.next_id("msg", MSG_BASE)
            message = Message(msg_id, topic, order.buyer, str(order.order_id), payload, self.clock, app_key)
            self.outbox.append(message)
