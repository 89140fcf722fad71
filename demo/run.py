"""``python -m demo`` (``make demo``): the whole product on this machine, no accounts.

Starts the WeChat Shop, Sheets (with its web view) and supplier-API emulators and the functions
(functions-framework), seeds a shop of about 200 orders with realistic trouble (demo/), then
runs the timer: every few seconds one tick through the sheet's signed 立即同步 call (sheet_edit hands it
to the Pub/Sub ``sync`` function through the local Pub/Sub emulator; the demo waits for it and counts
the pushes the shop emulator applied). It prints the sheet's web view
URL, the shop emulator's address (``/_emulator/orders/<id>`` shows what was pushed for an order) and one
line per tick with the rows per state, until Ctrl-C.

``DEMO_TICKS=N`` (or ``--ticks N``): run N ticks back to back without waiting, headless, and print as
the LAST line one JSON object: ``{"states": {state: rows}, "seeded": {problem: state},
"sheets_calls_per_tick": [...], ...}``. Shop events are then delivered between ticks rather than in
the background, so every run is the same. Every seeded problem is in its state from tick 4 on
(after tick 3 the clocks jump 81 h for the logistics watch: demo/logistics.py).

``DEMO_SHOPS=N`` (1 to ``demo.shops.MAX_SHOPS``): N shops on one deployment, each tick fanned out by
``dispatch`` through Pub/Sub to one ``sync`` per shop (demo/many.py); the JSON gains ``shops``.

``--detector``: the old tracking-number detection table (demo/detector.py), no servers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from demo import scenario as sc
from demo import summary
from demo.operator import SheetOperator
from demo.shops import ENV as SHOPS_ENV
from demo.shops import BadShopCount, shop_count
from demo.stage import Stage, stage
from shared.cli import bilingual
from shared.domain.text import Bilingual

SUPPLIER_HOURS_PER_TICK = 2.0  # the supplier's day runs faster than the demo's: numbers keep coming


@dataclass
class Run:
    stage: Stage
    operator: SheetOperator
    scenario: sc.Scenario
    headless: bool
    sheets_calls: list[int] = field(default_factory=list)
    pushes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def sync(self) -> dict[str, Any]:
        """One tick, as the sheet's menu 立即同步 asks for it: sheet_edit answers at once (202) and
        hands the tick to the ``sync`` function (Pub/Sub), the run_tick the timer runs. Waited for,
        then counted: the pushes the shop applied meanwhile."""
        seen = self.last_shop_call()
        answer = self.operator.menu_sync(self.stage.functions_url, self.stage.edit_secret)
        if answer.status_code != 202 or not answer.json().get("announced"):
            self.errors.append(f"sync HTTP {answer.status_code}: {answer.text[:300]}")
            print(
                "    ! " + Bilingual("同步失败", f"the tick failed: HTTP {answer.status_code}").joined(),
                file=sys.stderr,
                flush=True,
            )
            return {}
        if not self.stage.settle(300):
            self.errors.append("the tick did not finish within 300 s")
            return {}
        return {"pushes_applied": self.applied_pushes(after=seen)}

    def _calls(self) -> list[dict[str, Any]]:
        log: list[dict[str, Any]] = self.stage.shop_control.calls(limit=100000)["log"]
        return log

    def last_shop_call(self) -> int:
        return max((int(c["seq"]) for c in self._calls()), default=0)

    def applied_pushes(self, after: int) -> int:
        # An applied delivery/send or deliveryinfo/update carries the order's waybills (emulator README).
        return sum(1 for c in self._calls() if int(c["seq"]) > after and "waybills" in c)

    def deliver_events(self) -> None:
        if self.headless:
            self.stage.shop_control.deliver_push()
            # shop_events hands each order to the refresh function: waited for, so a tick's count of
            # Sheets calls is the tick's alone.
            if not self.stage.settle(300):
                self.errors.append("the shop events were not handled within 300 s")

    def tick(self, number: int) -> str:
        if number > 1:
            self.stage.supplier_control.advance_clock(SUPPLIER_HOURS_PER_TICK * 3600)
        calls = self.stage.sheets_calls()
        report = self.sync()
        self.sheets_calls.append(self.stage.sheets_calls() - calls)
        self.pushes.append(int(report.get("pushes_applied", 0)))
        tally = summary.counts(summary.row_states(self.operator.table("订单")))
        clock = self.stage.clock.now().astimezone().strftime("%H:%M:%S")  # the demo's: it jumps
        # Live, the shop's events (one per push) are handled while the tick runs, and their calls land
        # in the same count; headless, nothing else runs, so the count is the tick's alone.
        return summary.line(number, clock, tally, self.pushes[-1], self.sheets_calls[-1], not self.headless)

    def result(self) -> dict[str, Any]:
        orders = self.operator.table("订单")
        states = summary.row_states(orders)
        messages = {r["订单号"]: r.get("说明", "") for r in orders.records()}
        seeded = self.scenario.seeded
        board = (
            self.operator.table(summary.SCORECARD_TAB)
            if summary.SCORECARD_TAB in self.operator.tab_titles()
            else None
        )
        return {
            "states": summary.counts(states),
            "rows": len(states),
            "seeded": {problem: states.get(order_id, "missing") for problem, order_id in seeded.items()},
            "seeded_orders": seeded,
            "seeded_messages": {problem: messages.get(order_id, "") for problem, order_id in seeded.items()},
            "sheets_calls_per_tick": self.sheets_calls,
            "pushes_per_tick": self.pushes,
            "ticks": len(self.sheets_calls),
            "errors": self.errors,
            "scorecard": summary.scorecard(board) if board is not None else {},
            "charts": self.operator.chart_count(),
            # The exceptions chart's data: kind -> supplier -> per 100 parcels (30 days).
            "exceptions_chart": summary.exceptions_chart(board) if board is not None else {},
        }


def _ticks(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    ticks = int(value)
    if ticks < 1:
        raise ValueError("DEMO_TICKS must be 1 or more")
    return ticks


def _screenshot(web_url: str, path: str, result: dict[str, Any]) -> str:
    """The 统计 tab's picture (demo/screenshot.py); its path, or "" with the reason in ``errors``."""
    from pathlib import Path

    from demo.screenshot import ScreenshotUnavailable, save

    try:
        return str(save(web_url, summary.SCORECARD_TAB, Path(path).resolve()))
    except (ScreenshotUnavailable, Exception) as exc:  # a picture is never worth failing the run
        result["errors"].append(f"screenshot: {type(exc).__name__}: {exc}")
        return ""


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "",
        "在本机运行完整产品，无需任何账号：启动微信小店、Google Sheets（带网页视图）、供应商接口和快递100的"
        "模拟器与全部云函数，造出约 200 个带着真实麻烦的订单，然后每隔几秒同步一次，直到 Ctrl-C。",
        "Run the whole product locally, no accounts: emulators of WeChat Shop, Sheets (with a web view), "
        "a supplier API and Kuaidi100 plus every function; about 200 orders with realistic trouble; then a "
        "sync every few seconds until Ctrl-C.",
        module="demo",
    )
    p.add_argument(
        "--detector",
        action="store_true",
        help="只显示单号识别演示表，不启动服务 / only the tracking-number detection table",
    )
    p.add_argument(
        "--ticks",
        help="不开浏览器连续同步这么多轮，最后打印 JSON 摘要（环境变量 DEMO_TICKS）"
        " / run this many ticks headless, then print JSON (env DEMO_TICKS)",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=float(os.environ.get("DEMO_INTERVAL", "5")),
        help="两次同步之间的秒数（环境变量 DEMO_INTERVAL）/ seconds between syncs (env DEMO_INTERVAL)",
    )
    p.add_argument(
        "--screenshot",
        help="与 --ticks 一起用：结束时用 chromium 把 统计 页和图表截图保存到这个路径"
        " / with --ticks: save a screenshot of the 统计 tab and its charts here (chromium headless)",
    )
    p.add_argument(
        "--seed", type=int, default=7, help="小店订单和问题的随机种子 / seed of the shop and its trouble"
    )
    return p


def main(argv: list[str]) -> int:
    if "--detector" in argv:  # its own options and help (demo --detector --help)
        from demo import detector

        return detector.main([a for a in argv if a != "--detector"])
    parser_ = parser()
    args, rest = parser_.parse_known_args(argv)
    if rest:
        parser_.error(Bilingual("未知参数", f"unknown arguments: {' '.join(rest)}").joined())
    try:
        ticks = _ticks(args.ticks if args.ticks is not None else os.environ.get("DEMO_TICKS"))
    except ValueError:
        print(
            Bilingual("DEMO_TICKS 应为正整数", "DEMO_TICKS must be a whole number, 1 or more").joined(),
            file=sys.stderr,
        )
        return 2
    try:
        shops = shop_count(os.environ.get(SHOPS_ENV))
    except BadShopCount as bad:
        print(bad.message.joined(), file=sys.stderr)
        return 2
    headless = ticks is not None
    print("单号中继 Waybill Relay — 本地演示 / local demo: 正在启动模拟器和函数 / starting…", flush=True)
    if shops is not None:
        return _many(args, ticks, shops)
    with stage(sc.SUPPLIER_API, live_push=not headless, seed=args.seed) as st:
        operator = SheetOperator(st.http, st.sheets_url, st.spreadsheet_id)
        plan = sc.plan(args.seed)
        sc.seed(st, plan, operator)
        st.connect_shop_push()
        run = Run(st, operator, plan, headless)
        print(f"表格 / the sheet:   {st.web_url}", flush=True)
        print(f"小店 / WeChat Shop: {st.shop_url}", flush=True)
        print(
            "    推送到小店的单号 / what was pushed for an order: "
            f"{st.shop_url}/_emulator/orders/<订单号 order id>（看 delivery_info / see delivery_info）",
            flush=True,
        )
        print(
            f"函数 / functions:   {st.functions_url}/{{sheet_edit,sync,sync_now,shop_events,refresh}}",
            flush=True,
        )
        print(f"已下单 {len(plan.orders)} 个订单；同步每 {args.interval:g} 秒一次。Ctrl-C 停止。", flush=True)
        number = 0
        try:
            while ticks is None or number < ticks:
                number += 1
                print(run.tick(number), flush=True)
                for move in sc.after_tick(number, st, plan, operator):
                    print(f"    · {move}", flush=True)
                run.deliver_events()
                if not headless:
                    time.sleep(args.interval)
        except KeyboardInterrupt:
            print("\n正在停止 / stopping…", flush=True)
        result = run.result() if headless else None
        if result is not None and args.screenshot:
            result["screenshot"] = _screenshot(st.web_url, args.screenshot, result)
    return _finish(result)


def _finish(result: dict[str, Any] | None) -> int:
    if result is not None:
        print(json.dumps(result, ensure_ascii=False, sort_keys=False))
    else:
        print("已停止 / stopped.")
    return 0


def _many(args: argparse.Namespace, ticks: int | None, shops: int) -> int:
    """DEMO_SHOPS: several shops on one deployment (demo/many.py)."""
    from demo import many

    with stage(sc.SUPPLIER_API, live_push=ticks is None, seed=args.seed, shops=shops) as st:
        run = many.ShopsRun.seed(st, args.seed, headless=ticks is not None)
        many.announce(run, args.interval)
        many.play(run, ticks, args.interval)
        result = run.result() if ticks is not None else None
        if result is not None and args.screenshot:
            result["screenshot"] = _screenshot(st.web_url, args.screenshot, result)
    return _finish(result)
