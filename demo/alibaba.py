"""The demo's 1688 supplier: a merchant buying on 1688 (一件代发), linked by the 1688 order id.

Four shop orders are bought on 1688 (the 1688 emulator, emulators/alibaba_1688); after tick 1 the
operator types the 1688 order ids into 供应商单号 (scenario.after_tick writes every linked row), and
1688 moves on its own:

* ``1688_shipped``: the seller ships it whole (ZTO): the tick pushes it, the row is 已发货;
* ``1688_partial``: 2 bought, the seller ships 1 (YTO): the row shows the quantity short (不一致);
* ``1688_number_changed``: shipped (ZTO) and pushed at tick 2; after tick 2 the seller changes the
  number (LOGISTICS_MAIL_NO_CHANGE): the row turns 不一致 with both numbers, nothing overwritten;
* ``1688_cancelled``: the buyer cancels the 1688 order after tick 1: the row stays 待单号 and says
  the supplier cancelled (the operator must buy it again or cancel the shop order);
* ``1688_suggested``: bought on 1688 the day it was paid, with the buyer's name, mobile and quantity,
  but its 1688 order id is never typed in: the row (供应商 set, 供应商单号 empty) stays 待单号 and its
  说明 suggests the 1688 order (shared/reconcile/link_suggest.py); nothing is filled in or pushed.

The 1688 emulator's clock starts at a fixed moment; ``start`` moves it to the real now, so that a
purchase is made on the shop order's own (Beijing) day.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from emulators.alibaba_1688.server import Alibaba1688Server
from emulators.alibaba_1688.server import serve as serve_1688
from emulators.control import AlibabaControl
from shared.suppliers.alibaba_1688.config import BASE_VARIABLE, variable

if TYPE_CHECKING:
    from demo.scenario import PlannedOrder, Scenario
    from demo.stage import Stage

SUPPLIER_1688 = "义乌好物（1688）"
APP_KEY, APP_SECRET = "1234567", "emulator-secret"  # the emulator's default app
PROBLEMS = ("1688_shipped", "1688_partial", "1688_number_changed", "1688_cancelled", "1688_suggested")
EXPECTED: dict[str, tuple[str, ...]] = {
    "1688_shipped": ("shipped",),
    "1688_partial": ("mismatch",),
    "1688_number_changed": ("mismatch",),
    "1688_cancelled": ("awaiting_tracking",),
    "1688_suggested": ("awaiting_tracking",),
}
#: Paid just now (hours ago), so that the shop order and its purchase share a Beijing day.
_HOURS_AGO = {"1688_suggested": 0}
_QTY = {"1688_partial": 2}


def start() -> tuple[Alibaba1688Server, dict[str, str]]:
    """The 1688 emulator, and the deployment's settings for it: its base URL and the supplier's
    three variables (the refresh token from the buyer's one-time authorization)."""
    server = serve_1688(port=0)
    with AlibabaControl(server.url) as control:
        control.advance_clock(max(0.0, time.time() - control.clock()))  # 1688's day is the shop's day
        refresh = control.grant()["refresh_token"]
    env = {
        BASE_VARIABLE: server.url,
        variable(SUPPLIER_1688, "app_key_env"): APP_KEY,
        variable(SUPPLIER_1688, "secret_env"): APP_SECRET,
        variable(SUPPLIER_1688, "refresh_token_env"): refresh,
    }
    return server, env


def plan(rng: random.Random, first_index: int, buyer: Any) -> list[PlannedOrder]:
    """The five orders (created in the shop by ``seed``), after the planned ones."""
    from demo.scenario import PRODUCTS, PlannedOrder

    orders = []
    for offset, problem in enumerate(PROBLEMS):
        product = rng.randrange(len(PRODUCTS))
        title, sku = PRODUCTS[product]
        order = PlannedOrder(
            first_index + offset,
            SUPPLIER_1688,
            _HOURS_AGO.get(problem, 1),
            product,
            title,
            sku,
            _QTY.get(problem, 1),
            buyer(rng),
        )
        order.problem = problem
        orders.append(order)
    return orders


def seed(stage: Stage, scenario: Scenario) -> None:
    """Buy each 1688 order (paid, with the shop buyer's address): its id is the supplier order no.,
    except for ``1688_suggested``, whose 供应商单号 stays empty (the tick suggests it)."""
    control = stage.alibaba_control
    for order in scenario.orders:
        if order.supplier != SUPPLIER_1688:
            continue
        made = control.create_order(
            items=[{"name": order.title, "quantity": order.qty, "sku_id": 20001 + order.product}],
            receiver={"name": order.buyer["user_name"], "mobile": order.buyer["tel_number"]},
        )
        if order.problem != "1688_suggested":
            order.supplier_order_no = str(made["order_id"])


def after_tick(tick: int, stage: Stage, scenario: Scenario) -> list[str]:
    """1688's own moves: shipping and the buyer's cancel after tick 1, a changed number after tick 2."""
    control = stage.alibaba_control
    done: list[str] = []
    mine = {o.problem: o for o in scenario.orders if o.supplier == SUPPLIER_1688}
    if not mine:
        return done
    if tick == 1:
        rng = random.Random(1688 + scenario.shop)  # each shop's parcels their own numbers
        cases: tuple[tuple[str, str, Callable[[], str]], ...] = (
            ("1688_shipped", "ZTO", lambda: "73" + "".join(rng.choice("0123456789") for _ in range(12))),
            (
                "1688_number_changed",
                "ZTO",
                lambda: "75" + "".join(rng.choice("0123456789") for _ in range(12)),
            ),
            (
                "1688_partial",
                "圆通速递(YTO)",
                lambda: "YT" + "".join(rng.choice("0123456789") for _ in range(13)),
            ),
        )
        for problem, company, make in cases:
            order = mine[problem]
            items = None
            if problem == "1688_partial":
                sub = control.orders_by_id()[order.supplier_order_no]["items"][0]["sub_item_id"]
                items = [{"sub_item_id": sub, "quantity": 1}]
            order.number = make()
            control.ship(order.supplier_order_no, bill_no=order.number, company=company, items=items)
        cancelled = mine["1688_cancelled"]
        control.act(cancelled.supplier_order_no, "close", by="buyer")
        done.append(
            f"1688 卖家发出 3 个订单（其中 {mine['1688_partial'].supplier_order_no} 只发了 1/2 件），"
            f"买家在 1688 取消了订单 {cancelled.supplier_order_no}"
        )
    if tick == 2:
        order = mine["1688_number_changed"]
        order.corrected_number = "SF" + order.number[-13:]
        control.act(order.supplier_order_no, "change_number", bill_no=order.corrected_number, company="SF")
        done.append(f"1688 卖家把订单 {order.supplier_order_no} 的单号改为 {order.corrected_number}（顺丰）")
    return done
