"""A busy team inside Google's Sheets quota (issue 17): 60 read and 60 write requests per minute per
user, and the service account is that one user for every function.

The stack over loopback HTTP (benchmarks/quota_stack.py): the Sheets emulator with the real quota on,
the WeChat Shop emulator, the functions served by functions-framework as deployed locally, with the
Pub/Sub emulator they hand work through. The world (quota_world.py): one open order per edit to
come, each ordered from its supplier and waiting for its number, 自动推送 on. The load, in real time
(quota_load.py): 5 operators each typing 20 tracking numbers a minute in the web view (the cell
written as the person, not charged to the service account; then the signed edit hook, as the Apps
Script sends it), a flash sale in the middle (120 new orders and their payments within a minute,
pushed to shop_events), and the timer at its deployed cadence (every 5 minutes, the first tick one
minute in; ``--tick-seconds`` compresses it, and the table says so).

Figures (quota_report.py): Sheets calls per edit (the service account's calls in the emulator's call
log, every function's, divided by the edits), 429s the client met (the emulator refused) and 429s
surfaced to the operator (function log lines at WARNING or above, and cells of 订单 说明, 日志 and 异常,
naming the quota), edit-to-colour p50/p95 (cell written -> the row's 状态 changed, read through the
emulator's control API: no quota), every edit coloured, the hook's answer time and total hook time.

Baseline in the same run: the same harness against ``--baseline-ref`` (default ``BASELINE_REF``,
main when this benchmark was written), checked out in a temporary ``git worktree``. Only the product
comes from there (its ``init-sheet`` and its functions); the emulators that measure come from this
checkout for both runs. Each run is a subprocess (``--run-one``) printing its figures as JSON.

Where the local stack is not the deployment: demo/local_functions.py's Pub/Sub stand-in delivers again a
trigger its function failed (0.2 to 2 s later, up to 4 at a time), where the deployed triggers never
retry (infra/terraform/functions.tf ``RETRY_POLICY_DO_NOT_RETRY``), so a tick that meets a 429 is
retried here and spends more quota than it would in the cloud. Under a saturated quota the figures
vary a lot from run to run; the longer default run steadies them.

``python -m benchmarks quota [--minutes 10] [--baseline-ref REF | --no-baseline] [--tick-seconds 300]``;
``--minutes 1`` is the smoke run. Figures are indicative on a shared machine; nothing here fails on them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.quota_load import LoadPlan
from benchmarks.quota_report import table
from benchmarks.quota_stack import HARNESS_ROOT
from benchmarks.quota_world import READS_PER_MINUTE, WRITES_PER_MINUTE

BASELINE_REF = "8dad78755eacf1180766fd9b324a6f74464de9be"  # main on 2026-12-05, before issue 17
ROW_MARGIN = 20  # open orders beyond the edits planned
PRODUCT = ("main.py", "functions", "shared", "sheet_templates")  # what the baseline's worktree supplies


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks quota", description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10.0, help="minutes of load (default 10; 1: smoke)")
    p.add_argument("--baseline-ref", default=BASELINE_REF, help="the commit measured beside this tree")
    p.add_argument("--no-baseline", action="store_true", help="measure this tree only")
    p.add_argument("--operators", type=int, default=5)
    p.add_argument("--per-minute", type=int, default=20, help="numbers each operator types a minute")
    p.add_argument("--sale-orders", type=int, default=120, help="orders in the flash sale's minute")
    p.add_argument("--tick-seconds", type=float, default=300.0, help="the timer's period (deployed: 300)")
    p.add_argument("--drain-seconds", type=float, default=120.0, help="wait for late colours after the load")
    p.add_argument("--json", help="also write every run's figures to this file")
    p.add_argument("--raw-dir", help="also write each run's raw observations (edits, hooks, log lines) here")
    p.add_argument("--run-one", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--product-root", help=argparse.SUPPRESS)
    p.add_argument("--raw-file", help=argparse.SUPPRESS)
    return p


def plan_of(args: argparse.Namespace) -> LoadPlan:
    return LoadPlan(
        minutes=args.minutes,
        operators=args.operators,
        per_minute=args.per_minute,
        sale_orders=args.sale_orders,
        tick_seconds=args.tick_seconds,
        drain_seconds=args.drain_seconds,
    )


def run_one(product_root: Path, plan: LoadPlan, raw_file: Path | None = None) -> dict[str, Any]:
    """In the child: seed, load, observe; the figures (and the raw observations in ``raw_file``)."""
    from benchmarks.quota_load import run
    from benchmarks.quota_report import summarise
    from benchmarks.quota_world import world

    with world(product_root, plan.edits + ROW_MARGIN, auto_push=True) as w:
        raw = run(w, plan)
    if raw_file is not None:
        raw_file.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"summary": summarise(raw), "seeded": w.seeded_states, "plan": asdict(plan)}


def _child(product_root: Path, argv: list[str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYBILL_", "PYTHONPATH"))}
    command = [sys.executable, "-m", "benchmarks.bench_quota", "--run-one", "--product-root"]
    done = subprocess.run(
        [*command, str(product_root), *argv], cwd=HARNESS_ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"the run against {product_root} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _baseline(ref: str, argv: list[str]) -> dict[str, Any]:
    """The same harness against ``ref``, checked out in a temporary worktree (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="bench-quota-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        git = ["git", "-C", str(HARNESS_ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", str(tree), ref], check=True, capture_output=True)
        try:
            return _child(tree, argv)
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], check=False, capture_output=True)


def _plan_argv(plan: LoadPlan) -> list[str]:
    """The plan as options, for the children."""
    return [
        *("--minutes", str(plan.minutes), "--operators", str(plan.operators)),
        *("--per-minute", str(plan.per_minute), "--sale-orders", str(plan.sale_orders)),
        *("--tick-seconds", str(plan.tick_seconds), "--drain-seconds", str(plan.drain_seconds)),
    ]


def _same_product(ref: str) -> bool:
    """Whether this tree's product files equal ``ref``'s (uncommitted changes included)."""
    diff = ["git", "-C", str(HARNESS_ROOT), "diff", "--quiet", ref, "--", *PRODUCT]
    return subprocess.run(diff, check=False, capture_output=True).returncode == 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    # Stopped from outside: unwind, so the emulators, the functions and the worktree go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    plan = plan_of(args)
    if args.run_one:
        raw_file = Path(args.raw_file) if args.raw_file else None
        print(json.dumps(run_one(Path(args.product_root), plan, raw_file)))
        return 0
    print(
        f"{plan.operators} operators x {plan.per_minute} numbers/min for {plan.minutes:g} min "
        f"({plan.edits} edits); flash sale of {plan.sale_orders} orders at {plan.sale_start:.0f}-"
        f"{plan.sale_start + plan.sale_seconds:.0f} s; timer every {plan.tick_seconds:g} s from "
        f"{plan.tick_phase:g} s{'' if plan.tick_seconds == 300 else ' (compressed; deployed: 300 s)'}; "
        f"Sheets quota {READS_PER_MINUTE} reads + {WRITES_PER_MINUTE} writes/min per user",
        flush=True,
    )

    def options(name: str) -> list[str]:
        raw = ["--raw-file", str(Path(args.raw_dir) / f"{name}.json")] if args.raw_dir else []
        return _plan_argv(plan) + raw

    runs: list[tuple[str, dict[str, Any]]] = []
    if not args.no_baseline:
        runs.append((f"baseline {args.baseline_ref[:10]}", _baseline(args.baseline_ref, options("baseline"))))
    runs.append(("this tree", _child(HARNESS_ROOT, options("this-tree"))))
    for line in table([(label, r["summary"]) for label, r in runs]):
        print(line)
    for label, r in runs:
        kinds = r["summary"]["surfaced_kinds"]
        print(f"{label}: 429s surfaced as " + ("; ".join(f"{k} x{n}" for k, n in kinds.items()) or "nothing"))
    if not args.no_baseline and _same_product(args.baseline_ref):
        print(f"the product ({', '.join(PRODUCT)}) is the same at {args.baseline_ref[:10]} and in this tree:")
        print("differences between the two columns are run-to-run variance")
    if args.json:
        Path(args.json).write_text(json.dumps(dict(runs), indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
