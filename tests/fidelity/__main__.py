"""``make fidelity``: gspread's own test suite, run live against the Sheets emulator (issue 15 item 4).

    python -m tests.fidelity [--gspread-src DIR] [--json FILE] [-- PYTEST_ARGS...]

DIR (or $GSPREAD_SRC) is a checkout of gspread's repository at the release requirements.txt pins;
without one this prints how to get it and exits 0. gspread's tests run in a pytest process of their
own (their ``tests`` package would shadow ours), with gspread_fidelity_plugin.py loaded into it:
cassettes off, Sheets URLs rewritten to an emulator on 127.0.0.1, Drive stubbed. The table printed
at the end says passed / failed / out of scope, with failures grouped by cause.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from .classify import classify, render

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PER_TEST_TIMEOUT = 120


def pinned_version(requirements: Path = ROOT / "requirements.txt") -> str:
    match = re.search(r"^gspread==([^\s\\;]+)", requirements.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else "?"


def how_to_get(version: str) -> str:
    return (
        "make fidelity runs gspread's own test suite against the Sheets emulator.\n"
        f"It needs a checkout of gspread's repository at the release this project pins "
        f"(gspread=={version} in requirements.txt);\n"
        "the sdist on PyPI ships no tests. For example:\n"
        "\n"
        f"    git clone --depth 1 --branch v{version} https://github.com/burnash/gspread /tmp/gspread-src\n"
        "    make fidelity GSPREAD_SRC=/tmp/gspread-src\n"
        "\n"
        "(or: git archive v{v} from an existing clone, unpacked anywhere outside this repository)".format(
            v=version
        )
    )


def checkout_version(src: Path) -> str:
    init = src / "gspread" / "__init__.py"
    match = re.search(r"""__version__\s*=\s*["']([^"']+)""", init.read_text(encoding="utf-8"))
    return match.group(1) if match else "?"


def run(src: Path, pytest_args: list[str], timeout: int = PER_TEST_TIMEOUT) -> dict[str, object] | None:
    """gspread's suite in a child pytest; the plugin's JSON report, or None if it wrote none."""
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        report = Path(tmp) / "report.json"
        ini = Path(tmp) / "pytest.ini"
        # Our own ini, so neither this repo's pytest settings nor the checkout's apply.
        ini.write_text(f"[pytest]\ntimeout = {timeout}\n", encoding="utf-8")
        env = dict(os.environ)
        env["FIDELITY_REPORT"] = str(report)
        # The checkout first: gspread's tests run against the gspread they were written for (a
        # checkout without the gspread/ package runs them against the installed one).
        env["PYTHONPATH"] = os.pathsep.join([str(src), str(HERE), str(ROOT)])
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ini),
            "--rootdir",
            str(src),
            "-p",
            "gspread_fidelity_plugin",
            "-p",
            "no:vcr",  # pytest-vcr, if installed: cassettes stay off
            "-p",
            "no:cacheprovider",  # write nothing into the checkout
            "-q",
            "--tb=no",
            "-rN",
            *pytest_args,
            # gspread's tests, unless the extra arguments already name some (tests/x_test.py::...)
            *([] if any(a.startswith("tests") for a in pytest_args) else ["tests"]),
        ]
        subprocess.run(cmd, cwd=src, env=env, check=False)
        if not report.is_file():
            return None
        loaded: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
        return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fidelity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gspread-src", default=os.environ.get("GSPREAD_SRC", ""))
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    parser.add_argument("--timeout", type=int, default=PER_TEST_TIMEOUT, help="seconds per test")
    parser.add_argument(
        "pytest_args", nargs="*", help="after --: passed to pytest (e.g. -- -k merge --tb=short)"
    )
    args = parser.parse_args(argv)

    pin = pinned_version()
    if not args.gspread_src:
        print(how_to_get(pin))
        return 0
    src = Path(args.gspread_src).expanduser().resolve()
    if not (src / "tests" / "conftest.py").is_file():
        print(f"{src} is not a gspread checkout with its tests (no tests/conftest.py).\n")
        print(how_to_get(pin))
        return 2
    if (src / "gspread" / "__init__.py").is_file():
        version = checkout_version(src)
        if version != pin:
            print(f"note: the checkout is gspread {version}; requirements.txt pins {pin}.")

    report = run(src, args.pytest_args, args.timeout)
    if report is None:
        print("gspread's test run ended without a report (see pytest's output above).", file=sys.stderr)
        return 2
    tests = report["tests"]
    assert isinstance(tests, list)
    summary = classify(tests)
    print()
    print(render(summary, f"gspread {report['gspread_version']} test suite against the Sheets emulator"))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"gspread_version": report["gspread_version"], **asdict(summary)}, indent=1),
            encoding="utf-8",
        )
    # pytest's own usage / internal errors (exit 2-4) mean the run itself is not to be trusted.
    return 2 if report.get("exitstatus") in (2, 3, 4) else 0


if __name__ == "__main__":
    sys.exit(main())
