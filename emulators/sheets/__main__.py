"""python -m emulators.sheets --port N [--state FILE]"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from .schema import SchemaUnavailable
from .server import serve


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m emulators.sheets", description="Google Sheets API v4 emulator"
    )
    p.add_argument("--port", type=int, default=8085)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--state", help="JSON file the state is loaded from and saved to")
    p.add_argument("--reads-per-minute", type=int, help="per-user read quota (default: unlimited)")
    p.add_argument("--writes-per-minute", type=int, help="per-user write quota (default: unlimited)")
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to every API call")
    p.add_argument("--webhook-url", help="where edits made in the web view are posted")
    p.add_argument("--webhook-secret", default="", help="HMAC secret for the edit webhook")
    p.add_argument("--webhook-user", help="editor e-mail sent with web-view edits")
    p.add_argument("--verbose", action="store_true", help="log every request")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        running = serve(
            port=args.port,
            host=args.host,
            state_file=args.state,
            reads_per_minute=args.reads_per_minute,
            writes_per_minute=args.writes_per_minute,
            latency=args.latency,
            verbose=args.verbose,
            webhook_url=args.webhook_url,
            webhook_secret=args.webhook_secret,
            webhook_user=args.webhook_user,
        )
    except SchemaUnavailable as err:
        print(f"Sheets emulator not started: {err}", file=sys.stderr, flush=True)
        return 2
    print(f"Sheets emulator on {running.url} (web view: {running.url}/ui/)", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    running.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
