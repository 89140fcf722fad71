"""python -m emulators.wechat_shop --port N [--appid A --secret S] [--state FILE] [--seed N]"""

from __future__ import annotations

import argparse
import sys

from .server import serve
from .state import DEFAULT_APPID, DEFAULT_SECRET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulators.wechat_shop", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--appid", default=DEFAULT_APPID)
    parser.add_argument("--secret", default=DEFAULT_SECRET)
    parser.add_argument("--state", default=None, help="JSON file: loaded at start, saved after each change")
    parser.add_argument("--seed", type=int, default=None, help="seed for ids, tokens, rids and fault dice")
    parser.add_argument("--orders", type=int, default=0, help="create N paid demo orders at start")
    args = parser.parse_args(argv)
    server = serve(
        port=args.port,
        host=args.host,
        appid=args.appid,
        secret=args.secret,
        seed=args.seed,
        state_file=args.state,
    )
    if args.orders:
        from .lifecycle import create_order

        with server.state.lock:
            for _ in range(args.orders):
                create_order(server.state, {})
        server.state.save()
    print(f"WeChat Shop emulator listening on {server.url}", flush=True)
    print(f"  appid:  {server.state.appid}", flush=True)
    print(f"  secret: {server.state.secret}", flush=True)
    print(f"  control API: {server.url}/_emulator/ (see emulators/wechat_shop/README.md)", flush=True)
    try:
        server.join()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
