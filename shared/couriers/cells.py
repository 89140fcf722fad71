"""A tracking-number cell: several packages are written one number per line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from shared.couriers import problems
from shared.couriers.detect import Detection
from shared.couriers.model import Problem
from shared.couriers.validate import Validation, validate

# Sheets uses \n inside a cell; pasted text may bring \r\n or Unicode line separators.
_LINES = re.compile(r"\r\n|[\r\n\u2028\u2029\u0085]")

# One order's packages: far more than any order ships in, far less than a pasted page. A cell over
# either bound is refused whole (one problem, no number taken), so a 50,000-character cell costs
# one length check, not thousands of validations.
MAX_CELL_CHARS = 2000
MAX_CELL_LINES = 50
# cell_numbers remembers this many (courier, cell) pairs: above the 订单 tab's live rows at 1,000
# orders a day (~37,000), so a tick's several passes over the rows validate each cell once, not once
# per pass; about 260 bytes a pair (~10 MB full), against ~900 for a whole CellCheck.
NUMBERS_CACHE = 65_536


@dataclass(frozen=True, slots=True)
class CellLine:
    """One non-empty line of the cell (1-based ``line``) and its verdict."""

    line: int
    validation: Validation
    problem: Problem | None


@dataclass(frozen=True, slots=True)
class CellCheck:
    """Every package line of a cell. ``ok`` when each line may be pushed."""

    lines: tuple[CellLine, ...]

    @property
    def ok(self) -> bool:
        return bool(self.lines) and all(
            line.problem is None or line.problem.severity == "warning" for line in self.lines
        )

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(line.validation.number for line in self.lines)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(line.problem for line in self.lines if line.problem is not None)


def check_cell(courier_name: str | None, cell: str) -> CellCheck:
    """Validate each line of a tracking-number cell against the courier column's value.

    Two numbers on one line are an error on that line (never silently one of them); the same number
    twice in a cell is an error on the repeated line.
    """
    if len(cell) > MAX_CELL_CHARS:
        return _refused(cell, problems.cell_too_long(len(cell), MAX_CELL_CHARS))
    parts = _LINES.split(cell)
    filled = sum(1 for text in parts if text.strip())
    if filled > MAX_CELL_LINES:
        return _refused(cell, problems.cell_too_many_lines(filled, MAX_CELL_LINES))
    seen: dict[str, int] = {}
    lines: list[CellLine] = []
    for index, text in enumerate(parts, start=1):
        if not text.strip():
            continue
        verdict = validate(courier_name, text)
        problem = verdict.problem
        if problem is None or problem.severity == "warning":
            first = seen.get(verdict.number)
            if first is not None:
                problem = problems.duplicate_in_cell(verdict.number, first, index)
            else:
                seen[verdict.number] = index
        lines.append(CellLine(index, verdict, problem))
    return CellCheck(tuple(lines))


def _refused(cell: str, problem: Problem) -> CellCheck:
    """A cell too big to be one order's numbers: one error line, no number."""
    detection = Detection(cell, "", (), None, problem)
    verdict = Validation(False, None, "", problem, None, detection)
    return CellCheck((CellLine(1, verdict, problem),))


@lru_cache(maxsize=NUMBERS_CACHE)
def cell_numbers(courier_name: str | None, cell: str) -> tuple[str, ...]:
    """``check_cell(courier_name, cell).numbers``, remembered (pure, so a cached answer is the answer)."""
    return check_cell(courier_name, cell).numbers
