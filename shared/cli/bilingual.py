"""Argument parsers whose ``--help`` reads in Chinese and English, every line of it.

argparse writes its own headings in English ("usage:", "options:", "show this help message and
exit", "error:"); an operator may read only Chinese. ``parser()`` gives every command the same
two-language headings, description and errors; each option's ``help`` is written in both languages
by the command itself (``tests/commands/test_cli_help.py`` checks that none is left out).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's own line breaks (one line per language) and names the usage twice."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法 / usage: " if prefix is None else prefix)


class BilingualParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """argparse's own message stays (it names the argument); the framing is in both languages."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 参数有误 / error: {message}\n（加 --help 查看用法 / see --help）\n")


def parser(
    prog: str, zh: str, en: str, epilog: str | None = None, *, module: str = "shared.cli"
) -> BilingualParser:
    """A parser for ``python -m <module> <prog>`` (by default a ``shared.cli`` command) described by
    one Chinese and one English text."""
    made = BilingualParser(
        prog=f"python -m {module} {prog}".rstrip(),
        description=f"{zh}\n{en}",
        epilog=epilog,
        formatter_class=_Formatter,
        add_help=False,
    )
    made._positionals.title = "参数 / arguments"
    made._optionals.title = "选项 / options"
    made.add_argument("-h", "--help", action="help", help="显示本帮助并退出 / show this help and exit")
    return made


# Option types: a number out of its range is refused by argparse (exit 2, the usage and the reason in
# both languages) before anything starts, instead of a run that does nothing or a traceback halfway.


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """An integer from ``low`` to ``high`` (no upper bound when None)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"不是整数 / not a whole number: {text!r}") from None
        if value < low or (high is not None and value > high):
            span = f"{low}–{high}" if high is not None else f">= {low}"
            raise argparse.ArgumentTypeError(f"须为 {span} / must be {span}: {value}")
        return value

    return parse


def at_least(low: float) -> Callable[[str], float]:
    """A finite number no smaller than ``low``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"不是数字 / not a number: {text!r}") from None
        if not value >= low or value == float("inf"):  # NaN fails the first test
            raise argparse.ArgumentTypeError(f"须为 >= {low:g} 的有限数 / must be a finite number >= {low:g}")
        return value

    return parse
