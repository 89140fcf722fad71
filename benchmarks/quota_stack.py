"""The stack the quota benchmark drives (benchmarks/bench_quota.py), started over loopback HTTP.

The measuring side comes from this checkout: the Sheets emulator (with the real per-user quota
switched on once the world is seeded) and the WeChat Shop emulator, each in its own process. The
product comes from ``product_root``, which may be another commit's worktree: its ``init-sheet``
command builds the workspace, and its functions are served by functions-framework in a process of
their own (``demo.local_functions.serve``, with the Pub/Sub emulator the functions hand work through),
configured only by environment variables, as a deployment is. Nothing here imports the product, so
the same harness measures any commit that has these entry points.

Who is who on the Sheets emulator (a user is the bearer token): the functions call the API as
``SERVICE_ACCOUNT``; the seeding writes as ``SEEDER`` before the quota is on; the operators type in
the web view, which is not the API (no quota, no call log) and fires the signed edit hook as the Apps
Script trigger does; the benchmark's own reads go through the control API (no quota, no call log).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import string
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from benchmarks.processes import spawn

HARNESS_ROOT = Path(__file__).resolve().parents[1]
SERVICE_ACCOUNT = "waybill-service-account"
SEEDER = "bench-seeder"
ORDERS_TAB = "订单"
PROJECT = "waybill-local"  # demo/local_functions.py's project and topics (the local stand-in's names)
TICK_TOPIC = "waybill-tick"
LOG_LEVELS = ("WARNING", "ERROR", "CRITICAL")
# The functions' process: serve every function (and the Pub/Sub emulator they hand work through),
# say where, and run until stdin closes. Run from the product's root, so it is that commit's code.
_SERVE = """
import json, os, sys
try:
    from demo.local_functions import serve
except ImportError:  # a commit from before the demo left the library
    from functions.local import serve
served = serve()
os.environ.update(served.pubsub_env())
print(json.dumps({"url": served.url, "pubsub": served.pubsub.url}), flush=True)
sys.stdin.read()
served.stop()
"""


@dataclass
class Emulator:
    process: subprocess.Popen[str]
    url: str

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_emulator(module: str) -> Emulator:
    """``python -m <module> --port 0`` from this checkout; its URL is on the first line it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", "0"],
        cwd=HARNESS_ROOT,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
    if not found:
        process.kill()
        raise RuntimeError(f"{module} did not start")
    return Emulator(process, found.group(0))


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYBILL_", "PYTHONPATH"))}
    return {**env, **extra}


@dataclass
class Functions:
    """The product's functions, served from ``product_root`` in their own process. Its JSON log lines
    (stderr) at WARNING and above are kept: they are what an operator's alerting would show."""

    process: subprocess.Popen[str]
    url: str
    pubsub: str
    log_lines: list[dict[str, Any]] = field(default_factory=list)
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, product_root: Path, env: dict[str, str]) -> Functions:
        process, urls = spawn(
            _SERVE,
            cwd=product_root,
            env=_clean_env(**env, WAYBILL_LOG_LEVEL="WARNING"),
            what=f"the functions from {product_root}",
        )
        served = cls(process, urls["url"], urls["pubsub"])
        served._reader = threading.Thread(target=served._read_log, name="functions-log", daemon=True)
        served._reader.start()
        return served

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"severity": "ERROR", "message": line.strip()[:300]}  # a traceback, say
            if isinstance(entry, dict) and entry.get("severity") in LOG_LEVELS:
                self.log_lines.append(entry)

    def publish_tick(self, http: httpx.Client) -> None:
        """What Cloud Scheduler does: publish "tick" to the tick topic (the ``sync`` function's trigger)."""
        body = {"messages": [{"data": base64.b64encode(b"tick").decode()}]}
        url = f"{self.pubsub}/v1/projects/{PROJECT}/topics/{TICK_TOPIC}:publish"
        http.post(url, json=body).raise_for_status()

    def settle(self, http: httpx.Client, timeout: float = 300.0) -> bool:
        """Wait until every message published so far is acknowledged by its function."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            subs = http.get(f"{self.pubsub}/_emulator/state").json()["subscriptions"].values()
            if all(s["queued"] == 0 and s["inFlight"] == 0 for s in subs):
                return True
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.close()
            self.process.wait(20)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
        if self._reader is not None:
            self._reader.join(5)


class Sheet:
    """The workspace as the benchmark sees it: control reads (no quota), the seeder's API writes, and
    an operator's typing in the web view."""

    def __init__(self, http: httpx.Client, url: str, spreadsheet_id: str) -> None:
        self.http, self.url, self.sid = http, url, spreadsheet_id

    def cells(self, tab: str, cells: str | None = None) -> dict[tuple[int, int], str]:
        """(row, column) -> the text shown, 0-based, non-empty cells only; ``cells`` like ``K2:K``."""
        params = {"sheet": tab, **({"range": cells} if cells else {})}
        answer = self.http.get(f"{self.url}/_emulator/spreadsheets/{self.sid}/cells", params=params)
        answer.raise_for_status()
        return {(c["row"], c["col"]): str(c.get("formatted", "")) for c in answer.json()["cells"]}

    def sheet_id(self, tab: str) -> int:
        answer = self.http.get(f"{self.url}/_emulator/spreadsheets/{self.sid}/cells", params={"sheet": tab})
        answer.raise_for_status()
        return int(answer.json()["sheetId"])

    def header(self, tab: str) -> dict[str, int]:
        return {text: col for (_, col), text in self.cells(tab, "1:1").items() if text}

    def write(self, ranges: list[tuple[str, list[list[str]]]]) -> None:
        """One values.batchUpdate (RAW) as the seeder."""
        body = {"valueInputOption": "RAW", "data": [{"range": r, "values": v} for r, v in ranges]}
        answer = self.http.post(
            f"{self.url}/v4/spreadsheets/{self.sid}/values:batchUpdate",
            json=body,
            headers={"Authorization": f"Bearer {SEEDER}"},
        )
        answer.raise_for_status()

    def type(self, sheet_id: int, row: int, col: int, value: str, user: str) -> dict[str, Any]:
        """A person types ``value`` into (row, col) (0-based) and presses Enter: written as they typed it,
        then the edit hook fires."""
        body = {"sheetId": sheet_id, "row": row, "col": col, "value": value, "user": user}
        answer = self.http.post(f"{self.url}/ui/api/{quote(self.sid)}/edit", json=body)
        answer.raise_for_status()
        return dict(answer.json())

    def wait_change(self, since: int, seconds: float) -> int:
        """The store's revision once it differs from ``since`` (or after ``seconds``)."""
        params = {"since": str(since), "wait": str(seconds)}
        answer = self.http.get(f"{self.url}/ui/api/{quote(self.sid)}/changes", params=params)
        answer.raise_for_status()
        return int(answer.json()["revision"])

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.http.request(method, f"{self.url}/_emulator/{path}", json=body)
        answer.raise_for_status()
        return answer.json()


def aes_key() -> str:
    """A fresh EncodingAESKey: 43 characters of [A-Za-z0-9], as the platform issues them."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43))


def create_workspace(product_root: Path, sheets_url: str) -> str:
    """The product's own ``init-sheet --create``: the workspace as that commit builds it; its id."""
    command = ["shared.cli", "init-sheet", "--create", "quota bench", "--api-base", sheets_url]
    done = subprocess.run(
        [sys.executable, "-m", *command, "--token", SEEDER],
        cwd=product_root,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"created spreadsheet: (\S+)", done.stdout)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"init-sheet failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    return found.group(1)
