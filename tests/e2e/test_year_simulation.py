"""The year benchmark's simulation, light (20 orders a day for 60 days): every order the shop ever had
is in exactly one place, live or archived, and 订单 stays bounded (issue 18, item 5). Counts only:
the timings are the benchmark's (``python -m benchmarks year``)."""

from __future__ import annotations

import statistics

import pytest

from benchmarks.bench_year import PAIRED_ROUNDS, run


def test_a_light_year_loses_nothing_doubles_nothing_and_keeps_the_orders_tab_bounded() -> None:
    per_day, days = 20, 60
    result = run(per_day, days)

    assert result["lost_orders"] == 0 and result["duplicated_orders"] == 0
    assert result["archived_rows"] > 0
    # 30 days of archiving plus the days an order takes to finish, not the 60 days ever paid
    assert result["live_rows_max"] < per_day * 45
    # archived orders came back to life on the way (a late after-sale), and each came back once
    assert result["_late_aftersales"] > 0 and result["_restored"] == result["_late_aftersales"]
    assert all(m["calls"] != "-" for m in result["_months"])
    # one archive spreadsheet listed (the default), measured; a light year never fills the workspace
    assert len(result["_archive_cells"]) == 1 and result["archive_cells_max"] > 0
    # the shop calls counted by the emulator (every order read at least once), and the HTTP floor
    assert result["_shop_calls"] >= result["_order_get_calls"] >= per_day * days
    assert result["_floor"] is not None and result["_floor"].plain_us > 0
    # 60 days: the paired 5-minute ticks ran, a second world's at the end of month 1 and this one's
    first, last = result["_paired"]
    assert len(first) == len(last) == PAIRED_ROUNDS and min(first + last) > 0
    assert result["tick_5min_s_paired_last_month"] == round(statistics.median(last), 3)


def test_sampled_ticks_still_bring_every_order_through_the_tick() -> None:
    """Ticks every other day (the benchmark's ``--days-per-tick``): the next tick lists every change
    since the last one, so nothing is lost or doubled, and every late after-sale is brought back."""
    result = run(20, 60, days_per_tick=2)

    assert result["lost_orders"] == 0 and result["duplicated_orders"] == 0
    assert result["archived_rows"] > 0 and result["live_rows_max"] < 20 * 45
    assert result["_late_aftersales"] > 0 and result["_restored"] == result["_late_aftersales"]
    assert sum(m["ticks"] for m in result["_months"]) == 31  # days 0, 2, ..., 58 and the last
    assert all(m["live"] > 0 and m["cells"] > 0 for m in result["_months"])  # each month measured


def test_the_http_floor_makes_the_calls_it_reports_per_call() -> None:
    """benchmarks/http_floor.py: ``calls`` order/get through plain httpx and as many through the
    product's client (after 50 warm-up calls each), every one answered; CPU per call measured."""
    from benchmarks.http_floor import measure
    from emulators.control import ShopControl
    from emulators.wechat_shop.server import running
    from shared.wechat.client import PATH_ORDER_GET, WeChatShopClient

    with running(seed=5) as server:
        control = ShopControl(server.url, timeout=30)
        ids = control.create_orders(60, status=20)
        control.reset_calls()
        with WeChatShopClient(server.state.appid, server.state.secret, base_url=server.url) as client:
            floor = measure(client, server.url, ids, calls=120)
        assert control.call_count(PATH_ORDER_GET) == 2 * (120 + 50)
        assert floor.calls == 120 and floor.plain_us > 0 and floor.client_us > 0
        assert floor.seconds_for(1_000_000) == pytest.approx(floor.plain_us)  # 1 M calls x N us = N s
        control.close()


def test_the_five_minute_ticks_take_their_own_orders_through_the_tick() -> None:
    """At 150 orders a day each 5-minute tick finds one order paid in its 5 minutes (a 288th of the
    day's, rounded): every order paid, the day's and those, gets its row; none lost or doubled."""
    per_day, days = 150, 6
    result = run(per_day, days)

    five = [len(m["five_min"]) for m in result["_months"]]
    assert five == [days]  # one after each day's tick
    assert result["lost_orders"] == 0 and result["duplicated_orders"] == 0
    # nothing archived in 6 days: 订单 holds every order ever paid, the 5-minute ticks' 6 with them
    assert result["archived_rows"] == 0 and result["live_rows_max"] == per_day * days + days
    assert result["tick_5min_s_p95_first_month"] is not None
    assert all(calls > 0 for m in result["_months"] for calls in m["five_min_calls"])
    assert result["_paired"] is None and result["tick_5min_s_paired_first_month"] is None  # under 60 days


def test_without_five_minute_ticks_only_the_sampled_ticks_run() -> None:
    result = run(20, 4, five_minute=False)

    assert [len(m["five_min"]) for m in result["_months"]] == [0]
    assert result["tick_5min_s_p95_last_month"] is None
    assert result["live_rows_max"] == 20 * 4 and result["lost_orders"] == 0
