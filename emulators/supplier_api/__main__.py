"""``python -m emulators.supplier_api --port N``: run the supplier-API emulator in the foreground."""

from __future__ import annotations

import argparse

from emulators.supplier_api.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(description="Supplier order API emulator (Waybill Relay)")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    server = serve(port=args.port, host=args.host)
    print(f"supplier API emulator on {server.url} (orders: {server.url}/api/v1/orders)", flush=True)
    try:
        server.http.join()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()
