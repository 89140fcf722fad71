"""The emulated supplier's world: orders, an emulator clock, scenario knobs and a call log.

Everything here is guarded by one lock: the HTTP server is threaded. Time is the emulator's own
clock (epoch seconds), moved only by the control API, so that shipping lag is deterministic.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

BEIJING = timezone(timedelta(hours=8))
DEFAULT_CLOCK = 1_795_000_000.0  # 2026-11-18 11:06:40 UTC: a fixed start keeps runs reproducible
DEFAULT_TOKEN = "test-token"
DEFAULT_APPS = {"demo-app": "demo-secret"}
OUTCOMES = ("shipped", "out_of_stock", "cancelled", "pending")

# The supplier's own status words (what its API says), by the outcome the control API seeds.
STATUS_WORDS = {
    "waiting": "WAIT_SEND",
    "shipped": "SENT",
    "out_of_stock": "LACK_STOCK",
    "cancelled": "CLOSED",
}


class ControlError(ValueError):
    """A control-API request the emulator cannot apply (answered with HTTP 400)."""


@dataclass
class Scenario:
    """The knobs that make the supplier misbehave. See README.md for each one."""

    fail_next: int = 0
    fail_status: int = 503
    failure_rate: float = 0.0
    retry_after: float | None = None
    latency_ms: int = 0
    auth_fail: int | None = None
    garbage_next: int = 0
    huge_next: int = 0
    huge_bytes: int = 16 * 1024 * 1024
    drip_next: int = 0
    drip_ms: int = 50
    default_lag: float = 0.0
    default_courier: str = "中通速递"
    sign_window: float = 300.0
    max_page_size: int = 100


@dataclass
class Order:
    order_no: str
    shop_order_id: str | None
    created_at: float
    lag: float
    outcome: str
    courier: str
    tracking: list[str]
    items: list[dict[str, Any]]
    per_package_couriers: list[str] | None = None

    def ready_at(self) -> float:
        return self.created_at + self.lag


@dataclass
class World:
    """All state of one emulated supplier."""

    clock: float = DEFAULT_CLOCK
    tokens: set[str] = field(default_factory=lambda: {DEFAULT_TOKEN})
    apps: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_APPS))
    scenario: Scenario = field(default_factory=Scenario)
    orders: dict[str, Order] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    serial: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)

    def reset(self, body: dict[str, Any]) -> None:
        with self.lock:
            self.clock = float(body.get("clock", DEFAULT_CLOCK))
            self.tokens = set(body.get("tokens", [DEFAULT_TOKEN]))
            self.apps = dict(body.get("apps", DEFAULT_APPS))
            self.scenario = Scenario()
            self.orders.clear()
            self.calls.clear()
            self.rng = random.Random(int(body.get("seed", 7)))
            self.serial = 0

    def set_scenario(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            known = set(Scenario.__dataclass_fields__)
            unknown = set(body) - known
            if unknown:
                raise ControlError(f"unknown scenario knobs: {sorted(unknown)}; known: {sorted(known)}")
            for key, value in body.items():
                setattr(self.scenario, key, value)
            return dict(self.scenario.__dict__)

    def move_clock(self, body: dict[str, Any]) -> float:
        with self.lock:
            if "set" in body:
                self.clock = float(body["set"])
            self.clock += float(body.get("advance", 0))
            return self.clock

    # -- seeding -------------------------------------------------------------------------------

    def seed(self, specs: list[dict[str, Any]]) -> list[str]:
        """Add orders from control-API specs; numbers are generated unless given."""
        with self.lock:
            before = dict(self.orders)
            names: list[str] = []
            try:
                for spec in specs:
                    order = self._order_from_spec(spec)
                    self.orders[order.order_no] = order
                    names.append(order.order_no)
            except (ControlError, ValueError, TypeError):
                self.orders = before  # all or nothing
                raise
            return names

    def _order_from_spec(self, spec: dict[str, Any]) -> Order:
        order_no = str(spec.get("order_no") or self._next_order_no())
        outcome = spec.get("outcome", "shipped")
        if outcome not in OUTCOMES:
            raise ControlError(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
        tracking = [str(n) for n in spec.get("tracking", [])]
        if not tracking and outcome == "shipped":
            tracking = [self._tracking_number() for _ in range(int(spec.get("packages", 1)))]
        if spec.get("malformed"):
            tracking = [_mangle(n) for n in tracking]
        reuse = spec.get("reuse_tracking_of")
        if reuse is not None:
            other = self.orders.get(str(reuse))
            if other is None or not other.tracking:
                raise ControlError(f"reuse_tracking_of: no order {reuse!r} with a tracking number")
            tracking = [other.tracking[0]]
        couriers = spec.get("package_couriers")
        return Order(
            order_no=order_no,
            shop_order_id=spec.get("shop_order_id"),
            created_at=float(spec.get("created_at", self.clock)),
            lag=float(spec.get("lag", self.scenario.default_lag)),
            outcome=outcome,
            courier=str(spec.get("courier", self.scenario.default_courier)),
            tracking=tracking,
            items=list(spec.get("items", [{"sku": "SKU-1", "title": "商品", "qty": 1}])),
            per_package_couriers=[str(c) for c in couriers] if couriers else None,
        )

    def generate(self, body: dict[str, Any]) -> list[str]:
        """Seed ``count`` orders with random trouble at the given rates (seeded, reproducible)."""
        with self.lock:
            rng = random.Random(int(body.get("seed", 1)))
            lag_min, lag_max = body.get("lag", [0, 0])
            specs: list[dict[str, Any]] = []
            for index in range(int(body.get("count", 10))):
                roll = rng.random()
                outcome = "shipped"
                if roll < float(body.get("out_of_stock_rate", 0)):
                    outcome = "out_of_stock"
                elif roll < float(body.get("out_of_stock_rate", 0)) + float(body.get("cancelled_rate", 0)):
                    outcome = "cancelled"
                spec: dict[str, Any] = {
                    "shop_order_id": f"{body.get('shop_prefix', '3700')}{index + 1:08d}",
                    "outcome": outcome,
                    "lag": rng.uniform(float(lag_min), float(lag_max)),
                    "packages": 2 if rng.random() < float(body.get("split_rate", 0)) else 1,
                    "malformed": rng.random() < float(body.get("malformed_rate", 0)),
                }
                shipped_before = [s for s in specs if s["outcome"] == "shipped" and not s["malformed"]]
                reuse = rng.random() < float(body.get("reuse_rate", 0))
                if outcome == "shipped" and shipped_before and reuse:
                    spec["reuse_of_index"] = specs.index(rng.choice(shipped_before))
                specs.append(spec)
            names: list[str] = []
            for spec in specs:
                reuse_index = spec.pop("reuse_of_index", None)
                if reuse_index is not None:
                    spec["reuse_tracking_of"] = names[reuse_index]
                names.extend(self.seed([spec]))
            return names

    def _next_order_no(self) -> str:
        self.serial += 1
        day = datetime.fromtimestamp(self.clock, BEIJING).strftime("%Y%m%d")
        return f"GY{day}{self.serial:05d}"

    def _tracking_number(self) -> str:
        # ZTO's current shape: 73/75/76/78 + 12 digits.
        return "7" + self.rng.choice("3568") + "".join(self.rng.choice("0123456789") for _ in range(12))

    # -- the supplier's view ---------------------------------------------------------------------

    def listing(
        self, since: float | None, page: int, page_size: int, after: tuple[int, str] | None = None
    ) -> tuple[int, list[dict[str, Any]], bool]:
        """Orders changed at or after ``since`` (epoch s), oldest change first: one page of them,
        by page number, or (keyset paging) the ones after the ``(updateTime, orderNo)`` of a cursor.
        Returns the total, the page and whether more follow.
        """
        with self.lock:
            views = [render(order, self.clock) for order in self.orders.values()]
        if since is not None:
            views = [v for v in views if v["updateTime"] >= since * 1000]
        views.sort(key=lambda v: (v["updateTime"], v["orderNo"]))
        total = len(views)
        if after is not None:
            views = [v for v in views if (v["updateTime"], v["orderNo"]) > after]
            start = 0
        else:
            start = (page - 1) * page_size
        return total, views[start : start + page_size], start + page_size < len(views)


def render(order: Order, now: float) -> dict[str, Any]:
    """The order as the supplier's API shows it at emulator time ``now`` (vendor field names)."""
    done = now >= order.ready_at()
    state = order.outcome if done and order.outcome != "pending" else "waiting"
    changed = order.ready_at() if state != "waiting" else order.created_at
    shipped = state == "shipped"
    couriers = order.per_package_couriers or [order.courier] * len(order.tracking)
    return {
        "orderNo": order.order_no,
        "outOrderNo": order.shop_order_id,
        "orderStatus": STATUS_WORDS[state],
        "createTime": beijing_text(order.created_at),
        "updateTime": int(changed * 1000),
        "goods": [
            {"skuCode": item.get("sku"), "goodsName": item.get("title"), "num": item.get("qty", 1)}
            for item in order.items
        ],
        "expressCompany": order.courier if shipped else None,
        "expressNo": ",".join(order.tracking) if shipped else "",
        "deliverTime": beijing_text(order.ready_at()) if shipped else None,
        "packages": [
            {"expressCompany": courier, "expressNo": number, "deliverTime": int(order.ready_at() * 1000)}
            for courier, number in zip(couriers, order.tracking, strict=False)
        ]
        if shipped
        else [],
    }


def beijing_text(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _mangle(number: str) -> str:
    # The commonest supplier typo: a digit left off the end (漏抄一位).
    return number[:-1]
