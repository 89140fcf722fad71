"""``python -m emulators.alibaba_1688 --port N``: run the 1688 emulator in the foreground."""

from __future__ import annotations

import argparse

from emulators.alibaba_1688.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(description="1688 Open Platform (buyer side) emulator (Waybill Relay)")
    parser.add_argument("--port", type=int, default=8096)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    server = serve(port=args.port, host=args.host)
    print(f"1688 emulator on {server.url} (gateway: {server.url}/openapi/param2/...)", flush=True)
    try:
        server.http.join()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()
