"""docs/platforms/wechat-shop.md#emulator-checklist item 4: per-minute (45011) and daily (45009) quotas, -1
busy, and our rate budget."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shared.wechat import TokenBucket, WeChatShopClient
from shared.wechat.client import PATH_ORDER_GET
from shared.wechat.errors import BusyError, DailyQuotaError, MinuteQuotaError
from shared.wechat.retry_rules import DEFAULT_RETRY
from tests.contract.wechat.conftest import Emulator, make_client


def test_item4_minute_quota_waits_for_the_next_minute_then_succeeds(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    emu.control.set_rate_limits(paths={PATH_ORDER_GET: {"per_minute": 2}})
    for _ in range(3):
        client.get_order(order_id)
    assert emu.codes(PATH_ORDER_GET) == [0, 0, 45011, 0]
    assert len(emu.sleeps) == 1 and 1.0 <= emu.sleeps[0] <= 61.0  # to the emulator's next minute


def test_item4_minute_quota_raises_when_the_wait_exceeds_the_policy(emu: Emulator) -> None:
    emu.control.set_rate_limits(paths={PATH_ORDER_GET: {"per_minute": 1}})
    order_id = emu.new_order(("1001", "2001", 1))
    with make_client(emu, retry_policy=replace(DEFAULT_RETRY, max_wait=0.5)) as impatient:
        impatient.get_order(order_id)
        with pytest.raises(MinuteQuotaError) as err:
            impatient.get_order(order_id)
    assert err.value.errcode == 45011
    assert emu.codes(PATH_ORDER_GET) == [0, 45011]


def test_item4_daily_quota_is_never_retried(emu: Emulator, client: WeChatShopClient) -> None:
    emu.control.set_rate_limits(paths={PATH_ORDER_GET: {"per_day": 1}})
    order_id = emu.new_order(("1001", "2001", 1))
    client.get_order(order_id)
    with pytest.raises(DailyQuotaError) as err:
        client.get_order(order_id)
    assert err.value.errcode == 45009
    assert emu.codes(PATH_ORDER_GET) == [0, 45009]
    assert emu.sleeps == []


def test_item4_busy_minus_one_is_retried_with_backoff(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    client.tokens.get()
    emu.control.set_faults(busy_next=2, paths=[PATH_ORDER_GET])
    assert client.get_order(order_id).order_id == order_id
    assert emu.codes(PATH_ORDER_GET) == [-1, -1, 0]
    assert len(emu.sleeps) == 2 and emu.sleeps[1] > emu.sleeps[0] * 0.9  # backoff grows (with jitter)


def test_item4_busy_beyond_the_bound_raises(emu: Emulator, client: WeChatShopClient) -> None:
    client.tokens.get()
    emu.control.set_faults(busy_next=9, paths=[PATH_ORDER_GET])
    with pytest.raises(BusyError):
        client.get_order("1")
    assert emu.count(PATH_ORDER_GET) == 4


def test_item4_concurrent_details_within_the_rate_budget_never_hit_45011(emu: Emulator) -> None:
    budget = 20
    emu.control.set_rate_limits(paths={PATH_ORDER_GET: {"per_minute": budget}})
    ids = emu.control.create_orders(45, products=[{"sku_cnt": 1}], status=20)
    limiter = TokenBucket.per_minute(budget, clock=emu.now, sleep=emu.sleep)
    with make_client(emu, rate_limits={PATH_ORDER_GET: limiter}) as c:
        results = c.get_orders(ids, concurrency=4)
    assert sorted(results.orders) == sorted(ids) and not results.errors
    codes = emu.codes(PATH_ORDER_GET)
    assert codes.count(0) == 45 and 45011 not in codes
    assert emu.offset >= 60.0  # 45 calls at 20/min needed at least two minute boundaries
