"""The CPU one order/get costs the caller: plain httpx against the product's client (the year's floor).

``python -m benchmarks http_floor [--calls 2000] [--year-calls 1100000]``: starts the WeChat Shop
emulator in its own process, makes ``--calls`` paid orders, and measures (benchmarks/http_floor.py)
the caller's CPU per ``order/get`` of plain httpx and of ``WeChatShopClient.get_order``; then what
``--year-calls`` calls (the default year run makes about 1.1 million: ``python -m benchmarks year``
prints its own count) need at the plain library's cost alone. Printed, never asserted.
"""

from __future__ import annotations

import argparse

from benchmarks import http_floor
from benchmarks.bench_tick import _start
from emulators.control import ShopControl
from shared.cli.bilingual import whole
from shared.wechat.client import WeChatShopClient


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks http_floor", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--calls", type=whole(100, 100_000), default=2000)
    parser.add_argument("--year-calls", type=whole(1, 100_000_000), default=1_100_000)
    args = parser.parse_args(argv if argv is not None else [])
    shop = _start("emulators.wechat_shop")
    try:
        control = ShopControl(shop.url, timeout=60)
        health = control.health()
        order_ids = control.create_orders(min(args.calls, 5000), products=[{"sku_cnt": 1}], status=20)
        with WeChatShopClient(health["appid"], health["secret"], base_url=shop.url, timeout=10.0) as client:
            floor = http_floor.measure(client, shop.url, order_ids, args.calls)
        control.close()
    finally:
        shop.stop()
    print(http_floor.main_line(floor, args.year_calls), flush=True)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
