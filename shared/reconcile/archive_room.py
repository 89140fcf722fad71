"""Which spreadsheet a month's archive rows go to, by the cells each one holds (pure).

Google counts a spreadsheet's cells as its tabs' grids (rows × columns), and refuses a write past its
ceiling: 10 million cells today, 5 million in older pages (docs/platforms/sheets-and-functions.md:
unverified which), so the safer 5 million is taken.
At 1,000 orders a day a year of archive tabs is about 4.7 million cells, so the archive rolls over,
by size, into separate archive spreadsheets the operator lists in 设置 ``archive_spreadsheets``:

* the workspace under ``CellLimits.threshold``: archive tabs stay in the workspace;
* over it: new moves go to the first listed archive spreadsheet under the threshold;
* none listed, none reachable, or all over it: the workspace keeps taking them while it is under
  ``CellLimits.stop``, then archiving stops (the rows stay in 订单); in each of these cases the
  operator is asked for a new archive spreadsheet (``Placing.short``).

An archive spreadsheet that cannot be opened (not shared with the service account, a wrong id) is
never a target, and is named (``Placing.unreachable``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WORKSPACE = ""  # the spreadsheet id standing for the workspace itself
CELL_THRESHOLD = 4_000_000  # a spreadsheet this full takes no new archive tab rows (if another can)
CELL_STOP = 4_500_000  # the workspace this full takes none at all: archiving stops


@dataclass(frozen=True, slots=True)
class CellLimits:
    threshold: int = CELL_THRESHOLD
    stop: int = CELL_STOP


@dataclass(frozen=True, slots=True)
class Room:
    """An archive spreadsheet as measured: its cells, or None when it could not be opened."""

    spreadsheet_id: str
    cells: int | None


@dataclass(frozen=True, slots=True)
class Placing:
    """``target``: the spreadsheet new archive moves go to (``WORKSPACE``), or None: archive nothing.
    ``short``: the workspace is over the threshold and no archive spreadsheet can take the rows.
    ``unreachable``: listed archive spreadsheets that could not be opened."""

    target: str | None
    short: bool
    unreachable: tuple[str, ...]


def choose(workspace_cells: int, archives: Sequence[Room], limits: CellLimits = CellLimits()) -> Placing:
    """Where this run's archive moves go (see the module docstring)."""
    unreachable = tuple(r.spreadsheet_id for r in archives if r.cells is None)
    if workspace_cells < limits.threshold:
        return Placing(WORKSPACE, False, unreachable)
    for room in archives:
        if room.cells is not None and room.cells < limits.threshold:
            return Placing(room.spreadsheet_id, False, unreachable)
    target = WORKSPACE if workspace_cells < limits.stop else None
    return Placing(target, True, unreachable)
