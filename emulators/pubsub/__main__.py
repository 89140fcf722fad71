"""``python -m emulators.pubsub --port 8086``: serve the Pub/Sub emulator until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time

from emulators.pubsub.server import PubSubEmulator


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulators.pubsub", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8086)
    args = parser.parse_args(argv)
    emulator = PubSubEmulator(args.host, args.port).start()
    print(f"Pub/Sub emulator on {emulator.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
