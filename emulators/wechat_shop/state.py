"""The emulator's whole mutable world: clock, configuration, shop, orders, tokens, counters.

Everything sits in one ``State`` guarded by one re-entrant lock; handlers take the lock, never
sleep while holding it, and the state can be saved to / loaded from a JSON file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .order_book import OrderBook

DEFAULT_APPID = "wx5e8b1a0c2f3d4e6a"
DEFAULT_SECRET = "emulator-secret-0123456789abcdef"
DEFAULT_USERNAME = "gh_emulatorshop01"

# delivery_id -> delivery_name (docs/platforms/wechat-shop.md#courier-list; the documented table stops at ~21
# rows).
COURIERS: dict[str, str] = {
    "ZTO": "中通快递",
    "YTO": "圆通速递",
    "YUNDA": "韵达速递",
    "JTSD": "极兔速递",
    "STO": "申通快递",
    "SF": "顺丰速运",
    "JD": "京东",
    "EMS": "中国邮政",
    "CNSD": "菜鸟速递(丹鸟)",
    "DBKD": "德邦快递",
    "SXJD": "顺心捷达",
    "ZTOKY": "中通快运",
    "YDKY": "韵达快运",
    "ANEKY": "安能物流",
    "BTWL": "百世快运",
    "KYSY": "跨越速运",
    "YMDD": "壹米滴答",
    "RJTCSD": "锐界同城速递",
    "ZJS": "宅急送",
    "JSD": "吉时达",
    "XFEX": "信丰物流",
}
# Couriers that offer e-waybill in the emulated shop (ewaybill_only=true), from the S9 examples.
EWAYBILL_COURIERS = ("JTSD", "STO", "YTO", "YUNDA", "ZTO", "SF", "JD", "EMS", "CNSD")
OTHER_COURIER = ("OTHER", "其他")


def shop_couriers(state: State) -> dict[str, str]:
    """The couriers this shop's list holds (config ``couriers``, else the platform's table)."""
    listed = state.config.get("couriers")
    return dict(listed) if isinstance(listed, dict) else dict(COURIERS)


def shop_ewaybill_couriers(state: State) -> tuple[str, ...]:
    listed = shop_couriers(state)
    chosen = state.config.get("ewaybill_couriers")
    ids = chosen if isinstance(chosen, list) else EWAYBILL_COURIERS
    return tuple(i for i in ids if i in listed)


def default_config() -> dict[str, Any]:
    return {
        # Modify rule set: "new" (max 3, split packages via change_infos) or "old" (max 1).
        "modify_rules": "new",
        # Event type pushed after a successful modification; None = no push (type is unverified).
        "modify_event_type": None,
        # 31042 when a list range holds more orders than this; None = never.
        "max_orders_per_range": None,
        "default_page_size": 10,
        # Pluggable tracking-number validator: one regex for all couriers, overridable per courier.
        "waybill_pattern": r"^[A-Za-z0-9]{6,40}$",
        "waybill_patterns": {},
        "waybill_rejects": [],
        # Sleep while holding a per-order lock in send/update (makes 100003 reachable by races).
        "order_lock_hold_ms": 0,
        "has_return_address": True,
        "token_prefix": "89",
        # The shop's courier list (deliverycompanylist): {delivery_id: delivery_name}; None = the
        # platform's table above. A shop lists what the platform lists for it; tests narrow it, or
        # list Yunda as "YD" (the request examples' code) instead of "YUNDA" (the table's).
        "couriers": None,
        # Those of them offering e-waybill (ewaybill_only=true); None = EWAYBILL_COURIERS.
        "ewaybill_couriers": None,
        # The key of order/search's id list: "order_id_list" (WxJava, the doc table) or "orders"
        # (the Go SDK's answer, the documentation's sample).
        "search_list_key": "order_id_list",
    }


def default_faults() -> dict[str, Any]:
    return {
        "latency_ms": 0,
        "latency_ms_by_path": {},
        "busy_next": 0,  # next N business calls answer -1
        "busy_rate": 0.0,  # probability of -1 per business call (seeded RNG)
        "http_5xx_next": 0,  # next N calls answer HTTP 502 with an HTML body
        "drop_next": 0,  # next N calls close the connection without an answer
        # next N calls are carried out, then the connection is closed without the answer (a ship that
        # happened although the caller saw a network error: the case retries must not double)
        "drop_after_next": 0,
        "paths": [],  # limit the *_next / busy_rate faults to these paths; empty = all API paths
    }


def default_limits() -> dict[str, Any]:
    # Per-path budgets. 10 000/min and 500 000/day are the stable_token numbers [S11] that [M]
    # also states as the shop-wide limit (unverified for order APIs).
    return {"per_minute": 10000, "per_day": 500000, "paths": {}}


def default_allowlist() -> dict[str, Any]:
    return {"enabled": False, "allowed": [], "mode": "errcode", "errcode": 61004}


def default_push() -> dict[str, Any]:
    return {
        "url": None,
        "token": None,
        "encoding_aes_key": None,
        "auto": True,  # a background thread delivers due pushes; false = only /_emulator/push/deliver
        "duplicate_probability": 0.0,
        "duplicate_next": 0,
        "timeout_s": 5.0,
    }


@dataclass
class Order:
    order_id: str
    status: int
    create_time: int
    update_time: int
    openid: str
    lines: list[dict[str, Any]]
    packages: list[dict[str, Any]] = field(default_factory=list)
    aftersales: list[dict[str, Any]] = field(default_factory=list)
    address: dict[str, Any] = field(default_factory=dict)
    pay_time: int | None = None
    ship_done_time: int | None = None
    deliver_method: int = 0
    order_price: int = 0
    freight: int = 0
    merchant_notes: str = ""
    customer_notes: str = ""
    address_under_review: dict[str, Any] | None = None
    address_apply_time: int | None = None
    dropship_locked: bool = False
    ewaybill: bool = False
    modify_count: int = 0
    confirm_receipt_time: int | None = None
    settle_time: int | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        # The order book indexes the create and update times (order_book.py): tell it of a change.
        if name in _INDEXED_TIMES:
            book = self.__dict__.get("_book")
            old = self.__dict__.get(name)
            object.__setattr__(self, name, value)
            if book is not None and old != value:
                book.moved(self, name, old, value)
            return
        object.__setattr__(self, name, value)


_INDEXED_TIMES = frozenset({"create_time", "update_time"})


@dataclass
class Token:
    token: str
    kind: str  # "token" (cgi-bin/token) or "stable" (cgi-bin/stable_token)
    appid: str
    issued_at: float
    expires_at: float
    # Set when superseded/revoked: valid until then, afterwards 40001.
    valid_until: float | None = None


class State:
    """All emulator data. Use ``with state.lock:`` around every read-modify-write."""

    def __init__(
        self, appid: str = DEFAULT_APPID, secret: str = DEFAULT_SECRET, seed: int | None = None
    ) -> None:
        self.lock = threading.RLock()
        self.appid = appid
        self.secret = secret
        self.seed = seed
        self.path: str | None = None
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.rng = random.Random(self.seed)
            self.clock_offset = 0.0
            self.config = default_config()
            self.faults = default_faults()
            self.limits = default_limits()
            self.allowlist = default_allowlist()
            self.push = default_push()
            self.username = DEFAULT_USERNAME
            self.orders: OrderBook[Order] = OrderBook()
            self.tokens: dict[str, Token] = {}
            self.current: dict[str, str | None] = {"token": None, "stable": None}
            self.force_log: list[float] = []  # times of effective force_refresh calls
            self.minute_counts: dict[str, list[int]] = {}  # path -> [minute index, count]
            self.day_counts: dict[str, list[int]] = {}  # path -> [day index, count]
            self.quota_clears: list[int] = [0, 0]  # [day index, clears]
            self.calls: list[dict[str, Any]] = []
            self.call_counts: dict[str, int] = {}
            self.held_locks: set[str] = set()
            self.outbox: list[dict[str, Any]] = []
            self.next_push_id = 1
            self.next_seq = 0

    # --- clock -------------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.clock_offset

    def now_s(self) -> int:
        return int(self.now())

    def minute_index(self) -> int:
        return int(self.now() // 60)

    def day_index(self) -> int:
        # Daily quotas reset at midnight Beijing time (UTC+8).
        return int((self.now() + 8 * 3600) // 86400)

    # --- ids ---------------------------------------------------------------------------------
    def new_order_id(self) -> str:
        # 19-digit ids well above 2**53 (9007199254740992), like "3720129913508728832".
        while True:
            candidate = str(3_700_000_000_000_000_000 + self.rng.getrandbits(56))
            if candidate not in self.orders:
                return candidate

    def new_numeric_id(self, digits: int) -> str:
        low = 10 ** (digits - 1)
        return str(self.rng.randrange(low, 10 * low))

    # --- persistence -------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "appid": self.appid,
            "secret": self.secret,
            "clock_offset": self.clock_offset,
            "config": self.config,
            "faults": self.faults,
            "limits": self.limits,
            "allowlist": self.allowlist,
            "push": self.push,
            "username": self.username,
            "orders": [dataclasses.asdict(o) for o in self.orders.values()],
            "tokens": [dataclasses.asdict(t) for t in self.tokens.values()],
            "current": self.current,
            "force_log": self.force_log,
            "minute_counts": self.minute_counts,
            "day_counts": self.day_counts,
            "quota_clears": self.quota_clears,
            "call_counts": self.call_counts,
            "outbox": self.outbox,
            "next_push_id": self.next_push_id,
        }

    def load_json(self, data: dict[str, Any]) -> None:
        with self.lock:
            self.reset()
            self.appid = data.get("appid", self.appid)
            self.secret = data.get("secret", self.secret)
            self.clock_offset = float(data.get("clock_offset", 0.0))
            self.config.update(data.get("config", {}))
            self.faults.update(data.get("faults", {}))
            self.limits.update(data.get("limits", {}))
            self.allowlist.update(data.get("allowlist", {}))
            self.push.update(data.get("push", {}))
            self.username = data.get("username", self.username)
            self.orders = OrderBook(Order(**o) for o in data.get("orders", []))
            self.tokens = {t["token"]: Token(**t) for t in data.get("tokens", [])}
            self.current.update(data.get("current", {}))
            self.force_log = list(data.get("force_log", []))
            self.minute_counts = dict(data.get("minute_counts", {}))
            self.day_counts = dict(data.get("day_counts", {}))
            self.quota_clears = list(data.get("quota_clears", [0, 0]))
            self.call_counts = dict(data.get("call_counts", {}))
            self.outbox = list(data.get("outbox", []))
            self.next_push_id = int(data.get("next_push_id", 1))

    def attach_file(self, path: str) -> None:
        """Load ``path`` if it exists; from now on ``save()`` writes there."""
        self.path = path
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                self.load_json(json.load(fh))

    def save(self) -> None:
        if not self.path:
            return
        with self.lock:
            data = json.dumps(self.to_json(), ensure_ascii=False, indent=1)
        tmp = f"{self.path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, self.path)
