"""``DEMO_TICKS=3 make demo`` as a user runs it: a subprocess, judged by its last line (one JSON object).

One run (module-scoped) serves every assertion: the whole demo takes a few seconds per tick.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shared.demo.scenario import EXPECTED, PROBLEMS, TICKS_NEEDED

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run() -> tuple[list[str], dict[str, Any]]:
    env = {**os.environ, "DEMO_TICKS": str(TICKS_NEEDED)}
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "demo"], capture_output=True, cwd=ROOT, env=env, timeout=120
    )
    lines = done.stdout.decode("utf-8").strip().splitlines()
    assert done.returncode == 0, done.stderr.decode("utf-8")[-3000:]
    return lines, json.loads(lines[-1])


def test_every_seeded_problem_ends_in_its_state(run: tuple[list[str], dict[str, Any]]) -> None:
    _, result = run
    assert set(result["seeded"]) == set(PROBLEMS)
    wrong = {p: s for p, s in result["seeded"].items() if s not in EXPECTED[p]}
    assert not wrong, wrong
    # The duplicate is pushed (carriers do reuse numbers) but its row says so.
    assert "收件人不同" in result["seeded_messages"]["duplicate"]


def test_states_cover_every_row_and_the_sheets_budget_holds(run: tuple[list[str], dict[str, Any]]) -> None:
    _, result = run
    assert sum(result["states"].values()) == result["rows"] >= 190
    assert "unknown" not in result["states"]
    calls = result["sheets_calls_per_tick"]
    assert len(calls) == TICKS_NEEDED and all(1 <= n <= 5 for n in calls), calls
    assert result["errors"] == []


def test_it_prints_the_web_view_and_one_summary_line_per_tick(run: tuple[list[str], dict[str, Any]]) -> None:
    lines, _ = run
    assert any("/ui/" in line and "http://127.0.0.1:" in line for line in lines)
    ticks = [line for line in lines if line.startswith("第 ")]
    assert len(ticks) == TICKS_NEEDED
    assert "待下单" in ticks[0] and "已修正" in ticks[-1]
