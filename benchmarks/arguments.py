"""Argument types for the benchmarks' command lines: a number out of its range is refused by argparse
(exit 2, the usage and the reason in Chinese and English) before anything starts, instead of a run
that measures nothing or a traceback halfway."""

from __future__ import annotations

import argparse
from collections.abc import Callable


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
