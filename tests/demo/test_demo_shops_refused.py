"""A bad ``DEMO_SHOPS`` is refused in Chinese and English before anything starts (no emulator, no
function, no summary)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.shops import MAX_SHOPS, BadShopCount, shop_count

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["0", str(MAX_SHOPS + 1), "two", "-1", "2.5"])
def test_a_bad_shop_count_is_refused_before_anything_starts(value: str) -> None:
    env = {**os.environ, "DEMO_SHOPS": value, "DEMO_TICKS": "1"}
    done = subprocess.run([sys.executable, "-m", "demo"], capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 2
    err = done.stderr.decode("utf-8")
    assert f"DEMO_SHOPS 应为 1 到 {MAX_SHOPS} 之间的整数" in err
    assert f"DEMO_SHOPS must be a whole number from 1 to {MAX_SHOPS}" in err
    assert repr(value) in err
    assert done.stdout.decode("utf-8") == ""  # not even the "starting" line


@pytest.mark.parametrize(("value", "count"), [(None, None), ("", None), ("  ", None), ("1", 1), (" 3 ", 3)])
def test_unset_is_one_shop_without_a_registry(value: str | None, count: int | None) -> None:
    assert shop_count(value) == count


def test_the_largest_count_is_taken_and_one_more_is_not() -> None:
    assert shop_count(str(MAX_SHOPS)) == MAX_SHOPS
    with pytest.raises(BadShopCount):
        shop_count(str(MAX_SHOPS + 1))
