"""Run cells of the matrix and print the table (``python -m tests.faults``, ``make faults``)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from tests.faults.faults import Fault
from tests.faults.fworld import rig
from tests.faults.scenario import Cell, run_cell

COLUMNS = (
    "fault",
    "store",
    "iterations",
    "double pushes",
    "lost edits",
    "lost journal entries",
    "extra journal entries",
    "converged",
)


def run(
    faults: Sequence[Fault], stores: Sequence[str], seeds: Sequence[int], log: TextIO | None = None
) -> list[Cell]:
    cells = []
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp, rig(Path(tmp), with_s3="s3" in stores) as r:
        for fault in faults:
            for store in stores:
                for seed in seeds:
                    cell = run_cell(r, fault, store, seed)
                    cells.append(cell)
                    if log is not None:
                        _log_cell(cell, log)
    return cells


def _log_cell(cell: Cell, log: TextIO) -> None:
    mark = "ok" if cell.verdict.ok else "FAIL"
    extra = f" kills={cell.kills}" if cell.kills else ""
    print(f"  {cell.fault} store={cell.store} seed={cell.seed}: {mark}{extra}", file=log, flush=True)
    for problem in cell.verdict.problems():
        print(f"      {problem}", file=log)
    for error in cell.tick_errors:
        print(f"      (tick error) {error}", file=log)


def table(cells: Iterable[Cell]) -> list[tuple[str, ...]]:
    groups: dict[tuple[str, str], list[Cell]] = {}
    for cell in cells:
        groups.setdefault((cell.fault, cell.store), []).append(cell)
    rows = []
    for (fault, store), group in groups.items():
        v = [c.verdict for c in group]
        rows.append(
            (
                fault,
                store,
                str(len(group)),
                str(sum(len(x.double_pushes) for x in v)),
                str(sum(len(x.lost_edits) for x in v)),
                str(sum(len(x.lost_journal) for x in v)),
                str(sum(len(x.extra_journal) for x in v)),
                f"{sum(1 for x in v if not x.unconverged)}/{len(group)}",
            )
        )
    return rows


def render(rows: Sequence[tuple[str, ...]]) -> str:
    every = [COLUMNS, *rows]
    widths = [max(len(r[i]) for r in every) for i in range(len(COLUMNS))]
    line = "-+-".join("-" * w for w in widths)
    out = [" | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)), line]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)
