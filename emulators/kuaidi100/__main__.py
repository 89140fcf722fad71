"""``python -m emulators.kuaidi100 --port 8765``: serve the Kuaidi100 emulator until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from emulators.kuaidi100.clock import DEFAULT_START, parse_iso
from emulators.kuaidi100.server import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulators.kuaidi100", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--customer", default=os.environ.get("KUAIDI100_EMULATOR_CUSTOMER", DEFAULT_CUSTOMER))
    parser.add_argument("--key", default=os.environ.get("KUAIDI100_EMULATOR_KEY", DEFAULT_KEY))
    parser.add_argument("--start", default=DEFAULT_START.isoformat(), help="emulator clock start (ISO 8601)")
    args = parser.parse_args(argv)
    emulator = Kuaidi100Emulator(
        host=args.host, port=args.port, customer=args.customer, key=args.key, start=parse_iso(args.start)
    )
    print(f"kuaidi100 emulator on {emulator.base_url} (clock {args.start})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        emulator.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
