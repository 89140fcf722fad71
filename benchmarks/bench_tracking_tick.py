"""Provider calls per tick for N shipped rows through the REAL sync tick (not only the planner).

A whole local world (WeChat Shop, Sheets and Kuaidi100 emulators; tests/e2e/world.py) with N rows
already shipped, each on a scripted "normal" Kuaidi100 journey; the real ``run_tick`` runs every
5 minutes of emulated time, with the real Kuaidi100Client counting its HTTP requests. Two policies:
polling only (no callback URL), and subscriptions with pushes to a local callback that stores them
the way the tracking_events function does. Also checks the emulator's log: no number was ever
queried twice within 30 minutes (no 锁单).

Baseline, in the same run: the naive watch (query every shipped row on every tick) = N calls per
tick, which Kuaidi100 would answer with locks; and ``simulate_calls`` (the planner alone).

``python -m benchmarks tracking_tick`` or ``python -m benchmarks.bench_tracking_tick [rows] [hours]``.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from shared.app.tracking_state import store_push
from shared.logistics.budget import simulate_calls
from shared.logistics.planner import PollPolicy
from shared.tracking import handle_push
from tests.e2e.world import World, world

TICK_MINUTES = 5
SALT = "bench-salt"


@contextmanager
def _callback(w: World) -> Iterator[str]:
    """Our push endpoint: verify, store (on the world's clock), acknowledge; what tracking_events does."""

    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            reply = handle_push(body, SALT)
            if reply.notice is not None:
                store_push(w.journal, reply.notice, w.now())
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tracking_events"
    finally:
        server.shutdown()
        server.server_close()


def _run(rows: int, hours: float, subscribe: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, world(Path(tmp), tracking=True) as w, _callback(w) as url:
        assert w.tracking is not None and w.kuaidi100 is not None
        if subscribe:
            w.tracking = replace(w.tracking, callback_url=url, salt=SALT)
        w.seed_shipped(rows)
        per_tick: list[int] = []
        sheets: list[int] = []
        seconds: list[float] = []
        for _ in range(int(hours * 60 / TICK_MINUTES)):
            start = time.perf_counter()
            report = w.tick()
            seconds.append(time.perf_counter() - start)
            per_tick.append(report.tracking_calls)
            sheets.append(report.sheets_calls)
            w.advance(TICK_MINUTES / 60)
        log = w.kuaidi100_control.log("query")
        worst = _worst_per_number(log)
        cycle = int(4 * 60 / TICK_MINUTES)  # one 4 h refresh cycle, after the first one
        window = per_tick[cycle : 2 * cycle] or per_tick
        return {
            "first": per_tick[0],
            "peak": max(per_tick),
            "cycle_mean": sum(window) / len(window),
            "total": sum(per_tick),
            "locked": sum(1 for e in log if "锁" in str(e)),
            "worst_30min": worst,
            "sheets_peak": max(sheets),
            "tick_s": sorted(seconds)[len(seconds) // 2],
        }


def _worst_per_number(log: list[dict[str, Any]]) -> int:
    """Most queries of one number inside any 30 minutes (emulator time)."""
    times: dict[str, list[datetime]] = {}
    for entry in log:
        number = str(entry.get("param", "")).split('"num":"')[-1].split('"')[0]
        times.setdefault(number, []).append(datetime.fromisoformat(entry["at"]))
    worst = 0
    for seen in times.values():
        seen.sort()
        for i, t in enumerate(seen):
            worst = max(worst, sum(1 for u in seen[i:] if u - t < timedelta(minutes=30)))
    return worst


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 1_000
    hours = float(argv[1]) if len(argv) > 1 else 9.0
    budget = PollPolicy().budget_per_tick
    print(f"{rows} shipped rows, a tick every {TICK_MINUTES} min for {hours:g} h, budget {budget} calls/tick")
    header = f"{'watch':<34} {'first':>6} {'peak':>5} {'mean/tick*':>11} {'total':>6} {'locked':>7}"
    print(header + f" {'max/30min':>9} {'sheets/tick':>11} {'tick s':>7}")
    naive = f"{'naive: query every row every tick':<34} {rows:>6} {rows:>5} {rows:>11.1f}"
    print(naive + f" {rows * int(hours * 60 / TICK_MINUTES):>6} {'(all)':>7} {'6':>9}")
    for name, policy in (("planner alone, poll every 4 h", PollPolicy(use_subscriptions=False)),
                         ("planner alone, subscribe", PollPolicy())):  # fmt: skip
        sim = simulate_calls(
            rows, policy, tick=timedelta(minutes=TICK_MINUTES), duration=timedelta(hours=hours)
        )
        print(f"{name:<34} {sim.first_tick:>6} {sim.peak:>5} {'':>11} {sim.total:>6}")
    for name, subscribe in (("real tick, poll every 4 h", False), ("real tick, subscribe + pushes", True)):
        r = _run(rows, hours, subscribe)
        line = f"{name:<34} {r['first']:>6} {r['peak']:>5} {r['cycle_mean']:>11.1f} {r['total']:>6}"
        print(line + f" {r['locked']:>7} {r['worst_30min']:>9} {r['sheets_peak']:>11} {r['tick_s']:>7.2f}")
    print("* mean over the second 4 h refresh cycle (hours 4-8), after the initial burst")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
