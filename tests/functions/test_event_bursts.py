"""A flash sale through the deployed shop_events function: events are coalesced, none is lost.

Forty orders are paid at once; the shop emulator pushes every event it has for them (several per
order) to the function, one after another as the platform does. Counted: the Sheets calls the
function made, with the rate limit off (every event refreshes the sheet) and on (the default).
Then the scheduler's tick runs: every order has its row either way."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.world import AES_KEY, PUSH_TOKEN
from tests.functions.conftest import Deployed

ORDERS = 40
TICK_HEADERS = {
    "ce-id": "burst",
    "ce-specversion": "1.0",
    "ce-source": "//pubsub.googleapis.com/projects/p/topics/t",
    "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
    "Content-Type": "application/json",
}


def _flash_sale(d: Deployed) -> tuple[list[str], int, int]:
    """(order ids, events delivered, Sheets calls the function made while handling them)."""
    w = d.world
    orders = [w.create_order() for _ in range(ORDERS)]
    w.clear_sheets_log()
    results = w.shop_control.deliver_push()
    assert results and all(r["ok"] for r in results)  # every event answered "success"
    d.settle()  # the refresh function drained what the events queued
    return orders, len(results), len(w.sheets_requests())


def _tick(d: Deployed) -> None:
    body = {"message": {"data": "dGljaw=="}}
    answer = httpx.post(f"{d.functions.url}/sync", headers=TICK_HEADERS, json=body, timeout=60)
    assert answer.status_code == 200, answer.text


def _configure_push(d: Deployed) -> None:
    push = {"url": f"{d.functions.url}/shop_events", "token": PUSH_TOKEN, "encoding_aes_key": AES_KEY}
    d.world.shop_control.configure_push(**push, auto=False)


@pytest.mark.slow
def test_a_flash_sale_costs_a_bounded_number_of_sheet_refreshes(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure_push(deployed)
    w = deployed.world
    # The event queue's own limit is measured here, not the Sheets quota buckets' pacing (which
    # would coalesce the "unlimited" run too: tests/functions/test_quota_burst.py).
    monkeypatch.setenv("WAYBILL_SHEETS_READS_PER_MINUTE", "0")

    monkeypatch.setenv("WAYBILL_EVENT_MIN_INTERVAL", "0")  # no limit: one refresh per event
    unlimited_orders, unlimited_events, unlimited_calls = _flash_sale(deployed)
    _tick(deployed)

    monkeypatch.delenv("WAYBILL_EVENT_MIN_INTERVAL")  # the default: a burst of 5, then one per 6 s
    limited_orders, limited_events, limited_calls = _flash_sale(deployed)
    print(
        f"\n{ORDERS} orders: {unlimited_events} events -> {unlimited_calls} Sheets calls without the limit;"
        f" {limited_events} events -> {limited_calls} with it"
    )
    assert unlimited_events >= ORDERS and limited_events >= ORDERS
    # Each event announced a drain; without the limit a drain refreshes at once, so most of them read
    # the orders tab (events arriving while a drain runs are taken by it: fewer than one per event).
    assert unlimited_calls >= ORDERS
    # Five refreshes at once, then about one per 6 s while the events keep coming: far fewer calls.
    assert limited_calls * 3 < unlimited_calls

    _tick(deployed)  # whatever the events left queued, the tick takes
    rows = {r["订单号"] for r in w.records()}
    assert set(unlimited_orders) <= rows and set(limited_orders) <= rows
    assert len([r for r in w.records() if r["订单号"] in set(limited_orders)]) == ORDERS  # no duplicates


@pytest.mark.slow
def test_an_order_the_shop_would_not_give_stays_queued_for_the_tick(
    deployed: Deployed, tmp_path: Path
) -> None:
    from shared.app.event_queue import EventQueue
    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore

    _configure_push(deployed)
    w = deployed.world
    order_id = w.create_order()
    w.shop_control.deliver_push()
    _tick(deployed)
    queue = EventQueue(Journal(LocalDirStore(tmp_path / "journal")))  # the functions' journal
    w.shop_control.set_faults(http_5xx_next=50, paths=["/channels/ec/order/get"])
    w.shop_control.cancel(order_id)
    # The client's bounded retries against the failing shop can outlast WeChat's 5 s wait: the
    # platform would deliver again; what matters here is that the order is not lost meanwhile.
    assert w.shop_control.deliver_push()
    deployed.settle()
    assert queue.state().order_ids == (order_id,)  # read failed: not refreshed, kept for later
    assert w.row_of(order_id)["状态"] != "已取消"

    w.shop_control.set_faults(http_5xx_next=0, paths=[])
    _tick(deployed)
    assert w.row_of(order_id)["状态"] == "已取消"
    assert queue.state().order_ids == ()
