"""The Makefile's test lanes (``make unit``, ``make contract``, ``make e2e``) cover every test exactly
once, and ``make test`` (what CI runs) runs all three: a new test folder cannot fall outside CI."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
LANES = {"unit": "UNIT_TESTS", "contract": "CONTRACT_TESTS", "e2e": "E2E_TESTS"}
# a pytest suite of its own that tests/fidelity's runner copies out and runs (tests/fidelity/conftest.py)
NOT_COLLECTED = (TESTS / "fidelity" / "synthetic",)


def _makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")


def _lane(variable: str) -> list[Path]:
    found = re.search(rf"^{variable}\s*:=(.*)$", _makefile(), re.MULTILINE)
    assert found, f"the Makefile defines no {variable}"
    return [ROOT / part for part in found.group(1).split()]


def _test_files() -> list[Path]:
    files = {*TESTS.rglob("test_*.py"), *TESTS.rglob("*_test.py")}  # pytest's own patterns
    return sorted(f for f in files if not any(f.is_relative_to(skip) for skip in NOT_COLLECTED))


def test_every_test_file_is_in_exactly_one_lane() -> None:
    lanes = {name: _lane(variable) for name, variable in LANES.items()}
    for paths in lanes.values():
        for path in paths:
            assert path.exists(), f"the Makefile names {path.relative_to(ROOT)}, which is not there"
    files = _test_files()
    assert len(files) > 100
    for file in files:
        holders = [name for name, paths in lanes.items() if any(file.is_relative_to(p) for p in paths)]
        assert len(holders) == 1, f"{file.relative_to(ROOT)} is in lanes {holders}: give it exactly one"


def test_the_unit_lane_is_the_folder_the_socket_guard_covers() -> None:
    assert _lane("UNIT_TESTS") == [TESTS / "unit"]
    assert (TESTS / "unit" / "conftest.py").is_file()


def test_make_test_runs_lint_types_and_every_lane() -> None:
    found = re.search(r"^test:(.*)$", _makefile(), re.MULTILINE)
    assert found
    assert found.group(1).split() == ["lint", "typecheck", *LANES]
    for name, variable in LANES.items():
        recipe = re.search(rf"^{name}:.*\n\t(.*)$", _makefile(), re.MULTILINE)
        assert recipe and "-m pytest" in recipe.group(1) and f"$({variable})" in recipe.group(1), name
