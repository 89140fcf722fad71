"""Archive index writes on S3: one at a time vs the store's ``write_concurrency`` (issue 18).

An archive run writes two index objects per archived order (shared/app/archive_moves.py ``_index``,
through ``Journal.replace_all``). Deployed, the journal's bucket is a round trip away (tens of ms
from another cloud); here moto's S3 server runs in its own process on loopback, behind a proxy that
holds every piece a client sends ``--latency-ms`` (default 30) before passing it on (a PutObject sends
two: its headers, then its body once S3 answered 100 Continue), and once without it. For each:
the same objects written one at a time (the baseline, as before) and ``S3Store.write_concurrency`` at
a time, into fresh buckets; every object is read back counted.

``python -m benchmarks archive_index [--rows 300] [--latency-ms 30]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.processes import spawn
from shared.cli.bilingual import whole
from shared.journal.journal import Journal
from shared.journal.s3_store import S3Store, make_client

ROOT = Path(__file__).resolve().parents[1]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_MOTO = (
    "import json, logging, sys\n"
    "from moto.server import ThreadedMotoServer\n"
    "logging.getLogger('werkzeug').setLevel(logging.ERROR)\n"
    "server = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)\n"
    "server.start()\n"
    "host, port = server.get_host_and_port()\n"
    "print(json.dumps({'url': f'http://{host}:{port}'}), flush=True)\n"
    "sys.stdin.read()\n"
)


def _objects(rows: int) -> list[tuple[str, bytes]]:
    """What ``rows`` archived orders write: their place, and their tracking number."""
    out = []
    for i in range(rows):
        order_id = f"37{i:017d}"
        place = {"tab": "归档-2026-11", "spreadsheet": "", "at": "2026-12-07T04:00:00+00:00", "row": {}}
        out.append((f"archive/orders/{order_id}.json", json.dumps(place, ensure_ascii=False).encode()))
        out.append((f"archive/numbers/SF60{i:011d}.json", order_id.encode()))
    return out


def _write(endpoint: str, objects: list[tuple[str, bytes]], concurrency: int) -> float:
    client = make_client(endpoint)
    bucket = f"bench-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    store = S3Store(client, bucket)
    store.write_concurrency = concurrency
    start = time.perf_counter()
    Journal(store).replace_all(objects)
    seconds = time.perf_counter() - start
    found = len(store.keys("archive/"))
    if found != len(objects):
        raise RuntimeError(f"{found} of {len(objects)} objects written")
    return seconds


def run(rows: int, latency_ms: int) -> dict[str, Any]:
    env = {**os.environ, **CREDENTIALS}
    os.environ.update(CREDENTIALS)
    moto, where = spawn(_MOTO, cwd=ROOT, env=env, what="moto's S3 server")
    proxy = None
    try:
        endpoints = {0: str(where["url"])}
        if latency_ms:
            code = f"from benchmarks.delay_proxy import main; main({where['url']!r}, {latency_ms})"
            proxy, slow = spawn(code, cwd=ROOT, env=env, what="the delay proxy")
            endpoints[latency_ms] = str(slow["url"])
        objects = _objects(rows)
        pooled = S3Store.write_concurrency
        results = []
        for latency, endpoint in endpoints.items():
            one = _write(endpoint, objects, 1)
            many = _write(endpoint, objects, pooled)
            results.append(
                {"latency_ms": latency, "one_at_a_time_s": round(one, 2), "pooled_s": round(many, 2)}
            )
            speedup = one / max(many, 1e-6)
            line = f"{latency:>10}  {len(objects):>7}  {one:>15.2f}  {many:>8.2f}  {speedup:>6.1f}x"
            print(line, flush=True)
        return {"rows": rows, "objects": len(objects), "write_concurrency": pooled, "runs": results}
    finally:
        for process in (proxy, moto):
            if process is not None:
                process.kill()
                process.wait(10)


def command_line() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks archive_index", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--rows", type=whole(1, 20_000), default=300, help="archived orders (two objects each)"
    )
    parser.add_argument("--latency-ms", type=whole(0, 1_000), default=30, help="added to every request")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = command_line().parse_args(sys.argv[1:] if argv is None else argv)
    print("latency ms  objects  one at a time s  pooled s  speedup", flush=True)
    print(json.dumps(run(args.rows, args.latency_ms)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
