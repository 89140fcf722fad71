"""The seeded shop: about 200 paid orders over three suppliers, with the trouble a real day brings.

Suppliers:
* 优品工厂 has an order API (the supplier_api emulator, pulled by HttpApiSource every tick);
* 鑫达供应链 sends tracking numbers in WeChat chat: the operator pastes them into 回传;
* 宏业仓 phones them in: the operator types them into the 订单 tab.
A few orders are not yet placed at any supplier.

Trouble, one order each (``PROBLEMS``), and the state its row must end in (``EXPECTED``). Everything
comes from ``random.Random(seed)``: the same seed gives the same shop, numbers and actions.

Timeline (the orders' rows appear in the sheet at the first tick, so the operator acts after it):
* seeding: shop orders (paid up to 50 hours ago), the supplier's orders, the 供应商 tab, auto-push 开;
* after tick 1: the operator enters suppliers and supplier order numbers, types the numbers phoned
  in, pastes the first chat message; the shop cancels an order the supplier already has;
* after tick 2: a second chat message; the operator corrects a number that was already pushed
  (the sheet's Apps Script trigger fires, so the correction goes out at once);
* after tick 3 (``CLOCK_JUMP_AFTER_TICK``): every clock moves 81 h (demo/logistics.py), so the
  logistics watch raises the five parcels seeded at the Kuaidi100 emulator (demo/parcels.py:
  no pickup, stalled, returned, rejected, wrong courier), whose numbers 宏业仓 phoned in after tick 1.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from demo import alibaba, logistics
from demo.operator import SheetOperator
from demo.parcels import KINDS, seed_tracking
from demo.stage import Stage

SUPPLIER_API = "优品工厂"
SUPPLIER_CHAT = "鑫达供应链"
SUPPLIER_TYPED = "宏业仓"

PROBLEMS = (
    "late_supplier",
    "wrong_number",
    "courier_mismatch",
    "duplicate",
    "cancelled_after_supplier_order",
    "partial_shipment",
    "correction",
    *KINDS,  # no_pickup, stalled, returned, rejected, wrong_courier: parcels the logistics watch flags
    *alibaba.PROBLEMS,  # the 1688 supplier's: shipped, partial, number changed, cancelled on 1688
)
EXPECTED: dict[str, tuple[str, ...]] = {
    "late_supplier": ("awaiting_tracking",),
    "wrong_number": ("invalid",),
    "courier_mismatch": ("invalid",),
    "duplicate": ("number_reused",),  # held for a person: one of the two buyers would get the wrong parcel
    "cancelled_after_supplier_order": ("cancelled",),
    "partial_shipment": ("mismatch",),
    "correction": ("corrected",),
    **{kind: ("logistics_exception",) for kind in KINDS},
    **alibaba.EXPECTED,
}
CLOCK_JUMP_AFTER_TICK = 3  # the parcels are pushed at tick 2 and first queried by tick 3
TICKS_NEEDED = 4  # every seeded problem is in its state from tick 4 on

PRODUCTS = (
    ("加厚保温杯 500ml", "CUP-500"),
    ("纯棉短袖T恤 白色 L", "TEE-W-L"),
    ("儿童防水雨靴 28码", "BOOT-28"),
    ("不锈钢厨房剪刀", "SCISSOR"),
    ("硅胶折叠收纳桶", "BUCKET"),
    ("蓝牙运动耳机", "EARBUD"),
    ("手机支架 桌面款", "STAND"),
    ("竹纤维毛巾 三条装", "TOWEL-3"),
    ("LED护眼台灯", "LAMP"),
    ("宠物自动饮水机", "PETWATER"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = (*"伟芳娜敏静磊洋艳勇军杰娟涛明超", "秀英", "志强")
PLACES = (
    ("广东省", "深圳市", "南山区", "科技园路"),
    ("浙江省", "杭州市", "西湖区", "文三路"),
    ("江苏省", "南京市", "鼓楼区", "中山北路"),
    ("上海市", "上海市", "浦东新区", "张杨路"),
    ("四川省", "成都市", "武侯区", "人民南路"),
    ("湖北省", "武汉市", "洪山区", "珞喻路"),
    ("山东省", "青岛市", "市南区", "香港中路"),
    ("北京市", "北京市", "朝阳区", "建国路"),
)
# (courier as the operator or the supplier writes it, number maker)
COURIERS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("中通快递", lambda r: "7" + r.choice("3568") + _digits(r, 12)),
    ("韵达速递", lambda r: r.choice("34") + _digits(r, 14)),
    ("圆通速递", lambda r: "YT" + _digits(r, 13)),
    ("申通快递", lambda r: "77" + _digits(r, 13)),
    ("顺丰速运", lambda r: "SF" + _digits(r, 13)),
)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


@dataclass
class PlannedOrder:
    index: int
    supplier: str  # "" = not yet ordered at any supplier
    hours_ago: int  # paid this long ago
    product: int  # index in PRODUCTS
    title: str
    sku: str
    qty: int
    buyer: dict[str, str]
    problem: str | None = None
    supplier_order_no: str = ""
    # 优品工厂 (API): what its order system will say
    outcome: str = "shipped"
    lag_hours: float = 0.0
    shipped_qty: int | None = None
    reuse_of: int | None = None  # ship under that order's number
    cancel: bool = False  # the buyer cancels after tick 1
    # 鑫达 (chat) and 宏业仓 (typed): the number, and after which tick it arrives (None: not yet)
    courier: str = ""
    number: str = ""
    arrives_after: int | None = None
    corrected_number: str = ""
    order_id: str = ""


@dataclass
class Scenario:
    orders: list[PlannedOrder]
    chat_lines: dict[int, list[str]] = field(default_factory=dict)  # tick -> pasted lines
    shop: int = 0  # the demo's shop-th shop (DEMO_SHOPS): its suppliers' numbers are its own

    def by_problem(self) -> dict[str, PlannedOrder]:
        return {o.problem: o for o in self.orders if o.problem}

    def tracked_numbers(self) -> set[str]:
        """The numbers of the parcels seeded at Kuaidi100 (demo/parcels.py)."""
        tracked = self.by_problem()
        return {tracked[kind].number for kind in KINDS}

    @property
    def seeded(self) -> dict[str, str]:
        """problem -> shop order id."""
        return {problem: o.order_id for problem, o in self.by_problem().items()}


def _buyer(rng: random.Random) -> dict[str, str]:
    province, city, county, street = rng.choice(PLACES)
    return {
        "user_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "tel_number": "1" + rng.choice("3589") + _digits(rng, 9),
        "province_name": province,
        "city_name": city,
        "county_name": county,
        "detail_info": f"{street}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋{rng.randint(101, 2808)}",
    }


def plan(seed: int = 7, count: int = 200, shop: int = 0) -> Scenario:
    """The whole day, decided up front from ``seed``. ``shop``: the demo's ``shop``-th shop
    (DEMO_SHOPS), whose chat and typed suppliers number its orders from ``shop`` * 1000 on (a shared
    supplier numbers every shop's orders apart); give each shop its own seed too."""
    rng = random.Random(seed)
    groups = [SUPPLIER_API] * (count // 2) + [SUPPLIER_CHAT] * (count // 4) + [SUPPLIER_TYPED] * (count // 5)
    groups += [""] * (count - len(groups))
    rng.shuffle(groups)
    orders: list[PlannedOrder] = []
    for index, supplier in enumerate(groups):
        product = rng.randrange(len(PRODUCTS))
        title, sku = PRODUCTS[product]
        qty = rng.choice((1, 1, 1, 1, 2, 3))
        order = PlannedOrder(index, supplier, rng.randint(0, 30), product, title, sku, qty, _buyer(rng))
        if supplier == SUPPLIER_API:
            roll = rng.random()
            order.outcome = "pending" if roll < 0.08 else "shipped"
            order.lag_hours = rng.uniform(2, 26)
        elif supplier:
            courier, make = rng.choice(COURIERS)
            order.courier, order.number = courier, make(rng)
            roll = rng.random()
            order.arrives_after = 1 if roll < 0.55 else 2 if roll < 0.8 else None
        orders.append(order)
    _seed_trouble(orders, rng)
    for serial, order in enumerate(orders, start=1):
        prefix = {SUPPLIER_CHAT: "XD1126", SUPPLIER_TYPED: "HY-2611"}.get(order.supplier, "")
        if prefix:
            order.supplier_order_no = f"{prefix}{shop * 1000 + serial:04d}"
    # The 1688 supplier's orders come after, from their own generator: the others stay as they were.
    orders += alibaba.plan(random.Random(seed + 1688), len(orders), _buyer)
    scenario = Scenario(orders, shop=shop)
    for tick in (1, 2):
        lines = [
            f"{o.supplier_order_no} {o.courier} {o.number}"
            for o in orders
            if o.supplier == SUPPLIER_CHAT and o.arrives_after == tick
        ]
        scenario.chat_lines[tick] = lines
    return scenario


def _seed_trouble(orders: list[PlannedOrder], rng: random.Random) -> None:
    api = [o for o in orders if o.supplier == SUPPLIER_API and o.outcome == "shipped"]
    typed = [o for o in orders if o.supplier == SUPPLIER_TYPED]
    late, overdue, partial, source, duplicate, cancelled, red_cancel, no_stock = api[:8]
    late.problem, late.hours_ago, late.outcome = "late_supplier", 40, "pending"  # 8 h to the deadline
    overdue.hours_ago, overdue.outcome = 50, "pending"  # 2 h past the deadline
    partial.problem, partial.qty, partial.shipped_qty, partial.lag_hours = "partial_shipment", 2, 1, 0.5
    source.lag_hours = 0.5
    duplicate.problem, duplicate.reuse_of, duplicate.lag_hours = "duplicate", source.index, 0.5
    while duplicate.buyer["user_name"] == source.buyer["user_name"]:
        duplicate.buyer = _buyer(rng)
    cancelled.problem, cancelled.outcome, cancelled.cancel = "cancelled_after_supplier_order", "pending", True
    red_cancel.cancel, red_cancel.lag_hours = True, 0.5  # cancelled although the supplier shipped
    no_stock.outcome = "out_of_stock"
    wrong, mismatch, correction = typed[:3]
    wrong.problem, wrong.courier = "wrong_number", "中通快递"
    wrong.number = "7" + rng.choice("3568") + _digits(rng, 11)  # a digit short, as typed in a hurry
    mismatch.problem, mismatch.courier = "courier_mismatch", "中通快递"
    mismatch.number = "SF" + _digits(rng, 13)  # an SF number under the wrong courier
    correction.problem, correction.courier = "correction", "圆通速递"
    correction.number, correction.corrected_number = "YT" + _digits(rng, 13), "YT" + _digits(rng, 13)
    for order in (wrong, mismatch, correction):
        order.arrives_after = 1
    # The logistics kinds: numbers and couriers come from the Kuaidi100 emulator's seeding (``seed``).
    for order, kind in zip(typed[3 : 3 + len(KINDS)], KINDS, strict=True):
        order.problem, order.arrives_after = kind, 1


# --- acting it out ---------------------------------------------------------------------------------


def seed(stage: Stage, scenario: Scenario, operator: SheetOperator, shop: int = 0) -> None:
    """Create the shop's orders (at their pay times), the supplier's orders, the Kuaidi100 parcels
    (the ``shop``-th shop's own numbers: demo/parcels.py), and set up the sheet."""
    parcels = seed_tracking(stage.kuaidi100_url, start=stage.clock.now(), http=stage.http, shop=shop)
    for order in scenario.orders:
        if order.problem in parcels:
            parcel = parcels[order.problem]
            order.courier, order.number = parcel.courier_name, parcel.number
    offset = 0.0
    for hours in sorted({o.hours_ago for o in scenario.orders}, reverse=True):
        target = -hours * 3600.0
        stage.shop_control.advance_clock(target - offset)
        offset = target
        for order in (o for o in scenario.orders if o.hours_ago == hours):
            body = {
                "products": [
                    {"product_id": str(10001 + order.product), "sku_id": str(20001 + order.product)}
                    | {"sku_cnt": order.qty, "title": order.title, "sku_code": order.sku, "sale_price": 2990}
                ],
                "address": order.buyer,
                "status": 20,
            }
            order.order_id = stage.shop_control.create_order(**body)
    stage.shop_control.advance_clock(-offset)
    _seed_supplier(stage, scenario)
    alibaba.seed(stage, scenario)
    operator.write(
        "供应商",
        [
            (2, "供应商", SUPPLIER_API),
            (2, "对接方式", "API"),
            (2, "联系人", "刘经理"),
            (3, "供应商", SUPPLIER_CHAT),
            (3, "对接方式", "微信/手动"),
            (3, "联系人", "小陈（微信）"),
            (4, "供应商", SUPPLIER_TYPED),
            (4, "对接方式", "微信/手动"),
            (4, "联系人", "周师傅（电话）"),
            (5, "供应商", alibaba.SUPPLIER_1688),
            (5, "对接方式", "1688"),
            (5, "联系人", "1688 买家账号"),
        ],
    )
    operator.write_by_key("设置", "键", {"auto_push": {"值": "开"}})


def _seed_supplier(stage: Stage, scenario: Scenario) -> None:
    """优品工厂's order system: each order placed 10 minutes after the buyer paid."""
    now = float(int(time.time()))
    stage.supplier_control.set_clock(now)
    api = [o for o in scenario.orders if o.supplier == SUPPLIER_API]
    specs: list[dict[str, Any]] = []
    for order in api:
        spec: dict[str, Any] = {
            "shop_order_id": order.order_id,
            "outcome": order.outcome,
            "created_at": now - order.hours_ago * 3600 + 600,
            "lag": order.lag_hours * 3600,
            "courier": "中通速递",
            "items": [{"sku": order.sku, "title": order.title, "qty": order.shipped_qty or order.qty}],
        }
        specs.append(spec)
    # Orders that reuse a number go after the one they copy (the emulator looks it up by order no.).
    first = [s for s, o in zip(specs, api, strict=True) if o.reuse_of is None]
    created = stage.supplier_control.seed(*first)
    names = dict(zip((o.index for o in api if o.reuse_of is None), created, strict=True))
    for spec, order in zip(specs, api, strict=True):
        if order.reuse_of is not None:
            spec["reuse_tracking_of"] = names[order.reuse_of]
            names[order.index] = stage.supplier_control.seed(spec)[0]
    for order in api:
        order.supplier_order_no = names[order.index]


def after_tick(
    tick: int, stage: Stage, scenario: Scenario, operator: SheetOperator, *, jump: bool = True
) -> list[str]:
    """The operator's (and the world's) moves after ``tick``; returns one line per move, for the log.
    ``jump=False``: leave the clock jump after ``CLOCK_JUMP_AFTER_TICK`` to the caller (several shops
    share the clocks: demo/logistics.py ``jump_shops``)."""
    done: list[str] = []
    if tick == 1:
        cells: dict[str, dict[str, str]] = {}
        for order in scenario.orders:
            if not order.supplier:
                continue
            values = {"供应商": order.supplier, "供应商单号": order.supplier_order_no}
            if order.supplier == SUPPLIER_TYPED and order.arrives_after == 1:
                values |= {"快递公司": order.courier, "快递单号": order.number}
            cells[order.order_id] = values
        operator.write_by_key("订单", "订单号", cells)
        typed = sum(1 for o in scenario.orders if o.supplier == SUPPLIER_TYPED and o.arrives_after == 1)
        done.append(f"运营填写了 {len(cells)} 行的供应商和供应商单号，录入 {typed} 个电话报来的单号")
        for order in scenario.orders:
            if order.cancel:
                stage.shop_control.cancel(order.order_id, cancel_type=1)
                done.append(f"买家取消了订单 {order.order_id}（供应商单号 {order.supplier_order_no}）")
    if scenario.chat_lines.get(tick):
        greeting = "亲，今天发出的单号如下：" if tick == 1 else "补发几个单号："
        text = "\n".join([greeting, *scenario.chat_lines[tick], "有问题随时联系~"])
        operator.paste_inbox(SUPPLIER_CHAT, text)
        count = len(scenario.chat_lines[tick])
        done.append(f"运营把 {SUPPLIER_CHAT} 的微信消息粘贴到「回传」（{count} 个单号）")
    done.extend(alibaba.after_tick(tick, stage, scenario))
    if tick == CLOCK_JUMP_AFTER_TICK and jump:
        done.extend(logistics.jump(stage, operator, scenario.tracked_numbers()))
    if tick == 2:
        order = scenario.by_problem()["correction"]
        table = operator.table("订单")
        row = table.row_numbers("订单号")[order.order_id]
        operator.write("订单", [(row, "快递单号", order.corrected_number)], table)
        answer = operator.fire_edit(
            stage.functions_url,
            stage.edit_secret,
            "订单",
            row,
            table.column("快递单号") + 1,
            order.corrected_number,
            order.number,
        )
        # sheet_edit answers at once; the private refresh function does the work (handed on via Pub/Sub).
        handled = bool(answer.get("announced")) and stage.settle(60)
        done.append(
            f"运营把订单 {order.order_id} 的单号改为 {order.corrected_number}（表格触发器已调用，"
            f"{'后台已处理这次修改' if handled else '等待下一次同步处理'}）"
        )
    return done
