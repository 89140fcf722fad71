"""Detection throughput on 1,000,000 generated inputs, one core, with peak memory.

Baseline, measured in the same run on a sample: a naive detector that always runs the full Unicode
pipeline and tries every courier format regardless of length (what a straightforward port of a
regex table does). Target for ours: >= 100,000 inputs/s and peak RSS < 200 MB.

``python -m benchmarks detect`` or ``python -m benchmarks.bench_detect [count]``.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from benchmarks.inputs import generate
from benchmarks.memory import peak_mb
from shared.couriers import COURIERS, Detection, detect

T = TypeVar("T")

TARGET_PER_SECOND = 100_000
TARGET_PEAK_MB = 200
BASELINE_SAMPLE = 100_000


def _naive_detect(raw: str) -> list[str]:
    """Baseline: NFKC + zero-width removal + every regex of every courier, for every input."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").upper()
    text = re.sub(r"[\s\-]+", "", text)
    if not text or text[0] in "=+-@":
        return []
    return [c.code for c in COURIERS for f in c.formats if re.fullmatch(f.pattern, text, re.ASCII)]


def _measure(fn: Callable[[str], T], is_valid: Callable[[T], bool], count: int) -> tuple[float, int, int]:
    """Time ``fn`` over ``count`` generated inputs; generation is outside the timed region."""
    elapsed = 0.0
    seen = valid = 0
    for batch in generate(count):
        # CPU time of this process: "inputs per second on one core", unaffected by other work on
        # the machine (wall time is printed alongside by main()).
        start = time.process_time()
        results = [fn(raw) for raw in batch]
        elapsed += time.process_time() - start
        seen += len(batch)
        valid += sum(1 for r in results if is_valid(r))
    return elapsed, seen, valid


def _detected(found: Detection) -> bool:
    return bool(found.codes)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    count = int(args[0]) if args else 1_000_000
    sample = min(BASELINE_SAMPLE, count)

    wall_start = time.perf_counter()
    base_s, base_n, _ = _measure(_naive_detect, bool, sample)
    ours_s, ours_n, ours_valid = _measure(detect, _detected, count)
    wall = time.perf_counter() - wall_start
    base_rate = base_n / base_s
    ours_rate = ours_n / ours_s
    peak = peak_mb()

    rows = [
        ("detector", "inputs", "CPU seconds", "inputs/s", "vs baseline"),
        ("baseline (naive, sample)", f"{base_n:,}", f"{base_s:.2f}", f"{base_rate:,.0f}", "1.00x"),
        (
            "waybill relay detect()",
            f"{ours_n:,}",
            f"{ours_s:.2f}",
            f"{ours_rate:,.0f}",
            f"{ours_rate / base_rate:.2f}x",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"wall time for both runs, input generation included: {wall:.1f} s")
    print(f"valid inputs detected: {ours_valid:,} of {ours_n:,}")
    print(f"peak RSS: {peak:.0f} MB (target < {TARGET_PEAK_MB} MB)")
    verdict = "met" if ours_rate >= TARGET_PER_SECOND and peak < TARGET_PEAK_MB else "NOT met"
    print(f"target >= {TARGET_PER_SECOND:,} inputs/s on one core: {verdict}")


if __name__ == "__main__":
    main()
