"""The quota benchmark's load, in real time, and what it observes (benchmarks/bench_quota.py).

* Operators: each types ``per_minute`` fresh SF Express numbers a minute into 快递单号 of their own
  rows awaiting a number, evenly paced (operators staggered, a little jitter), in the web view, as
  themselves: the cell is written, then the sheet's signed edit hook fires (emulators/sheets).
* A flash sale in the middle: ``sale_orders`` new (unpaid) orders created in the shop within
  ``sale_seconds``, each paid half a step later, so the shop pushes order-new, then order-pay and
  wait-shipping events to ``shop_events``.
* The timer: "tick" published to the tick topic at ``tick_phase`` s and then every ``tick_seconds``
  (the deployed schedule is every 5 minutes: infra/terraform/variables.tf ``sync_schedule``).
* A watcher: after each change of the sheet it reads the 状态 column through the emulator's control
  API (no quota, no call log); an edit is coloured when its row's 状态 no longer shows what it showed
  when the number was typed (the row colour is a conditional format on 状态).

After the load, edits not yet coloured get ``drain_seconds`` more (the timer keeps running).
Everything is timed on the unix clock, which the emulator's hook deliveries are stamped with.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.quota_report import mentions_quota
from benchmarks.quota_stack import ORDERS_TAB, SERVICE_ACCOUNT
from benchmarks.quota_world import World, column_cells, letters

SURFACE_TABS = ("日志", "异常")  # the 日志 (log) and 异常 (exceptions) tabs


@dataclass(frozen=True)
class LoadPlan:
    minutes: float
    operators: int = 5
    per_minute: int = 20
    sale_orders: int = 120
    sale_seconds: float = 60.0
    tick_phase: float = 60.0
    tick_seconds: float = 300.0
    drain_seconds: float = 120.0
    seed: int = 17

    @property
    def seconds(self) -> float:
        return self.minutes * 60

    @property
    def sale_start(self) -> float:
        """The sale's minute sits in the middle of the run."""
        return max(0.0, (self.seconds - self.sale_seconds) / 2)

    @property
    def edits(self) -> int:
        return int(self.operators * self.per_minute * self.minutes)


@dataclass
class Edit:
    operator: int
    row: int  # 0-based
    before: str  # 状态 when the number was typed
    typed_at: float  # unix seconds: the web view answered, the cell is written
    coloured_at: float | None = None
    after: str = ""


@dataclass
class Observed:
    started: float
    plan: dict[str, Any]
    edits: list[Edit] = field(default_factory=list)
    sale_orders: list[str] = field(default_factory=list)
    sale_window: tuple[float, float] = (0.0, 0.0)
    ticks: list[float] = field(default_factory=list)
    ended: float = 0.0
    drained: float = 0.0

    def as_json(self, world: World) -> dict[str, Any]:
        """The raw observations with what the emulators and the functions recorded."""
        log = world.sheet.control("GET", "log")
        deliveries = world.sheet.control("GET", "webhook/deliveries")["deliveries"]
        return {
            "plan": self.plan,
            "started": self.started,
            "ended": self.ended,
            "drained": self.drained,
            "edits": [asdict(e) for e in self.edits],
            "sale": {"window": list(self.sale_window), "orders": len(self.sale_orders)},
            "sale_on_sheet": _on_sheet(world, self.sale_orders),
            "ticks": self.ticks,
            "hooks": [{k: d.get(k) for k in ("sent", "answered", "status", "error")} for d in deliveries],
            "service_account": log.get("byUser", {}).get(SERVICE_ACCOUNT, {}),
            "rejected": world.sheet.control("GET", "quota")["rejected"],
            "log_lines": world.functions.log_lines[:],
            **_quota_cells(world),
        }


def run(world: World, plan: LoadPlan) -> dict[str, Any]:
    """The load of ``plan`` against ``world``; the raw observations (JSON-ready)."""
    observed = Observed(time.time(), asdict(plan))
    watcher = _Watcher(world)
    stop = threading.Event()
    rng = random.Random(plan.seed)
    numbers = _Numbers(rng.randrange(10**6))
    failures: list[BaseException] = []
    threads = [_thread(failures, watcher.loop, stop), _thread(failures, _timer, world, plan, observed, stop)]
    operators = range(plan.operators)
    load = [_thread(failures, _operator, world, plan, k, observed, watcher, numbers) for k in operators]
    load.append(_thread(failures, _sale, world, plan, observed))
    for t in threads + load:
        t.start()
    for t in load:
        t.join()
    if failures:  # the load did not happen as planned: no figures
        stop.set()
        raise RuntimeError("a load thread failed") from failures[0]
    observed.ended = time.time()
    deadline = time.monotonic() + plan.drain_seconds
    while watcher.pending() and time.monotonic() < deadline:
        time.sleep(0.5)
    observed.drained = time.time()
    stop.set()
    for t in threads:
        t.join(30)
    observed.edits = watcher.edits
    return observed.as_json(world)


def _thread(failures: list[BaseException], target: Callable[..., None], *args: Any) -> threading.Thread:
    def guarded() -> None:
        try:
            target(*args)
        except BaseException as exc:
            failures.append(exc)

    return threading.Thread(target=guarded, name=target.__name__, daemon=True)


class _Numbers:
    """Fresh, valid SF Express numbers (SF + 13 digits), none typed twice."""

    def __init__(self, seed: int) -> None:
        self.rng, self.seen, self.lock = random.Random(seed), set[str](), threading.Lock()

    def next(self) -> str:
        with self.lock:
            while True:
                number = f"SF1{self.rng.randrange(10**10, 10**11)}9"  # SF, then 13 digits
                if number not in self.seen:
                    self.seen.add(number)
                    return number


class _Watcher:
    """Colours edits as the 状态 column changes."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.lock = threading.Lock()
        self.edits: list[Edit] = []
        self._waiting: list[Edit] = []
        self.cells = column_cells(world.columns["状态"], 2)

    def add(self, edit: Edit) -> None:
        with self.lock:
            self.edits.append(edit)
            self._waiting.append(edit)

    def pending(self) -> int:
        with self.lock:
            return len(self._waiting)

    def loop(self, stop: threading.Event) -> None:
        sheet = self.world.sheet
        revision = sheet.wait_change(-1, 0)
        while not stop.is_set():
            revision = sheet.wait_change(revision, 1.0)
            states = {r: text for (r, _), text in sheet.cells(ORDERS_TAB, self.cells).items()}
            seen = time.time()
            with self.lock:
                for edit in self._waiting:
                    now = states.get(edit.row, "")
                    if now != edit.before:
                        edit.coloured_at, edit.after = seen, now
                self._waiting = [e for e in self._waiting if e.coloured_at is None]
        with self.lock:  # what the rows still waiting show at the end
            states = {r: text for (r, _), text in sheet.cells(ORDERS_TAB, self.cells).items()}
            for edit in self._waiting:
                edit.after = states.get(edit.row, "")


def _operator(
    world: World, plan: LoadPlan, k: int, observed: Observed, watcher: _Watcher, numbers: _Numbers
) -> None:
    gap = 60.0 / plan.per_minute
    rng = random.Random(plan.seed * 100 + k)
    rows = world.rows[k :: plan.operators]
    user = f"operator{k + 1}@example.com"
    number_col, status_col = world.columns["快递单号"], world.columns["状态"]
    count = int(plan.per_minute * plan.minutes)
    for i, row in enumerate(rows[:count]):
        at = observed.started + k * gap / plan.operators + i * gap + rng.uniform(-0.25, 0.25) * gap
        time.sleep(max(0.0, at - time.time()))
        cell = _cell(status_col, row)
        before = world.sheet.cells(ORDERS_TAB, cell).get((row, status_col), "")
        typed = world.sheet.type(world.orders_sheet_id, row, number_col, numbers.next(), user)
        if not typed.get("hook"):
            raise RuntimeError("the web view wrote the cell but fired no edit hook")
        watcher.add(Edit(k, row, before, time.time()))


def _sale(world: World, plan: LoadPlan, observed: Observed) -> None:
    start = observed.started + plan.sale_start
    step = plan.sale_seconds / (2 * max(1, plan.sale_orders))
    products = [{"product_id": "10001", "sku_id": "20001", "sku_cnt": 1}]
    shop = world.shop.url
    observed.sale_window = (start, start + plan.sale_seconds)
    for j in range(2 * plan.sale_orders):
        time.sleep(max(0.0, start + j * step - time.time()))
        if j % 2 == 0:
            answer = world.http.post(f"{shop}/_emulator/orders", json={"products": products, "status": 10})
            answer.raise_for_status()
            observed.sale_orders.append(str(answer.json()["order_id"]))
        else:
            paid = world.http.post(f"{shop}/_emulator/orders/{observed.sale_orders[-1]}/pay", json={})
            paid.raise_for_status()


def _timer(world: World, plan: LoadPlan, observed: Observed, stop: threading.Event) -> None:
    at = observed.started + plan.tick_phase
    while not stop.wait(max(0.0, at - time.time())):
        world.functions.publish_tick(world.http)
        observed.ticks.append(time.time())
        at += plan.tick_seconds


def _cell(col: int, row: int) -> str:
    """A1 of one cell, 0-based ``row`` and ``col``."""
    return f"{letters(col)}{row + 1}"


def _on_sheet(world: World, order_ids: list[str]) -> int:
    shown = set(world.sheet.cells(ORDERS_TAB, column_cells(world.columns["订单号"], 2)).values())
    return sum(1 for o in order_ids if o in shown)


def _quota_cells(world: World) -> dict[str, Any]:
    """Cells an operator would read as "the quota was hit": 说明 on 订单, anything on 日志 and 异常;
    ``surfaced_cells``: how many per tab, ``surfaced_texts``: the texts (the first 20, to check)."""
    texts = {ORDERS_TAB: list(world.sheet.cells(ORDERS_TAB, column_cells(world.columns["说明"], 2)).values())}
    texts |= {tab: list(world.sheet.cells(tab).values()) for tab in SURFACE_TABS}
    found = {tab: [t for t in cells if mentions_quota(t)] for tab, cells in texts.items()}
    return {
        "surfaced_cells": {tab: len(hits) for tab, hits in found.items()},
        "surfaced_texts": [f"{tab}: {t}" for tab, hits in found.items() for t in hits][:20],
    }
