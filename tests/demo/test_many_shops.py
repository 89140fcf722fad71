"""``DEMO_SHOPS=2 DEMO_TICKS=5 make demo`` as a user runs it (issue 21 item 5): two shops on one
deployment, each tick fanned out by ``dispatch`` through the Pub/Sub emulator to one ``sync`` per
shop, judged by the last line (one JSON object) and the lines before it.

One run (module-scoped) serves every assertion. It runs with the production Sheets quota (one bucket
for every shop, docs/shops.md), which paces the shops' shop events: a few minutes on two cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from demo.scenario import EXPECTED, PROBLEMS, TICKS_NEEDED
from demo.shops import KEYS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TICKS = TICKS_NEEDED + 1
SHOPS = 2
# Row states of orders not shipped yet: each is an open order on the overview
OPEN_STATES = ("awaiting_supplier_order", "awaiting_tracking", "invalid", "number_reused", "mismatch")


@pytest.fixture(scope="module")
def run() -> tuple[list[str], dict[str, Any]]:
    env = {**os.environ, "DEMO_TICKS": str(TICKS), "DEMO_SHOPS": str(SHOPS)}
    done = subprocess.run([sys.executable, "-m", "demo"], capture_output=True, cwd=ROOT, env=env, timeout=900)
    lines = done.stdout.decode("utf-8").strip().splitlines()
    assert done.returncode == 0, done.stderr.decode("utf-8")[-3000:]
    return lines, json.loads(lines[-1])


def test_every_shops_seeded_problems_end_in_their_states(run: tuple[list[str], dict[str, Any]]) -> None:
    _, result = run
    shops = result["shops"]
    assert list(shops) == list(KEYS[:SHOPS])
    for key, shop in shops.items():
        assert set(shop["seeded"]) == set(PROBLEMS), key
        wrong = {p: s for p, s in shop["seeded"].items() if s not in EXPECTED[p]}
        assert not wrong, (key, wrong)
        assert sum(shop["states"].values()) == shop["rows"] >= 190, key
        assert shop["states"]["logistics_exception"] == 5, (key, shop["states"])
        assert len(shop["sheets_calls_per_tick"]) == TICKS and all(shop["sheets_calls_per_tick"])
    assert result["errors"] == []


def test_the_shops_orders_do_not_leak_into_each_other(run: tuple[list[str], dict[str, Any]]) -> None:
    """Each workspace holds only its own shop's orders (checked against each app's orders on the
    WeChat emulator), and no order is seeded in two shops."""
    _, result = run
    shops = result["shops"]
    assert [shop["other_shops_rows"] for shop in shops.values()] == [0] * SHOPS
    seeded = [set(shop["seeded_orders"].values()) for shop in shops.values()]
    assert not seeded[0] & seeded[1]
    assert len({shop["appid"] for shop in shops.values()}) == SHOPS
    assert len({shop["web_url"] for shop in shops.values()}) == SHOPS


def test_each_tick_is_fanned_out_through_pubsub(run: tuple[list[str], dict[str, Any]]) -> None:
    """The scheduler's one message per tick reached dispatch, which published one per shop to sync."""
    _, result = run
    deliveries = result["pubsub_deliveries"]
    assert deliveries["waybill-schedule-dispatch"] == {"delivered": TICKS, "failed": 0, "dead_lettered": 0}
    assert deliveries["waybill-tick-sync"] == {"delivered": TICKS * SHOPS, "failed": 0, "dead_lettered": 0}


def test_the_top_level_fields_are_the_first_shops(run: tuple[list[str], dict[str, Any]]) -> None:
    _, result = run
    first = result["shops"][KEYS[0]]
    assert result["seeded"] == first["seeded"] and result["seeded_orders"] == first["seeded_orders"]
    assert result["states"] == first["states"] and result["rows"] == first["rows"]
    assert result["sheets_calls_per_tick"] == first["sheets_calls_per_tick"]
    assert result["charts"] == 2


def test_the_overview_has_one_row_per_shop_and_all_are_ticking(run: tuple[list[str], dict[str, Any]]) -> None:
    """The 总览 tab the functions rewrote after each shop's tick (docs/shops.md): every shop in
    registry order, 正常 (ok), its open orders counted, no error; its address printed."""
    lines, result = run
    rows = result["overview"]
    assert [row["店铺"] for row in rows] == list(KEYS[:SHOPS])
    assert [row["状态"] for row in rows] == ["正常"] * SHOPS
    assert all(row.get("错误", "") == "" for row in rows)  # an empty last cell is not sent back
    for row in rows:
        awaiting = sum(result["shops"][row["店铺"]]["states"].get(s, 0) for s in OPEN_STATES)
        assert int(row["未发货订单"]) >= awaiting > 0, row
    assert any(line.startswith("总览 / the overview") for line in lines)


def test_it_prints_each_shops_web_view_and_progress(run: tuple[list[str], dict[str, Any]]) -> None:
    lines, result = run
    for key, shop in result["shops"].items():
        assert any(line.startswith(f"[{key}] 表格 / the sheet: {shop['web_url']}") for line in lines)
        assert any(f"?app={shop['appid']}" in line for line in lines)
        ticks = [line for line in lines if line.startswith(f"[{key}] 第 ")]
        assert len(ticks) == TICKS, key
        assert "物流异常 5" in ticks[-1]
    assert any("the clock moved 81 h for the logistics demo" in line for line in lines)
