"""What one shop API call costs the caller's CPU with nothing of ours in it: the floor under a run.

A simulated year reads every order over real HTTP on loopback, about three times each (paid, shipped,
closed): over a million ``order/get`` calls. Whatever the product does, each of them costs at least
what the HTTP client library spends building the request, reading the answer and decoding its JSON.
This measures that on the machine at hand: ``calls`` plain httpx POSTs to ``order/get`` (one kept-alive
connection, the answer's JSON decoded) against a running WeChat Shop emulator, and the same number
through the product's client (``WeChatShopClient.get_order``: retries, rate budget, token, parsing),
the caller's CPU seconds per call (user + system, this thread only where the platform says so).
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from shared.wechat.client import PATH_ORDER_GET, WeChatShopClient

# A thread's own CPU where Linux gives it (the product client's pool threads are not used here, and
# the emulator may be in this process for a standalone run): the process's otherwise.
_WHO = getattr(resource, "RUSAGE_THREAD", resource.RUSAGE_SELF)


@dataclass(frozen=True, slots=True)
class Floor:
    """CPU microseconds per ``order/get``: plain httpx, and the product's client."""

    calls: int
    plain_us: float
    client_us: float

    def seconds_for(self, calls: int) -> float:
        """The CPU the plain library alone needs for ``calls`` calls, in seconds."""
        return calls * self.plain_us / 1e6


def _cpu() -> float:
    used = resource.getrusage(_WHO)
    return used.ru_utime + used.ru_stime


def _per_call_us(call: Callable[[str], object], order_ids: Sequence[str], calls: int) -> float:
    for order_id in order_ids[: min(50, len(order_ids))]:  # a warm connection, as in a tick
        call(order_id)
    started = _cpu()
    for i in range(calls):
        call(order_ids[i % len(order_ids)])
    return (_cpu() - started) / calls * 1e6


def measure(client: WeChatShopClient, base_url: str, order_ids: Sequence[str], calls: int = 2000) -> Floor:
    """``client``: the product's, connected to the emulator at ``base_url`` holding ``order_ids``."""
    if not order_ids or calls < 1:
        raise ValueError("measure needs order ids and at least one call")
    token = client.tokens.get()
    url = httpx.URL(base_url.rstrip("/") + PATH_ORDER_GET, params={"access_token": token})
    with httpx.Client(timeout=10.0, trust_env=False) as plain:

        def bare(order_id: str) -> object:
            answer = json.loads(plain.post(url, json={"order_id": order_id}).content)
            if answer.get("errcode", 0) != 0:
                raise RuntimeError(f"order/get answered {answer.get('errcode')}")
            return answer

        plain_us = _per_call_us(bare, order_ids, calls)
    client_us = _per_call_us(client.get_order, order_ids, calls)
    return Floor(calls, round(plain_us, 1), round(client_us, 1))


def main_line(floor: Floor, year_calls: int) -> str:
    """One line for a run's output: this machine's floor and what it means for ``year_calls``."""
    return (
        f"HTTP floor on this machine: plain httpx {floor.plain_us:.0f} us of CPU per order/get, the "
        f"product's client {floor.client_us:.0f} us ({floor.calls} calls each); {year_calls:,} shop "
        f"API calls x the plain floor = {floor.seconds_for(year_calls):.0f} s of this process's CPU "
        "before any product code runs / 本机每次调用的最低 CPU 开销"
    )
