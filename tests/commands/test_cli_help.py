"""Every command's ``--help`` reads in Chinese and in English, as an operator runs it (a subprocess)."""

from __future__ import annotations

import argparse
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shared.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}")
# argparse's own English headings, which must not be left untranslated
ARGPARSE_ENGLISH = ("show this help message and exit", "positional arguments:", "\noptions:", "\nusage:")


# The demo is a command of its own (``python -m demo``, outside the library), held to the same rule.
# command line -> the module whose parser() it uses
PARSERS = {
    **{f"shared.cli {name}": f"shared.cli.{name.replace('-', '_')}" for name in COMMANDS},
    "demo": "demo.run",
    "demo --detector": "demo.detector",
}


def help_text(*args: str, module: str = "shared.cli") -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args, "--help"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return "\n" + done.stdout.decode("utf-8")


def test_the_top_level_help_lists_every_command_in_both_languages() -> None:
    text = help_text()
    assert "用法 / usage" in text and "命令 / commands" in text
    for name, summary in COMMANDS.items():
        zh, en = summary.zh, summary.en
        assert name in text and zh in text and en in text
        assert CHINESE.search(zh) and ENGLISH.search(en)


@pytest.mark.parametrize("command", PARSERS)
def test_each_command_helps_in_both_languages(command: str) -> None:
    module, *args = command.split()
    text = help_text(*args, module=module)
    assert "用法 / usage:" in text and "选项 / options:" in text
    assert "显示本帮助并退出 / show this help and exit" in text
    assert not [words for words in ARGPARSE_ENGLISH if words in text], text


@pytest.mark.parametrize("command", PARSERS)
def test_every_option_is_described_in_both_languages(command: str) -> None:
    module = importlib.import_module(PARSERS[command])
    parser: argparse.ArgumentParser = module.parser()
    assert CHINESE.search(parser.description or "") and ENGLISH.search(parser.description or "")
    for action in parser._actions:
        helped = action.help or ""
        assert CHINESE.search(helped) and ENGLISH.search(helped), (command, action.dest, helped)


def test_a_bad_argument_is_explained_in_both_languages() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "track"], capture_output=True, cwd=ROOT, timeout=60, check=False
    )
    said = done.stderr.decode("utf-8")
    assert done.returncode == 2 and "参数有误 / error:" in said and "--courier" in said


def test_init_sheet_is_a_command_as_the_docs_say() -> None:
    """health.py and the README tell operators to run ``python -m shared.cli init-sheet``."""
    assert "init-sheet" in COMMANDS and "init-sheet" in help_text("init-sheet")
