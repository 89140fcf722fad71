"""The gspread fidelity runner itself (issue 15 item 4), without a gspread checkout: its message and
exit code when there is none, the Drive operation names, the classification, and a whole run over a
tiny synthetic gspread-style suite (tests/fidelity/synthetic/) against the emulator."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fidelity.__main__ import ROOT, main, pinned_version
from tests.fidelity.classify import classify, failure_group, render
from tests.fidelity.gspread_fidelity_plugin import DRIVE_FILES, DRIVE_UPLOAD, SHEETS_MIME, drive_operation

SYNTHETIC = Path(__file__).parent / "synthetic"


def test_without_a_checkout_it_says_how_to_get_one_and_exits_0() -> None:
    env = {k: v for k, v in os.environ.items() if k != "GSPREAD_SRC"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.fidelity"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    version = pinned_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert f"--branch v{version} https://github.com/burnash/gspread" in done.stdout
    assert "make fidelity GSPREAD_SRC=" in done.stdout
    assert "sdist on PyPI ships no tests" in done.stdout


def test_a_directory_without_gspread_tests_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--gspread-src", str(tmp_path)]) == 2
    assert "not a gspread checkout" in capsys.readouterr().out


def test_make_test_does_not_depend_on_fidelity() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^fidelity:", makefile, re.MULTILINE)
    test_rule = re.search(r"^test:(.*)$", makefile, re.MULTILINE)
    assert test_rule is not None and "fidelity" not in test_rule.group(1)


@pytest.mark.parametrize(
    ("method", "url", "body", "operation"),
    [
        ("post", DRIVE_FILES, {"name": "t", "mimeType": SHEETS_MIME}, "create"),
        ("post", DRIVE_FILES, {"name": "t", "mimeType": SHEETS_MIME, "parents": ["f"]}, "create in a folder"),
        ("delete", f"{DRIVE_FILES}/abc?supportsAllDrives=True", None, "delete"),
        ("get", DRIVE_FILES, None, "list / search files"),
        ("get", f"{DRIVE_FILES}/abc", None, "file metadata (created / modified time)"),
        ("post", f"{DRIVE_FILES}/abc/copy", {}, "copy"),
        ("get", f"{DRIVE_FILES}/abc/export", None, "export"),
        ("post", f"{DRIVE_FILES}/abc/permissions", {}, "share"),
        ("get", f"{DRIVE_FILES}/abc/permissions", None, "list permissions"),
        ("delete", f"{DRIVE_FILES}/abc/permissions/p1", None, "remove permission"),
        ("get", f"{DRIVE_FILES}/abc/comments", None, "comments"),
        ("put", f"{DRIVE_UPLOAD}/abc", None, "import (upload a file's content)"),
    ],
)
def test_drive_operations_are_named(method: str, url: str, body: object, operation: str) -> None:
    assert drive_operation(method, url, body) == operation


def test_classification_and_table() -> None:
    records = [
        {"nodeid": "a::ok", "outcome": "passed", "drive": [], "sheets_requests": 3},
        {"nodeid": "a::pure", "outcome": "passed", "drive": [], "sheets_requests": 0},
        {
            "nodeid": "a::m1",
            "outcome": "failed",
            "drive": [],
            "crash": "gspread.exceptions.APIError: APIError: [400]: Invalid requests[0].mergeCells: no",
        },
        {
            "nodeid": "a::m2",
            "outcome": "failed",
            "drive": [],
            "crash": "gspread.exceptions.APIError: APIError: [400]: Invalid requests[3].mergeCells: no",
        },
        {"nodeid": "a::x", "outcome": "failed", "drive": [], "crash": "KeyError: 'properties'"},
        {
            "nodeid": "a::ls",
            "outcome": "failed",
            "drive": ["list / search files"],
            "crash": "DriveNotEmulated",
        },
        {"nodeid": "a::exp", "outcome": "passed", "drive": ["export"], "sheets_requests": 2},
        {"nodeid": "a::sk", "outcome": "skipped", "drive": [], "crash": "needs a second account"},
    ]
    summary = classify(records)
    assert summary.passed == ["a::ok", "a::pure"] and summary.offline == ["a::pure"]
    assert summary.failed == {
        "APIError: [400]: Invalid requests[i].mergeCells: no": ["a::m1", "a::m2"],
        "KeyError: 'properties'": ["a::x"],
    }
    assert summary.out_of_scope == {
        "needs Drive: export": ["a::exp"],
        "needs Drive: list / search files": ["a::ls"],
        "skipped by gspread's suite: needs a second account": ["a::sk"],
    }
    assert summary.total == len(records)
    table = render(summary, "title")
    for row in ("| passed | 2 |", "| failed | 3 |", "| out of scope | 3 |", "| total | 8 |"):
        assert row in table
    assert "  [2] APIError: [400]: Invalid requests[i].mergeCells: no" in table
    assert failure_group("x" * 300).endswith("...") and len(failure_group("x" * 300)) == 160


@pytest.mark.slow
def test_a_synthetic_suite_runs_against_the_emulator(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # A checkout-shaped directory (tests/ only: the installed gspread is used).
    shutil.copytree(SYNTHETIC, tmp_path / "tests")
    (tmp_path / "tests" / "__init__.py").write_text("", encoding="utf-8")
    out = tmp_path / "summary.json"
    assert main(["--gspread-src", str(tmp_path), "--json", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["passed"] == [
        "tests/sample_test.py::test_offline",
        "tests/sample_test.py::test_values_round_trip",
    ]
    assert summary["offline"] == ["tests/sample_test.py::test_offline"]
    assert summary["out_of_scope"] == {
        "needs Drive: export": ["tests/sample_test.py::test_export_even_if_the_test_swallows_the_error"],
        "needs Drive: list / search files": ["tests/sample_test.py::test_lists_files"],
        "skipped by gspread's suite: needs a second account": ["tests/sample_test.py::test_skipped"],
    }
    groups = list(summary["failed"].items())
    # Both unknown-request failures group under one cause whatever the index of the bad request.
    assert [len(nodeids) for _, nodeids in groups] == [2, 1]
    assert "[400]" in groups[0][0]
    assert groups[1] == (
        "AssertionError: assert 'fidelity synthetic' == 'not the title'",
        ["tests/sample_test.py::test_wrong_expectation"],
    )
    printed = capfd.readouterr().out
    assert "| passed | 2 |" in printed and "| out of scope | 3 |" in printed and "| total | 8 |" in printed
    # Nothing was written into the checkout (no cache, no cassettes).
    assert sorted(p.name for p in (tmp_path / "tests").iterdir() if p.name != "__pycache__") == [
        "__init__.py",
        "conftest.py",
        "sample_test.py",
    ]
