"""A simulated year of a busy shop (issue 18, item 5): does the workspace stay fast, small and whole?

The Sheets and WeChat Shop emulators run in their own processes; the product runs here, as the sync
tick does (real clients over loopback, the journal in a local directory), on a simulated clock: the
shop emulator's clock is moved a day at a time and the tick is given the same time. Each simulated
day: ``--orders-per-day`` orders are paid (one bulk call); orders paid two days ago are shipped in the
shop backend (1 in 20 is cancelled instead); orders shipped five days ago are confirmed by their
buyers (the shop closes them); 1 in 1,000 of the orders confirmed 40 days ago gets a late after-sale (it
comes back to life: its archived row must come back to 订单). Then ``--ticks-per-day`` sync ticks
run, on every other simulated day by default (``--days-per-tick 2``; ``1``: every day; sampled instead
of 288 a day: the listing since the watermark still brings every
change of every order through the real tick, archive and journal code). Closed orders the simulation
is done with are dropped from the shop emulator's memory (``/_emulator/orders/bulk/forget``) so the
emulator's own listing stays quick; the product never needs them again.

Printed: one line per simulated month (30 days; the remainder joins the last one): live rows in 订单,
archived rows, 日志 rows, cells used (rows × columns of every tab's grid, which is what Google counts
against the 10 million limit), the tick's median and p95 wall time, the median tick's CPU seconds
(this process and both emulators: the work a tick does, which a shared machine's changing speed moves
less than the wall time), the median of a fixed piece of work's ms timed before each tick (the
machine's own speed that month: benchmarks/speed.py), the peak RSS during the month's ticks (this
process's resident set, which includes what it held before the tick; Linux: its peak is restarted
before each tick, elsewhere the process's peak), Sheets calls per
tick (mean and max); and, as the last line, one JSON object (see ``_summary``) where lost and
duplicated compare every order the shop ever had with the rows of 订单 and of every archive tab.

The 5-minute ticks (on by default; ``--no-five-minute-ticks``): after each tick-day's ticks, one more
tick 5 minutes later, with the orders paid in those minutes, as the deployed tick runs all day: no
archive run is due in it (the sampled tick just ran one). Their p95 and Sheets calls per month are two
more columns, and their month-12/month-1 ratio a line of its own; the sampled ticks above each carry
a day or two of orders and an archive run, which the deployed tick does twice a day. And paired (runs
of 60 days or more): the months' p95s are an hour apart and a shared machine's speed moves in an hour,
so at the end a second world is simulated to the end of month 1 and its 5-minute ticks take turns with
the last month's world's (``PAIRED_ROUNDS`` each): their medians and ratio, on the same minutes.

Targets: lost and duplicated 0; cells well under 10 million; the last month's tick p95 no slower than
1.5x the first month's (judged on the sampled ticks; the 5-minute ticks' ratio is printed beside it);
peak RSS under 300 MB; the default run within 10 minutes on 2 cores.

Archive spreadsheets: ``--archive-spreadsheets N`` (default 1) are made on the Sheets emulator and
listed in 设置 archive_spreadsheets; archive tabs roll over into them once the workspace's cells pass
the threshold (shared/reconcile/archive_room.py). ``cells`` and ``cells_max`` stay the workspace's;
``archive_cells_max`` is the fullest archive spreadsheet's; archived rows and the lost/duplicated
check count their archive tabs too.

``python -m benchmarks year [--orders-per-day 1000] [--days 365] [--days-per-tick 2] [--ticks-per-day 1]
[--archive-spreadsheets 1] [--no-five-minute-ticks]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchmarks import http_floor
from benchmarks.bench_tick import Emulator, _start
from benchmarks.memory import cpu_seconds, peak_mb, reset_peak
from benchmarks.speed import reference_ms
from emulators.control import ShopControl
from shared.cli.bilingual import at_least, whole
from shared.wechat.client import PATH_ORDER_GET

DAY = 86_400
SHIP_AFTER_DAYS = 2
CONFIRM_AFTER_DAYS = 5  # after shipping
LATE_AFTERSALE_DAYS = 40  # after closing: past the 30 days of archiving
LATE_AFTERSALE_ONE_IN = 1_000
CANCEL_ONE_IN = 20
FORGET_AFTER_DAYS = 50  # closed this long: archived (30 days + a run), dropped from the shop emulator
FIVE_MINUTES = 300  # the deployed tick's interval (infra: Cloud Scheduler every 5 minutes)
# The paired 5-minute ticks: a second world built to the end of month 1, whose 5-minute ticks take
# turns with the last month's world's, this many of each (runs of 60 days or more)
PAIRED_ROUNDS = 7
PAIRED_MIN_DAYS = 60
CELL_LIMIT = 10_000_000
PROGRESS_EVERY = 10  # simulated days between progress lines (stderr)
PROGRESS_TICKS = 5  # the latest tick times each progress line shows
# A tick every other simulated day by default (the run docs/architecture.md measures); 1: every day
# (the same shop reads, twice the ticks' fixed work: slower)
DAYS_PER_TICK = 2
WALL_TARGET_S = 600  # issue 18: the default run on 2 cores
MAX_ORDERS_PER_DAY = 20_000  # ~7 million rows a year: past what one workspace and its archives hold
MAX_DAYS = 3 * 365
MAX_ARCHIVE_SPREADSHEETS = 20
PRODUCTS = [{"product_id": "10001", "sku_id": "20001", "sku_cnt": 1, "title": "蓝色T恤"}]


@dataclass
class Month:
    index: int
    ticks: list[float] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    # each tick's CPU seconds: this process and both emulators (Linux; none elsewhere)
    cpu: list[float] = field(default_factory=list)
    # before each tick, the machine's speed: a fixed piece of work's ms (benchmarks/speed.py)
    reference: list[float] = field(default_factory=list)
    live: int = 0
    archived: int = 0
    log: int = 0
    cells: int = 0
    rss: float = 0.0
    restored: int = 0  # archived orders back in 订单 (their late after-sale)
    stages: dict[str, list[float]] = field(default_factory=dict)  # each tick's stage times (stage_s)
    # the 5-minute ticks: each tick-day, one more tick 5 minutes after the day's, as deployed
    five_min: list[float] = field(default_factory=list)
    five_min_calls: list[int] = field(default_factory=list)
    slowest: dict[str, float] = field(default_factory=dict)  # the slowest tick's: "tick" and its stages

    def p95(self) -> float:
        return _p95(self.ticks)

    def five_min_p95(self) -> float | None:
        """The 5-minute ticks' p95 (None: none run)."""
        return _p95(self.five_min) if self.five_min else None

    def median(self) -> float:
        """Beside the p95: with ~15 ticks a month the p95 is its second-slowest tick, and two slow
        ticks (a busy machine) move it; the median tells a slower month from a slow tick."""
        return statistics.median(self.ticks) if self.ticks else 0.0

    def cpu_median(self) -> float | None:
        """The median tick's CPU seconds (the product and both emulators): the work a tick does,
        which the machine's speed moves less than its wall time (a shared machine's month 1 ran
        22% quicker in one run than in another for the same work). None where it is not measured."""
        measured = [c for c in self.cpu if c > 0]
        return round(statistics.median(measured), 2) if measured else None

    def reference_median(self) -> float | None:
        """The median of the fixed work's ms before this month's ticks (None: not measured)."""
        return round(statistics.median(self.reference), 2) if self.reference else None


def _p95(times: Sequence[float]) -> float:
    if not times:
        return 0.0
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Shop:
    """What the simulation keeps of the shop: order ids by the day they were paid, shipped, closed."""

    paid: dict[int, list[str]] = field(default_factory=dict)
    shipped: dict[int, list[str]] = field(default_factory=dict)
    closed: dict[int, list[str]] = field(default_factory=dict)
    confirmed: dict[int, list[str]] = field(default_factory=dict)  # closed by their buyers
    # Every order id ever paid, in one buffer of 8-byte ints: a year is 365,000 ids, and as a list of
    # int objects (~16 MB, a few more each day, some allocated between the ticks' freed blocks) the
    # harness's own bookkeeping would be counted in the process's peak as if the product held it.
    every: array[int] = field(default_factory=lambda: array("Q"))
    aftersales: int = 0


class Year:
    """The world: emulators, the workspace, the journal, and the tick's dependencies."""

    def __init__(self, sheets: Emulator, shop: Emulator, journal_dir: Path, archive_sheets: int = 1) -> None:
        from shared.journal.journal import Journal
        from shared.journal.local_store import LocalDirStore
        from shared.sheets.gateway import connect
        from shared.sheets.http import SheetsHTTPClient
        from shared.sheets.settings import SheetsSettings
        from shared.sheets.workspace_init import create_spreadsheet, init_workspace
        from shared.wechat.client import WeChatShopClient

        self.control = ShopControl(shop.url, timeout=600)
        self.pids = (os.getpid(), sheets.process.pid, shop.process.pid)  # whose CPU a tick takes
        self.control.reset()
        health = self.control.health()
        self.observer = SheetsHTTPClient.build(SheetsSettings(api_base=sheets.url, anonymous=True))
        self.sid = create_spreadsheet(self.observer, "year")
        init_workspace(self.observer, self.sid)
        # Archive spreadsheets (设置 archive_spreadsheets): archive tabs roll over into them once the
        # workspace nears its cell limit (shared/reconcile/archive_room.py).
        self.archives = [
            create_spreadsheet(self.observer, f"year archive {i + 1}") for i in range(archive_sheets)
        ]
        self.archive_cells: dict[str, int] = {}  # each archive spreadsheet's cells, last measured
        self.archive_cells_max = 0
        if self.archives:
            self.set_setting("archive_spreadsheets", "\n".join(self.archives))
        self.gateway = connect(SheetsSettings(api_base=sheets.url, spreadsheet_id=self.sid, anonymous=True))
        self.shop = WeChatShopClient(health["appid"], health["secret"], base_url=shop.url)
        self.shop_url = shop.url
        self.journal = Journal(LocalDirStore(journal_dir))
        self.world = Shop()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.control.now(), UTC)

    def set_setting(self, key: str, value: str) -> None:
        rows = self.observer.values_get(self.sid, "'设置'!A:C")["values"]
        number = next(i for i, r in enumerate(rows, 1) if r and r[0] == key)
        self.observer.values_update(
            self.sid, f"'设置'!C{number}", params={"valueInputOption": "RAW"}, body={"values": [[value]]}
        )

    def cpu(self) -> float:
        """CPU seconds used so far by this process and both emulators (0.0 where not measurable)."""
        return sum(cpu_seconds(pid) for pid in self.pids)

    def tick(self) -> tuple[float, int, Any, float]:
        """The tick's wall time, Sheets calls, report, and CPU seconds (here and in the emulators)."""
        from shared.app.tick import TickDeps, run_tick

        # Simulated time runs at the wall clock's pace during the tick (as it does when deployed):
        # the journal's entries get their own instants.
        now, start = self.now(), time.perf_counter()

        def clock() -> datetime:
            return now + timedelta(seconds=time.perf_counter() - start)

        deps = TickDeps(self.gateway, self.shop, self.journal, clock=clock, concurrency=8)
        cpu = self.cpu()
        report = run_tick(deps)
        return time.perf_counter() - start, report.sheets_calls, report, self.cpu() - cpu

    # --- a day of the shop --------------------------------------------------------------------------
    def day(self, day: int, per_day: int) -> None:
        w, c = self.world, self.control
        paid = c.create_orders(per_day, products=PRODUCTS) if per_day else []
        w.paid[day] = paid
        w.every.extend(int(i) for i in paid)
        due = w.paid.pop(day - SHIP_AFTER_DAYS, [])
        cancel = [o for i, o in enumerate(due) if i % CANCEL_ONE_IN == CANCEL_ONE_IN - 1]
        ship = [o for i, o in enumerate(due) if i % CANCEL_ONE_IN != CANCEL_ONE_IN - 1]
        if cancel:
            c.act_on_orders("cancel", cancel)
            w.closed.setdefault(day, []).extend(cancel)
        if ship:
            orders = [
                {"order_id": o, "delivery_id": "ZTO", "waybill_id": f"78{int(o) % 10**12:012d}"} for o in ship
            ]
            w.shipped[day] = c.ship_orders(orders)["shipped"]
        confirm = w.shipped.pop(day - CONFIRM_AFTER_DAYS, [])
        if confirm:
            c.act_on_orders("confirm", confirm)
            w.closed.setdefault(day, []).extend(confirm)
            w.confirmed[day] = confirm
        late = [
            o
            # among the orders its buyers confirmed (a cancelled order takes no after-sale: at 1,000
            # a day the day's 50 cancellations come first in ``closed``)
            for i, o in enumerate(w.confirmed.pop(day - LATE_AFTERSALE_DAYS, []))
            if i % LATE_AFTERSALE_ONE_IN == 7
        ]
        for order_id in late:
            opened = c.act_on_orders("aftersale", [order_id], action="open", count=1)
            w.aftersales += len(opened["done"])
        gone = w.closed.pop(day - FORGET_AFTER_DAYS, [])
        if gone:
            c.forget_orders([o for o in gone if o not in late])

    def five_minutes(self, day: int, per_day: int) -> None:
        """Five minutes on, with the orders paid in them (a 288th of the day's, rounded: none at 144 a
        day or fewer): what the deployed tick, every 5 minutes, finds between two of its runs. They
        join the day's orders (shipped, closed and checked with them)."""
        self.control.advance_clock(FIVE_MINUTES)
        count = round(per_day / 288)
        paid = self.control.create_orders(count, products=PRODUCTS) if count else []
        self.world.paid.setdefault(day, []).extend(paid)
        self.world.every.extend(int(i) for i in paid)

    # --- what the sheet holds ---------------------------------------------------------------------
    def measure(self) -> tuple[int, int, int, int]:
        """(live rows, archived rows, 日志 rows, cells): keys counted in the A columns, cells from
        the grids' sizes. Cells are the workspace's; each archive spreadsheet's go to
        ``archive_cells`` (and their archived rows are counted with the workspace's)."""
        cells, archives = self._grid(self.sid)
        live = len(self._keys("订单"))
        archived = sum(len(self._keys(t)) for t in archives)
        for sid in self.archives:
            self.archive_cells[sid], tabs = self._grid(sid)
            archived += sum(len(self._keys(t, sid)) for t in tabs)
        self.archive_cells_max = max([self.archive_cells_max, *self.archive_cells.values()])
        return live, archived, len(self._keys("日志")), cells

    def _grid(self, sid: str) -> tuple[int, list[str]]:
        """A spreadsheet's cells (rows × columns of every tab's grid) and its archive tabs."""
        from shared.reconcile.archive import is_archive_title

        meta = self.observer.fetch_sheet_metadata(sid, params={"fields": "sheets.properties"})
        props = [s["properties"] for s in meta["sheets"]]
        cells = sum(p["gridProperties"]["rowCount"] * p["gridProperties"]["columnCount"] for p in props)
        return cells, [p["title"] for p in props if is_archive_title(p["title"])]

    def _keys(self, title: str, sid: str = "") -> list[str]:
        values = self.observer.values_get(sid or self.sid, f"'{title}'!A2:A").get("values", [])
        return [str(r[0]) for r in values if r and str(r[0]).strip()]

    def places(self) -> Counter[str]:
        """Order id -> rows holding it, in 订单 and every archive tab of the workspace and of the
        archive spreadsheets. Taken after the last tick: a move between two spreadsheets that a
        crash left half done (a row in both) is finished by the next tick, and none is pending here."""
        seen: Counter[str] = Counter(self._keys("订单"))
        for sid in (self.sid, *self.archives):
            for title in self._grid(sid)[1]:
                seen.update(self._keys(title, sid))
        return seen

    def close(self) -> None:
        self.shop.close()
        self.control.close()


def run(
    per_day: int,
    days: int,
    ticks_per_day: int = 1,
    archive_after: float = 30,
    days_per_tick: int = 1,
    archive_sheets: int = 1,
    five_minute: bool = True,
) -> dict[str, Any]:
    """The simulation; the summary (the JSON line) with the months under ``"months"``."""
    started = time.perf_counter()
    with _world(archive_sheets) as year:
        if archive_after != 30:
            year.set_setting("archive_after_days", f"{archive_after:g}")
        months = _simulate(year, per_day, days, ticks_per_day, days_per_tick, five_minute)
        paired = None
        if five_minute and days >= PAIRED_MIN_DAYS:
            paired = _paired(year, days, per_day, days_per_tick, archive_sheets)
        places = year.places()
        every = year.world.every
        shop_calls = year.control.calls(limit=0)["by_path"]
        floor = _floor(year)
    wall = time.perf_counter() - started
    result = _summary(per_day, days, months, places, every, wall, year.world.aftersales)
    result["archive_cells_max"] = year.archive_cells_max  # the fullest archive spreadsheet's
    result["_shop_calls"] = sum(shop_calls.values())
    result["_order_get_calls"] = int(shop_calls.get(PATH_ORDER_GET, 0))
    result["_floor"] = floor
    result["tick_5min_s_paired_first_month"] = round(statistics.median(paired[0]), 3) if paired else None
    result["tick_5min_s_paired_last_month"] = round(statistics.median(paired[1]), 3) if paired else None
    result["_paired"] = paired
    result["_archive_cells"] = dict(year.archive_cells)  # each archive spreadsheet's, at the end
    return result


@contextmanager
def _world(archive_sheets: int) -> Iterator[Year]:
    """A ``Year`` on emulators of its own (two processes) and a journal directory of its own; all
    closed, stopped and removed after."""
    sheets, shop = _start("emulators.sheets"), _start("emulators.wechat_shop")
    try:
        # The journal on tmpfs when there is one: the deployed journal is an object store (S3), and a
        # year of fsyncs on a shared disk would time the disk, not the product.
        shm = Path("/dev/shm")
        with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as tmp:
            year = Year(sheets, shop, Path(tmp), archive_sheets)
            try:
                yield year
            finally:
                year.close()
    finally:
        sheets.stop()
        shop.stop()


def _floor(year: Year) -> http_floor.Floor | None:
    """The HTTP floor of this machine (benchmarks/http_floor.py), on orders the shop still has."""
    recent = [o for ids in year.world.paid.values() for o in ids] or [
        o for ids in year.world.shipped.values() for o in ids
    ]
    return http_floor.measure(year.shop, year.shop_url, recent) if recent else None


def _simulate(
    year: Year,
    per_day: int,
    days: int,
    ticks_per_day: int,
    days_per_tick: int = 1,
    five_minute: bool = False,
    quiet: bool = False,
) -> list[Month]:
    """``days_per_tick`` > 1: ticks only every that many days (the shop's days still pass one by one;
    the next tick lists every change since the last one, so every order still goes through it). At
    most ``SHIP_AFTER_DAYS``: an order paid and cancelled between two ticks never gets a row (the
    product adds none for an order cancelled before it was ever listed), and would count as lost.
    ``five_minute``: after each tick-day's ticks, one 5-minute tick (``_five_minute_tick``).
    ``quiet``: no month lines, no progress (the paired world's)."""
    if not 1 <= days_per_tick <= SHIP_AFTER_DAYS:
        raise ValueError(f"days_per_tick must be 1 to {SHIP_AFTER_DAYS}")
    blocks = max(1, days // 30)
    started = time.perf_counter()
    months = [Month(i + 1) for i in range(blocks)]
    for day in range(days):
        month = months[min(day // 30, blocks - 1)]
        year.day(day, per_day)
        # Day 0 ticks (a first tick lists only its recent past: it is the one made at installation).
        sampled_out = day % days_per_tick and day != days - 1
        if sampled_out:
            year.control.advance_clock(DAY)
        for _ in range(0 if sampled_out else ticks_per_day):
            year.control.advance_clock(DAY / ticks_per_day)
            # The peak of the tick itself: the simulation's own seeding and counting (measure reads
            # every tab's keys, a year's archive included) are the harness, not the product.
            month.reference.append(reference_ms())  # outside the tick: the machine, not the product
            wall, calls, report, cpu = _counted_tick(year, month, f"day {day}: the tick")
            month.ticks.append(wall)
            month.calls.append(calls)
            month.cpu.append(cpu)
            for stage, seconds in report.stage_s.items():
                month.stages.setdefault(stage, []).append(seconds)
            if wall > month.slowest.get("tick", -1.0):
                month.slowest = {"tick": round(wall, 2), **report.stage_s}
        if five_minute and not sampled_out:
            _five_minute_tick(year, month, day, per_day)
        if (day + 1) % PROGRESS_EVERY == 0 and day != days - 1 and not quiet:
            _progress(day + 1, days, month, started)
        # A month ends every 30 days; the last one takes the remainder (365 days: 11 x 30, then 35).
        last_of_month = day == days - 1 or ((day + 1) % 30 == 0 and day // 30 < blocks - 1)
        if last_of_month:
            month.live, month.archived, month.log, month.cells = year.measure()
            month.rss = month.rss or peak_mb()  # where the tick's own peak cannot be told: the process's
            if not quiet:
                _print_month(month)
    return months


def _paired(
    year: Year, days: int, per_day: int, days_per_tick: int, archive_sheets: int
) -> tuple[list[float], list[float]]:
    """The 5-minute tick at the end of month 1 against the last month's, taking turns on the same
    minutes of the machine: a second world (its own emulators and journal) is simulated to day 30 as
    the first month was, then ``PAIRED_ROUNDS`` times its 5-minute tick and the year's. (The months'
    own p95s are an hour apart; a shared machine's speed moves that much in an hour.) Their wall
    times: (month 1's, the last month's)."""
    print(
        f"  配对测量 / paired: a second world to the end of month 1, then {PAIRED_ROUNDS} 5-minute ticks "
        "of each, taking turns",
        file=sys.stderr,
        flush=True,
    )
    with _world(archive_sheets) as first:
        _simulate(first, per_day, 30, 1, days_per_tick, five_minute=True, quiet=True)
        walls: tuple[list[float], list[float]] = ([], [])
        aside = Month(0)  # their peaks and restored rows: no month's
        for _ in range(PAIRED_ROUNDS):
            # each world's orders of these minutes join its last day's (the year's are counted in
            # lost and duplicated like any other)
            for world, day, times in ((first, 29, walls[0]), (year, days - 1, walls[1])):
                world.five_minutes(day, per_day)
                times.append(_counted_tick(world, aside, "a paired 5-minute tick")[0])
        return walls


def _five_minute_tick(year: Year, month: Month, day: int, per_day: int) -> None:
    """The tick as deployed runs it, 5 minutes after the last, with the workspace at this day's size:
    a few new orders, no archive run due (the day's tick just ran one; deployed, 2 of 288 ticks a day
    carry one). The sampled ticks above each take a day or two of orders at once; this one tells how
    the tick a merchant's workspace runs all day grows with the rows it has ever held. Each shifts the
    simulated days by 5 minutes (nothing in the simulation depends on the hour)."""
    year.five_minutes(day, per_day)
    wall, calls, _, _ = _counted_tick(year, month, f"day {day}: the 5-minute tick")
    month.five_min.append(wall)
    month.five_min_calls.append(calls)


def _counted_tick(year: Year, month: Month, which: str) -> tuple[float, int, Any, float]:
    """``year.tick()``, its own memory peak and its restored rows counted in ``month``; a skipped
    tick stops the run (``which`` names it)."""
    per_tick = reset_peak()
    wall, calls, report, cpu = year.tick()
    month.rss = max(month.rss, peak_mb()) if per_tick else month.rss
    if report.skipped:
        raise RuntimeError(f"{which} was skipped ({report.skipped})")
    month.restored += report.unarchived_rows
    return wall, calls, report, cpu


def _progress(done: int, days: int, month: Month, started: float) -> None:
    """A line on stderr every ``PROGRESS_EVERY`` simulated days (a default run takes many minutes)."""
    # The month's last few ticks, not only the latest: one slow tick among them is told from a trend.
    last = " ".join(f"{t:.2f}" for t in month.ticks[-PROGRESS_TICKS:]) if month.ticks else "-"
    elapsed = time.perf_counter() - started
    print(
        f"  模拟第 {done}/{days} 天 / day {done}/{days}: {elapsed:.0f} s elapsed, last ticks {last} s",
        file=sys.stderr,
        flush=True,
    )


def _summary(
    per_day: int,
    days: int,
    months: Sequence[Month],
    places: Counter[str],
    every: Sequence[int],
    wall: float,
    aftersales: int,
) -> dict[str, Any]:
    ever = {str(i) for i in every}
    steady = _first_steady(months)
    lost = sum(1 for o in ever if places.get(o, 0) == 0)
    duplicated = sum(1 for o, n in places.items() if n > 1)
    return {
        "orders_per_day": per_day,
        "days": days,
        "live_rows_max": max(m.live for m in months),
        "archived_rows": months[-1].archived,
        "cells_max": max(m.cells for m in months),
        "tick_s_p95_last_month": round(months[-1].p95(), 3),
        "tick_s_p95_first_month": round(months[0].p95(), 3),
        # The first month fills an empty 订单 tab (nothing is archived before day 37), so its
        # ticks read fewer rows than any later month's; also given: the first month that starts with
        # 订单 at its steady size (null when the run never gets there).
        "tick_s_p95_first_steady_month": round(steady.p95(), 3) if steady else None,
        # the work beside the wall time: the median tick's CPU (this process and both emulators)
        "tick_cpu_s_median_first_month": months[0].cpu_median(),
        "tick_cpu_s_median_last_month": months[-1].cpu_median(),
        # the machine's speed beside them: the fixed work's median ms (benchmarks/speed.py)
        "reference_ms_first_month": months[0].reference_median(),
        "reference_ms_last_month": months[-1].reference_median(),
        "first_steady_month": steady.index if steady else None,
        # the tick as deployed, 5 minutes after the last (null when not run: --no-five-minute-ticks)
        "tick_5min_s_p95_first_month": _rounded(months[0].five_min_p95()),
        "tick_5min_s_p95_last_month": _rounded(months[-1].five_min_p95()),
        "peak_rss_mb": round(max(m.rss for m in months), 1),
        "lost_orders": lost,
        "duplicated_orders": duplicated,
        "_wall_s": round(wall, 1),
        "_late_aftersales": aftersales,
        "_restored": sum(m.restored for m in months),
        "_months": [m.__dict__ | {"ticks": len(m.ticks), "calls": _mean_max(m.calls)} for m in months],
        "_stages": {m.index: _stage_medians(m) for m in months},
        "_slowest": {m.index: m.slowest for m in months},
    }


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def _first_steady(months: Sequence[Month]) -> Month | None:
    """The first month whose start (the month before's end) already has 95% of the most live rows."""
    most = max((m.live for m in months), default=0)
    return next((m for prev, m in pairwise(months) if most and prev.live >= 0.95 * most), None)


def _stage_medians(m: Month) -> dict[str, float]:
    return {stage: round(statistics.median(times), 2) for stage, times in m.stages.items() if times}


def _print_stages(stages: dict[int, dict[str, float]], title: str) -> None:
    """Where each month's ticks spent their time, stage by stage (the tick's ``stage_s``)."""
    names = list(dict.fromkeys(s for medians in stages.values() for s in medians))
    if not names:
        return
    print(title, flush=True)
    print("  ".join(["month", *names]), flush=True)
    for index, medians in stages.items():
        cells = [str(index), *(f"{medians[s]:.2f}" if s in medians else "-" for s in names)]
        print("  ".join(c.rjust(len(h)) for c, h in zip(cells, ["month", *names], strict=True)), flush=True)


def _mean_max(calls: Sequence[int]) -> str:
    return f"{statistics.mean(calls):.1f}/{max(calls)}" if calls else "-"


HEAD = (
    "month",
    "live rows",
    "archived",
    "log rows",
    "cells",
    "tick median s",
    "tick p95 s",
    "tick CPU s",
    "ref ms",
    "peak RSS MB",
    "calls/tick mean/max",
    "5-min tick p95 s",
    "5-min calls mean/max",
)


def _print_month(m: Month) -> None:
    if m.index == 1:
        print("  ".join(HEAD), flush=True)
    cells = (
        str(m.index),
        f"{m.live:,}",
        f"{m.archived:,}",
        f"{m.log:,}",
        f"{m.cells:,}",
        f"{m.median():.2f}",
        f"{m.p95():.2f}",
        "-" if (cpu := m.cpu_median()) is None else f"{cpu:.2f}",
        "-" if (ref := m.reference_median()) is None else f"{ref:.1f}",
        f"{m.rss:.0f}",
        _mean_max(m.calls),
        "-" if (five := m.five_min_p95()) is None else f"{five:.2f}",
        _mean_max(m.five_min_calls),
    )
    print("  ".join(c.rjust(len(h)) for c, h in zip(cells, HEAD, strict=True)), flush=True)


def command_line() -> argparse.ArgumentParser:
    """The command line; a number out of its range is refused before anything starts (exit 2)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks year", description=__doc__.split("\n")[0])
    parser.add_argument("--orders-per-day", type=whole(1, MAX_ORDERS_PER_DAY), default=1000)
    parser.add_argument("--days", type=whole(1, MAX_DAYS), default=365)
    parser.add_argument("--ticks-per-day", type=whole(1, 288), default=1, help="1 to 288 (every 5 minutes)")
    parser.add_argument(
        "--archive-after-days", type=at_least(0), default=30, help="设置 archive_after_days (0: never)"
    )
    parser.add_argument(
        "--days-per-tick",
        type=whole(1, SHIP_AFTER_DAYS),
        default=DAYS_PER_TICK,
        help=f"1 to {SHIP_AFTER_DAYS}: a tick every that many simulated days",
    )
    parser.add_argument(
        "--archive-spreadsheets",
        type=whole(0, MAX_ARCHIVE_SPREADSHEETS),
        default=1,
        help="archive spreadsheets listed in 设置 (0: none)",
    )
    parser.add_argument(
        "--five-minute-ticks",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="after each tick-day's tick, one more 5 minutes later, as deployed (default: on)",
    )
    return parser


def _wall_verdict(args: argparse.Namespace, wall_s: float) -> str:
    """Whether this run's wall time meets the target, said only of the default run (a lighter one
    proves nothing about it); the machine's cores and load are the runner's to note."""
    defaults = command_line().parse_args([])
    if vars(args) != vars(defaults):
        return "not this run (it is not the default one)"
    return "met" if wall_s <= WALL_TARGET_S else f"NOT met ({wall_s:.0f} s)"


def _print_machine(result: dict[str, Any]) -> None:
    """How much the machine's speed changed between month 1 and the last month, and the p95 ratio
    with that change taken out: for reading the wall-time ratio, which the target judges as it is."""
    first, last = result["reference_ms_first_month"], result["reference_ms_last_month"]
    if not first or not last:
        return
    ratio = result["tick_s_p95_last_month"] / max(result["tick_s_p95_first_month"], 0.05)
    print(
        f"the machine's speed: a fixed piece of work took {first:.1f} ms (median) before month 1's "
        f"ticks and {last:.1f} ms before the last month's ({last / first:.2f}x); the p95 ratio "
        f"{ratio:.2f}x, the machine's change taken out: {ratio / (last / first):.2f}x "
        "/ 机器速度变化（固定工作量的耗时）",
        flush=True,
    )


def _print_five_minute(result: dict[str, Any]) -> None:
    """The 5-minute tick's p95, last month against month 1, and the paired medians (``_paired``),
    each against the same 1.5x."""
    first, last = result["tick_5min_s_p95_first_month"], result["tick_5min_s_p95_last_month"]
    if first is not None and last is not None:
        print(
            f"the 5-minute tick (as deployed: 5 minutes after the last, no archive run due), p95 last "
            f"month vs month 1: {_ratio_text(last, first)} / 每 5 分钟一轮的同步（与部署时相同）",
            flush=True,
        )
    first, last = result.get("tick_5min_s_paired_first_month"), result.get("tick_5min_s_paired_last_month")
    if first is not None and last is not None:
        print(
            f"the 5-minute tick paired (a second world simulated to the end of month 1; its 5-minute "
            f"ticks and the last month's taking turns, {PAIRED_ROUNDS} each; medians): "
            f"{_ratio_text(last, first)} / 配对测量：交替运行，不受机器速度变化影响",
            flush=True,
        )


def _ratio_text(last: float, first: float) -> str:
    ratio = last / max(first, 0.05)
    return f"{last:.2f} / {first:.2f} s = {ratio:.2f}x (<= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})"


def main(argv: list[str] | None = None) -> int:
    args = command_line().parse_args(sys.argv[1:] if argv is None else argv)
    result = run(
        args.orders_per_day,
        args.days,
        args.ticks_per_day,
        args.archive_after_days,
        args.days_per_tick,
        args.archive_spreadsheets,
        args.five_minute_ticks,
    )
    ok = (
        result["lost_orders"] == 0
        and result["duplicated_orders"] == 0
        and result["cells_max"] < CELL_LIMIT // 2
        and result["archive_cells_max"] < CELL_LIMIT // 2
        and result["tick_s_p95_last_month"] <= 1.5 * max(result["tick_s_p95_first_month"], 0.05)
        and result["peak_rss_mb"] < 300
    )
    print(
        f"wall {result['_wall_s']:.0f} s; late after-sales {result['_late_aftersales']}, "
        f"archived orders brought back {result['_restored']}; "
        f"targets (lost 0, duplicated 0, cells < 5M, last month p95 <= 1.5x first, RSS < 300 MB): "
        f"{'met' if ok else 'NOT met'}; the default run's {WALL_TARGET_S // 60}-minute target (2 cores, "
        f"nothing else running): {_wall_verdict(args, result['_wall_s'])}",
        flush=True,
    )
    _print_stages(result["_stages"], "tick stages, median s per month / 各阶段耗时（每月中位数，秒）:")
    _print_stages(result["_slowest"], "each month's slowest tick, s / 每月最慢一轮的各阶段耗时（秒）:")
    if result["_archive_cells"]:
        each = ", ".join(f"{sid[:8]}… {cells:,}" for sid, cells in result["_archive_cells"].items())
        print(f"cells of each archive spreadsheet at the end: {each}", flush=True)
    first_cpu, last_cpu = result["tick_cpu_s_median_first_month"], result["tick_cpu_s_median_last_month"]
    if first_cpu and last_cpu:
        print(
            f"the median tick's CPU (this process and both emulators), last month vs month 1: "
            f"{last_cpu:.2f} / {first_cpu:.2f} s = {last_cpu / first_cpu:.2f}x "
            "(the work a tick does; the wall-time ratio also carries the machine's changing speed)",
            flush=True,
        )
    if result["_floor"] is not None:
        # Why the ten minutes are out of reach: the shop calls alone, at the HTTP library's own cost.
        print(http_floor.main_line(result["_floor"], result["_shop_calls"]), flush=True)
    _print_machine(result)
    _print_five_minute(result)
    steady = result["tick_s_p95_first_steady_month"]
    if steady:
        ratio = result["tick_s_p95_last_month"] / max(steady, 0.05)
        print(
            f"last month's p95 vs the first month at the steady size (month {result['first_steady_month']}): "
            f"{ratio:.2f}x (the target compares with month 1, whose 订单 tab is still filling)",
            flush=True,
        )
    print(json.dumps({k: v for k, v in result.items() if not k.startswith("_")}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
