"""The quick slice of the fault matrix (``make test``): a few cells, each fault at one seed, the
journal on both stores. The whole matrix is ``make faults``. Counts only, no timings: each cell
checks the four invariants after the faults cleared (invariants.py)."""

from __future__ import annotations

import pytest

from tests.faults.faults import FAULTS
from tests.faults.fworld import Rig
from tests.faults.scenario import run_cell

pytestmark = pytest.mark.slow  # each cell drives worlds through a fault: seconds apiece

QUICK = [f for f in FAULTS if f.quick]
CELLS = [(f, "local", 1) for f in QUICK] + [
    (f, "s3", 2) for f in QUICK if f.name in ("none", "kill_after_shop_call")
]


@pytest.mark.parametrize(("fault", "store", "seed"), CELLS, ids=[f"{f.name}-{s}-{n}" for f, s, n in CELLS])
def test_the_invariants_hold_after_the_fault_clears(
    fault_rig: Rig, fault: object, store: str, seed: int
) -> None:
    cell = run_cell(fault_rig, fault, store, seed)  # type: ignore[arg-type]
    assert cell.verdict.ok, "\n".join(cell.verdict.problems())
