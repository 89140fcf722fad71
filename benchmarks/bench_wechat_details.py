"""Order details at concurrency C against the WeChat Shop emulator with injected latency.

``python -m benchmarks wechat_details`` (or ``make bench``). Starts the emulator in-process on
127.0.0.1, creates N orders, injects L ms of latency on ``/channels/ec/order/get``, then fetches all N
details with ``WeChatShopClient.get_orders`` at each C. The client runs under a rate budget equal to
the emulator's per-minute limit for that path (one limiter shared by all runs, as in production), and
the emulator's call log proves the limit was respected (no 45011).

Prints wall time vs the ideal ``N * L / C`` and their ratio (target <= 1.3). Timings are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import time

from emulators.control import ShopControl
from emulators.wechat_shop.server import running
from shared.wechat import TokenBucket, WeChatShopClient
from shared.wechat.client import PATH_ORDER_GET

TARGET_RATIO = 1.3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 16])
    args = parser.parse_args(argv if argv is not None else [])
    latency = args.latency_ms / 1000.0

    with running(seed=3) as server:
        control = ShopControl(server.url, timeout=30)
        limits = control.rate_limits()
        per_minute = int(limits["paths"].get(PATH_ORDER_GET, {}).get("per_minute", limits["per_minute"]))
        ids = control.create_orders(args.orders, products=[{"sku_cnt": 2}], status=20)
        control.set_latency(args.latency_ms, PATH_ORDER_GET)
        limiter = TokenBucket.per_minute(per_minute)
        print(
            f"{args.orders} order details, {args.latency_ms:.0f} ms injected latency per call, "
            f"emulator limit {per_minute}/min on {PATH_ORDER_GET} (client budget: the same less 10%)"
        )
        header = (
            f"{'C':>4} {'wall s':>9} {'ideal s':>9} {'ratio':>7} {'ok':>6} {'errors':>6} {'45011':>6}  target"
        )
        print(header)
        print("-" * len(header))
        for concurrency in args.concurrency:
            control.reset_calls()
            with WeChatShopClient(
                server.state.appid,
                server.state.secret,
                base_url=server.url,
                timeout=10.0,
                rate_limits={PATH_ORDER_GET: limiter},
                max_connections=max(32, concurrency),
            ) as client:
                client.tokens.get()  # the token fetch is not part of the measurement
                started = time.perf_counter()
                results = client.get_orders(ids, concurrency=concurrency)
                wall = time.perf_counter() - started
            calls = control.calls(limit=0)
            quota_hits = int(calls["by_errcode"].get("45011", 0))
            ideal = args.orders * latency / concurrency
            ratio = wall / ideal if ideal else float("nan")
            verdict = "ok" if ratio <= TARGET_RATIO and not quota_hits else "MISSED"
            print(
                f"{concurrency:>4} {wall:>9.2f} {ideal:>9.2f} {ratio:>7.2f} {len(results.orders):>6} "
                f"{len(results.errors):>6} {quota_hits:>6}  <= {TARGET_RATIO} {verdict}",
                flush=True,
            )
        control.close()
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
