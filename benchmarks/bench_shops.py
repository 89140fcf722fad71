"""Many shops, one scheduler tick fanned out (issue 21): wall time and API calls per shop, against the
same shops ticked one after another in one process.

The world (benchmarks/shops_world.py): ``--shops`` shops (default 20), each an app on ONE WeChat Shop
emulator with ``--rows`` open orders (default 1,000) and its own workspace on ONE Sheets emulator,
all in one deployment (``WAYBILL_SHOPS``) with one journal. Every run starts from a reset and the
same seeding, so the runs do the same work (the per-shop counts say whether they did).

The runs:

* **fan-out** (benchmarks/shops_fanout.py): one message on the scheduler's topic -> ``dispatch`` ->
  one message per shop on the tick topic -> Pub/Sub push -> ``sync`` per shop, at most
  ``--concurrency`` deliveries at a time (the push subscription's ``max_concurrent``: what the
  deployment's instance limit does). Each ``sync`` instance is a separate process (functions-framework
  serving main.py, one request at a time): the tick is CPU-bound Python, and threads in one process
  would only take turns on the GIL. Wall time: from the publish until every message is acknowledged.
* **sequential** (benchmarks/shops_sequential.py): main.py's ``sync`` called with each shop's tick
  message, one after another, in one process. Wall time: the loop.
* both with a **raised Sheets quota** (``--raised-quota`` reads and writes per minute, default 6,000,
  set in the product and the emulator alike): the pacing of the shared buckets
  (shared/sheets/quota.py) then stays out of the way and the ratio is the fan-out's alone. This pair
  runs ``--repeat`` times (default 3, alternating; the medians are the figures); with
  ``--concurrency 4,2,1`` (the default) also fan-outs with 2 instances and with 1 (the platform's
  overhead at no parallelism). The instances start fresh (main.py imported, no tick yet), so each
  pays its first tick's lazy setup, as a new instance does.
* a fan-out with **Google's default quota** (60 reads + 60 writes a minute for the one service
  account, shared by every shop: shared/app/sheets_quota.py, ``state/sheets_quota.json``): how many
  shops ticked on the first schedule, how many were deferred ("deferred: quota", done by the next
  tick), and, scheduling again at once until every shop has ticked (``--rounds``), how long that took
  (deployed, the next schedule comes 5 minutes later); and whether any request met 429 (the
  emulator enforces the same quota). ``--no-default-quota`` skips it.

Printed: per shop (Sheets calls, WeChat calls, tick time, outcome) for the first fan-out and the
first sequential run; per run the wall time, the sum of the ticks' own durations, calls per shop,
outcomes, 429s, peak RSS of a process running ticks, and the CPU seconds spent by the ticks' processes,
each emulator and this process (Pub/Sub and the pool), with how many ticks ran at once on average
(from the tick lines' times). The Sheets calls per tick by method tell reads from writes.

Limits of the figures: the machine's cores (printed) are shared by the instances, the two emulators
(each one process: the Sheets emulator serves every shop's reads and writes) and whatever else runs
(the load average is printed), so the ratio is a floor for a platform where each instance has its
own CPU and Google serves the requests. Peak RSS is per process that runs ticks.

``python -m benchmarks shops [--shops 20] [--rows 1000] [--concurrency 4,2,1] [--repeat 3]
[--raised-quota 6000] [--rounds 5] [--no-default-quota] [--json FILE]``; CI size: ``--shops 3
--rows 50``. The last line is one JSON object with the figures (``--json`` also writes every run's
per-shop counts). Nothing here fails on a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks.memory import cpu_seconds
from benchmarks.quota_stack import Emulator, start_emulator
from benchmarks.shops_fanout import HARNESS_ROOT, fan_out, tick_lines
from benchmarks.shops_report import TICKED, Run, cpu_lines, per_shop_table, runs_table, spread
from benchmarks.shops_world import ShopsWorld, seed, set_quota

GOOGLE_QUOTA = 60
SETTLE_SECONDS = 1800.0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks shops", description=__doc__.splitlines()[0])
    p.add_argument("--shops", type=int, default=20)
    p.add_argument("--rows", type=int, default=1000, help="open orders per shop")
    p.add_argument("--concurrency", default="4,2,1", help="sync instances; the first is the headline (4,2,1)")
    p.add_argument("--raised-quota", type=int, default=6000, help="Sheets reads and writes per minute")
    p.add_argument("--repeat", type=int, default=3, help="fan-out/sequential pairs (medians reported)")
    p.add_argument("--rounds", type=int, default=5, help="schedules at most, with the default quota")
    p.add_argument("--no-default-quota", action="store_true", help="skip the run at Google's quota")
    p.add_argument("--json", help="also write the figures with every run's per-shop counts to this file")
    return p


class Bench:
    def __init__(self, args: argparse.Namespace, sheets: Emulator, shop: Emulator, tmp: Path) -> None:
        self.args, self.sheets_url, self.shop_url, self.tmp = args, sheets.url, shop.url, tmp
        self.emulators = {"Sheets emulator": sheets.process.pid, "WeChat emulator": shop.process.pid}
        self.runs = 0

    def cpu(self, ticking: list[int], bench: bool) -> dict[str, float]:
        """CPU seconds used so far: the processes running ticks, each emulator, this process."""
        used = {"ticks": sum(cpu_seconds(pid) for pid in ticking)}
        used |= {name: cpu_seconds(pid) for name, pid in self.emulators.items()}
        return used | ({"Pub/Sub + pool": cpu_seconds(os.getpid())} if bench else {})

    def world(self, quota: int) -> ShopsWorld:
        """A fresh, identically seeded world; the emulator's quota as the deployment's."""
        self.runs += 1
        journal = self.tmp / f"journal-{self.runs}"
        world = seed(self.sheets_url, self.shop_url, journal, self.args.shops, self.args.rows)
        set_quota(self.sheets_url, quota, quota)
        world.clear_counters()
        return world

    def fan_out(self, label: str, concurrency: int, quota: int, rounds: int = 1) -> Run:
        world = self.world(quota)
        run = Run(label, "fan-out", concurrency, quota)
        keys = [s.key for s in world.shops]
        with fan_out(world.env(quota, quota), concurrency) as fan:
            pids = [i.process.pid for i in fan.instances]
            before = self.cpu(pids, bench=True)
            start = time.perf_counter()
            for done in range(1, rounds + 1):
                fan.schedule()
                if not fan.settle(SETTLE_SECONDS):
                    raise RuntimeError(f"{label}: the fan-out did not settle in {SETTLE_SECONDS:.0f} s")
                run.wall_s, run.rounds = time.perf_counter() - start, done
                time.sleep(0.3)  # the instances' last log lines are read by threads
                lines = fan.tick_lines()
                progress = Run(label, "fan-out", concurrency, quota)
                progress.take_lines(lines, keys)
                if done == 1:
                    run.first_round = {k: progress.first(k) for k in keys}
                if all(any(o in TICKED for o in progress.outcomes[k]) for k in keys):
                    break
            run.cpu = _spent(before, self.cpu(pids, bench=True))
        run.take_lines(fan.tick_lines() + fan.dispatch.lines, keys)
        run.peak_mb = [i.peak_mb for i in fan.sync]
        self._count(run, world)
        return run

    def sequential(self, label: str, quota: int) -> Run:
        world = self.world(quota)
        run = Run(label, "sequential", 1, quota)
        keys = [s.key for s in world.shops]
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("WAYBILL_", "PYTHONPATH"))}
        before = self.cpu([], bench=False)
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.shops_sequential", *keys],
            cwd=HARNESS_ROOT,
            env={**clean, **world.env(quota, quota), "WAYBILL_LOG_LEVEL": "INFO"},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the sequential run failed:\n{done.stderr[-3000:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        run.cpu = _spent(before, self.cpu([], bench=False)) | {"ticks": float(figures["cpu_s"])}
        lines: list[dict[str, Any]] = []
        tick_lines(done.stderr.splitlines(), lines)
        run.take_lines(lines, keys)
        run.wall_s, run.peak_mb = float(figures["wall_s"]), [float(figures["peak_mb"])]
        self._count(run, world)
        return run

    @staticmethod
    def _count(run: Run, world: ShopsWorld) -> None:
        sheets, run.methods = world.sheets_calls()
        run.sheets = {k: v["calls"] for k, v in sheets.items()}
        run.sheets_429 = {k: v["429"] for k, v in sheets.items()}
        run.wechat = world.wechat_calls()


def _spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {name: round(after[name] - before[name], 2) for name in before}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    levels = [int(c) for c in str(args.concurrency).split(",") if c.strip()]
    cpus = os.cpu_count() or 1
    print(
        f"{args.shops} shops x {args.rows:,} open rows; sync instances {levels[0]} (separate processes: "
        f"ticks overlap on cores, not on one GIL); "
        f"os.cpu_count() = {cpus}; load average {_load()} at the start",
        flush=True,
    )
    runs = _measure(args, levels)
    figures = _figures(args, levels, cpus, runs)
    _print(runs, figures)
    if args.json:
        detail = {**figures, "per_shop": {r.label: r.per_shop() for r in runs}}
        Path(args.json).write_text(json.dumps(detail, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False))
    return 0


def _measure(args: argparse.Namespace, levels: list[int]) -> list[Run]:
    """The headline pair ``--repeat`` times (alternating), the other fan-outs, Google's quota."""
    runs: list[Run] = []
    sheets, shop = start_emulator("emulators.sheets"), start_emulator("emulators.wechat_shop")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-shops-") as tmp:
            bench = Bench(args, sheets, shop, Path(tmp))
            raised, top = args.raised_quota, levels[0]
            for i in range(1, args.repeat + 1):
                nth = f" ({i}/{args.repeat})" if args.repeat > 1 else ""
                runs.append(bench.fan_out(f"fan-out x{top}, quota {raised}/min{nth}", top, raised))
                runs.append(bench.sequential(f"sequential, quota {raised}/min{nth}", raised))
            for level in levels[1:]:
                runs.append(bench.fan_out(f"fan-out x{level}, quota {raised}/min", level, raised))
            if not args.no_default_quota:
                label = f"fan-out x{top}, quota {GOOGLE_QUOTA}/min"
                runs.append(bench.fan_out(label, top, GOOGLE_QUOTA, rounds=args.rounds))
    finally:
        sheets.stop()
        shop.stop()
    return runs


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _pairs(runs: list[Run]) -> tuple[list[Run], list[Run]]:
    """The headline fan-outs and the sequential runs, repeats included."""
    seq = [r for r in runs if r.mode == "sequential"]
    fan = [
        r
        for r in runs
        if r.mode == "fan-out" and (r.concurrency, r.quota) == (runs[0].concurrency, runs[0].quota)
    ]
    return fan, seq


def _figures(args: argparse.Namespace, levels: list[int], cpus: int, runs: list[Run]) -> dict[str, Any]:
    fans, seqs = _pairs(runs)
    fan_s, seq_s = median(r.wall_s for r in fans), median(r.wall_s for r in seqs)
    others = {
        r.concurrency: r for r in runs if r not in fans and r.mode == "fan-out" and r.quota != GOOGLE_QUOTA
    }
    google = next((r for r in runs if r.quota == GOOGLE_QUOTA), None)
    counted = [(r.sheets, r.wechat) for r in runs if r.rounds == 1 and r.quota != GOOGLE_QUOTA]
    fan, seq = fans[0], seqs[0]
    figures: dict[str, Any] = {
        "shops": args.shops,
        "rows": args.rows,
        "concurrency": levels[0],
        "cpu_count": cpus,
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "raised_quota_per_minute": args.raised_quota,
        "fanout_s": round(fan_s, 3),
        "sequential_s": round(seq_s, 3),
        "ratio": round(seq_s / fan_s, 3) if fan_s else None,
        "repeats": {
            "fanout_s": [round(r.wall_s, 3) for r in fans],
            "sequential_s": [round(r.wall_s, 3) for r in seqs],
        },
        **{f"fanout_x{level}_s": round(r.wall_s, 3) for level, r in others.items()},
        "sheets_calls_per_shop": spread(fan.sheets),
        "wechat_calls_per_shop": spread(fan.wechat),
        "sheets_methods_per_tick": {m: round(n / max(1, args.shops), 2) for m, n in fan.methods.items()},
        "same_work": all(c == counted[0] for c in counted),
        "ticked_once": {
            "fanout": all(r.ticked_once() for r in fans),
            "sequential": all(r.ticked_once() for r in seqs),
        },
        "deferred": {
            "fanout": sum(r.count("deferred") for r in fans),
            "sequential": sum(r.count("deferred") for r in seqs),
        },
        "peak_rss_mb": {
            "fanout_instance_max": round(max(fan.peak_mb, default=0.0), 1),
            "fanout_instances_sum": round(sum(fan.peak_mb), 1),
            "sequential": round(max(seq.peak_mb, default=0.0), 1),
        },
        "runs": [r.as_dict() for r in runs],
    }
    if google is not None:
        first = google.first_round.values()
        figures["default_quota"] = {
            "first_schedule": {o: sum(1 for v in first if v == o) for o in sorted(set(first))},
            "deferred_first_schedule": sum(1 for v in first if v == "deferred"),
            "schedules_until_all_ticked": google.rounds,
            "all_ticked": all(any(o in TICKED for o in google.outcomes[k]) for k in google.outcomes),
            "all_ticked_s": round(google.wall_s, 3),
            "sheets_429": sum(google.sheets_429.values()),
        }
        figures["deferred"]["default_quota_first_schedule"] = figures["default_quota"][
            "deferred_first_schedule"
        ]
    return figures


def _print(runs: list[Run], figures: dict[str, Any]) -> None:
    fans, seqs = _pairs(runs)
    fan, seq = fans[0], seqs[0]
    print(f"per shop, {fan.label} vs {seq.label} (calls from the emulators' own counters):")
    for line in per_shop_table(fan, seq):
        print(line)
    print()
    for line in runs_table(runs):
        print(line)
    print()
    times = "" if len(fans) == 1 else f" (medians of {len(fans)})"
    print(
        f"fan-out x{fan.concurrency}: {figures['fanout_s']:.2f} s; "
        f"sequential: {figures['sequential_s']:.2f} s{times}; "
        f"ratio (sequential / fan-out) {figures['ratio']}; on {figures['cpu_count']} cores "
        f"(os.cpu_count()), load average now {_load()}"
    )
    same = "yes" if figures["same_work"] else "NO"
    print(f"same work in every run (per-shop Sheets and WeChat calls equal): {same}")
    print(f"Sheets calls per tick by method: {figures['sheets_methods_per_tick']}")
    for line in cpu_lines(runs, figures["cpu_count"]):
        print(line)
    google = figures.get("default_quota")
    if google is not None:
        print(
            f"at Google's default quota ({GOOGLE_QUOTA} reads + {GOOGLE_QUOTA} writes a minute for the one "
            f"service account, every shop): first schedule {google['first_schedule']}; every shop ticked "
            f"after {google['schedules_until_all_ticked']} schedule(s), {google['all_ticked_s']:.1f} s "
            f"(scheduled again at once; deployed, a deferred shop waits for the next schedule, 5 min); "
            f"429s met: {google['sheets_429']}"
        )
    for run in runs:
        for error in sorted(set(run.errors))[:5]:
            print(f"{run.label}: logged error: {error}")


if __name__ == "__main__":
    raise SystemExit(main())
