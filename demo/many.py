"""``DEMO_SHOPS=N make demo``: the demo of several shops on one deployment (店群, docs/shops.md).

Every shop is seeded with the same kinds of trouble (demo/scenario.py), each from its own seed, with
its own orders, buyers, supplier order numbers and Kuaidi100 parcels; the suppliers are shared (优品工厂's
API, 鑫达供应链, 宏业仓 and the 1688 account serve every shop's orders). Each tick is Cloud
Scheduler's: one message on the scheduler's topic, which ``dispatch`` fans out through the Pub/Sub
emulator to one ``sync`` per shop (functions-framework, demo/local_functions.py); the demo waits until
every message is handled. The operators act after each tick in their own workspaces; the clocks jump
once for every shop after tick 3 (demo/logistics.py ``jump_shops``).

The headless JSON keeps the one-shop fields for the first shop and adds ``shops``: key ->
``{"states", "seeded", ...}`` for every shop (``shop_block``).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

from demo import logistics, summary
from demo import scenario as sc
from demo.operator import SheetOperator
from demo.run import SUPPLIER_HOURS_PER_TICK, Run
from demo.shops import DemoShop
from demo.stage import Stage
from shared.domain.text import Bilingual

TICK_SUBSCRIPTION = "waybill-tick-sync"
SEED_STEP = 1000  # the k-th shop's seed is the demo's seed + k * SEED_STEP (the first shop's is the seed)


@dataclass
class ShopsRun:
    stage: Stage
    shops: list[tuple[DemoShop, Run]]
    headless: bool
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def seed(stage: Stage, seed: int, headless: bool) -> ShopsRun:
        """Seed every shop (its orders on its own app, its workspace) and connect its message push."""
        shops: list[tuple[DemoShop, Run]] = []
        for shop in stage.shops:
            view = stage.for_shop(shop)
            operator = SheetOperator(view.http, view.sheets_url, view.spreadsheet_id)
            plan = sc.plan(seed + shop.index * SEED_STEP, shop=shop.index)
            sc.seed(view, plan, operator, shop=shop.index)
            shops.append((shop, Run(view, operator, plan, headless)))
            done = Bilingual(f"已造好 {len(plan.orders)} 个订单", f"{len(plan.orders)} orders seeded")
            print(f"[{shop.key}] {done.joined()}（AppID {shop.appid}）", flush=True)
        for _, run in shops:
            run.stage.connect_shop_push()
        return ShopsRun(stage, shops, headless)

    def tick(self, number: int) -> list[str]:
        """One scheduled tick for every shop (dispatch → Pub/Sub → sync per shop); one line per shop."""
        if number > 1:
            self.stage.supplier_control.advance_clock(SUPPLIER_HOURS_PER_TICK * 3600)
        seen = {shop.key: run.last_shop_call() for shop, run in self.shops}
        before, failed = self.stage.sheets_calls(), _failed_ticks(self.stage)
        self.stage.schedule()
        if not self.stage.settle(300):
            self.errors.append(f"tick {number}: the shops' ticks did not finish within 300 s")
        if _failed_ticks(self.stage) > failed:
            retried = _failed_ticks(self.stage) - failed
            self.errors.append(f"tick {number}: {retried} shop tick(s) failed and were retried by Pub/Sub")
        paths = _new_request_paths(self.stage, before)
        clock = self.stage.clock.now().astimezone().strftime("%H:%M:%S")
        lines = []
        for shop, run in self.shops:
            run.sheets_calls.append(sum(1 for p in paths if f"/{shop.spreadsheet_id}" in p))
            run.pushes.append(run.applied_pushes(after=seen[shop.key]))
            tally = summary.counts(summary.row_states(run.operator.table("订单")))
            line = summary.line(number, clock, tally, run.pushes[-1], run.sheets_calls[-1], not self.headless)
            lines.append(f"[{shop.key}] {line}")
        return lines

    def after_tick(self, number: int) -> list[str]:
        """Every shop's operator and suppliers act; after ``CLOCK_JUMP_AFTER_TICK`` the clocks jump
        once for all shops."""
        done: list[str] = []
        for shop, run in self.shops:
            moves = sc.after_tick(number, run.stage, run.scenario, run.operator, jump=False)
            done.extend(f"[{shop.key}] {move}" for move in moves)
        if number == sc.CLOCK_JUMP_AFTER_TICK:
            every = [(run.operator, run.scenario.tracked_numbers()) for _, run in self.shops]
            done.extend(logistics.jump_shops(self.stage, every))
        return done

    def deliver_events(self) -> None:
        if self.headless:
            for _, run in self.shops:
                run.stage.shop_control.deliver_push()
            if not self.stage.settle(300):
                self.errors.append("the shop events were not handled within 300 s")

    def result(self) -> dict[str, Any]:
        """The first shop's summary (the one-shop fields) with every error, and ``shops``."""
        ids = {shop.key: {o["order_id"] for o in run.stage.shop_control.orders()} for shop, run in self.shops}
        first = self.shops[0][1].result()
        first["errors"] = [*self.errors, *(e for _, run in self.shops for e in run.errors)]
        first["shops"] = {shop.key: shop_block(shop, run, ids) for shop, run in self.shops}
        # What carried the ticks: the scheduler's messages to dispatch, one per shop to sync.
        first["pubsub_deliveries"] = self.stage.deliveries()
        first["overview"] = overview_rows(self.stage)
        return first


def overview_rows(stage: Stage) -> list[dict[str, str]]:
    """The 总览 tab as the functions left it: one {header: cell} per shop ([] without an overview)."""
    if not stage.overview_id:
        return []
    operator = SheetOperator(stage.http, stage.sheets_url, stage.overview_id)
    if "总览" not in operator.tab_titles():
        return []
    table = operator.table("总览")  # row 1 says when it was refreshed; row 2 is the header
    header, *rows = table.rows
    return [dict(zip(header, row, strict=False)) for row in rows]


def _failed_ticks(stage: Stage) -> int:
    """Pushes of tick messages ``sync`` failed so far (each retried by Pub/Sub)."""
    return stage.deliveries().get(TICK_SUBSCRIPTION, {}).get("failed", 0)


def shop_block(shop: DemoShop, run: Run, orders_by_shop: dict[str, set[str]]) -> dict[str, Any]:
    """One shop's part of the summary: ``states`` and ``seeded`` (problem -> state) as the one-shop
    summary has them, its rows, seeded orders, calls and pushes per tick, and ``other_shops_rows``:
    rows of its workspace whose order is another shop's (0 unless orders leak between shops)."""
    states = summary.row_states(run.operator.table("订单"))
    others = set().union(*(ids for key, ids in orders_by_shop.items() if key != shop.key))
    return {
        "states": summary.counts(states),
        "seeded": {
            problem: states.get(order_id, "missing") for problem, order_id in run.scenario.seeded.items()
        },
        "rows": len(states),
        "other_shops_rows": sum(1 for order_id in states if order_id in others),
        "seeded_orders": run.scenario.seeded,
        "sheets_calls_per_tick": run.sheets_calls,
        "pushes_per_tick": run.pushes,
        "appid": shop.appid,
        "web_url": run.stage.web_url,
    }


def _new_request_paths(stage: Stage, before: int) -> list[str]:
    """The paths of the Sheets API calls served since the emulator's count was ``before``."""
    log = stage.sheets_control.log()
    new = int(log["total"]) - before
    return [str(r["path"]) for r in log["requests"][-new:]] if new > 0 else []


def addresses(run: ShopsRun) -> list[str]:
    """What the demo prints before its first tick: each shop's workspace and shop, the functions."""
    stage = run.stage
    lines = []
    for shop, one in run.shops:
        lines.append(f"[{shop.key}] 表格 / the sheet: {one.stage.web_url}")
        orders = f"{stage.shop_url}/_emulator/orders/<订单号 order id>?app={shop.appid}"
        lines.append(f"[{shop.key}] 小店 / WeChat Shop: {stage.shop_url} (AppID {shop.appid})")
        lines.append(f"[{shop.key}]     推送到小店的单号 / what was pushed for an order: {orders}")
    if stage.overview_url:
        lines.append(f"总览 / the overview (a row per shop, rewritten after each tick): {stage.overview_url}")
    lines.append(
        f"函数 / functions:   {stage.functions_url}/{{dispatch,sync,sheet_edit,shop_events,refresh}}; "
        "每次同步 = 定时器 → dispatch → Pub/Sub → 每个店铺一个 sync / each tick: scheduler → dispatch → "
        "Pub/Sub → one sync per shop"
    )
    return lines


def play(run: ShopsRun, ticks: int | None, interval: float) -> None:
    """The timer: ``ticks`` ticks back to back (headless), or one every ``interval`` s until Ctrl-C."""
    number = 0
    try:
        while ticks is None or number < ticks:
            number += 1
            for line in run.tick(number):
                print(line, flush=True)
            for move in run.after_tick(number):
                print(f"    · {move}", flush=True)
            run.deliver_events()
            if ticks is None:
                time.sleep(interval)
    except KeyboardInterrupt:
        print("\n正在停止 / stopping…", flush=True)


def announce(run: ShopsRun, interval: float) -> None:
    for line in addresses(run):
        print(line, flush=True)
    orders = sum(len(one.scenario.orders) for _, one in run.shops)
    print(
        Bilingual(
            f"{len(run.shops)} 个店铺共 {orders} 个订单；同步每 {interval:g} 秒一次。Ctrl-C 停止。",
            f"{len(run.shops)} shops, {orders} orders; a tick every {interval:g} s. Ctrl-C stops.",
        ).joined(),
        file=sys.stdout,
        flush=True,
    )
