"""How fast the machine is right now: a fixed piece of work, timed, between a long run's ticks.

A shared machine's speed changes while a long benchmark runs (the same year's month 1 took 7.4 s a
median tick in one run and 9.5 s in another; a later session measured the same ticks' CPU 2.6x
over). A tick's wall time then carries the machine's change as well as the product's. The same
fixed work before each tick says how much of a change is the machine's: Python of the kind a tick
runs (dicts, strings, JSON, sorting), no I/O, some 20 ms on a quiet 2-core machine, the best of
three (the least disturbed).
"""

from __future__ import annotations

import json
import time

_ROWS = 8_000


def _work() -> int:
    rows = [
        {"order_id": f"{3_700_000_000 + i * 7919}", "n": i % 97, "s": f"已发货 {i}"} for i in range(_ROWS)
    ]
    again = json.loads(json.dumps(rows, ensure_ascii=False))
    again.sort(key=lambda r: (r["n"], r["order_id"]))
    return sum(len(r["s"]) for r in again)


def reference_ms(repeats: int = 3) -> float:
    """The fixed work's best time of ``repeats``, in milliseconds."""
    best = float("inf")
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        _work()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 2)
