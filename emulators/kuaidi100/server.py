"""HTTP front of the Kuaidi100 emulator (stdlib ThreadingHTTPServer).

Provider paths: ``POST /poll/query.do`` (query), ``POST /poll`` (subscribe), ``GET`` or ``POST``
``/autonumber/auto`` (recognition; the official demo posts a form, the documented call is a GET).
Control paths under ``/_emulator/`` (clock, parcels, faults, account, log); see README.md.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from emulators.kuaidi100.clock import DEFAULT_START, EmulatorClock, parse_iso
from emulators.kuaidi100.journeys import JOURNEYS
from emulators.kuaidi100.world import Fault, World

DEFAULT_CUSTOMER = "EMU0000CUSTOMER"
DEFAULT_KEY = "emu-kuaidi100-key"
_MAX_BODY = 1_000_000


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without TCP_NODELAY every keep-alive reply waits ~40 ms
    # for the client's delayed ACK (Nagle), which made each query cost 40 ms on loopback.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the world keeps its own log
        pass

    # -- plumbing ------------------------------------------------------------------------------

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_slow_or_huge(self, fault: Fault) -> None:
        """A well-formed "no result" reply that is either huge or dripped slowly (a misbehaving gateway)."""
        head, tail = b'{"result": false, "returnCode": "500", "message": "', b'"}'
        pad = max(0, fault.huge_bytes - len(head) - len(tail))
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(head) + pad + len(tail)))
        self.end_headers()
        try:
            if fault.drip_ms:
                data = head + b"x" * pad + tail
                for start in range(0, len(data), 16):
                    self.wfile.write(data[start : start + 16])
                    self.wfile.flush()
                    time.sleep(fault.drip_ms / 1000)
                return
            self.wfile.write(head)
            piece = b"x" * 65536
            while pad > 0:
                self.wfile.write(piece[: min(pad, len(piece))])
                pad -= len(piece)
            self.wfile.write(tail)
        except OSError:
            pass  # the client stopped reading: what the fault is for
        self.close_connection = True  # a client that gave up closes its end: do not wait for more

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, _MAX_BODY)) if length > 0 else b""

    def _form(self, body: bytes) -> dict[str, str] | None:
        if "application/x-www-form-urlencoded" not in (self.headers.get("Content-Type") or ""):
            # JSON bodies get 数据不完整 from the real service (docs/platforms/couriers-and-tracking.md)
            return None
        try:
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except (UnicodeDecodeError, ValueError):
            return None
        return {k: v[0] for k, v in fields.items()}

    def _fault(self, path: str) -> bool:
        fault = self.server.world.take_fault(path)
        if fault is None:
            return False
        self.server.world.record("fault", path=path, http=fault.status, returnCode=fault.return_code)
        if fault.huge_bytes or fault.drip_ms:
            self._send_slow_or_huge(fault)
        elif fault.return_code:
            self._send(200, {"result": False, "returnCode": fault.return_code, "message": "服务器繁忙"})
        else:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(fault.status, {"message": "fault injected"}, headers)
        return True

    # -- routes --------------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        world = self.server.world
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if url.path == "/autonumber/auto":
            if self._fault(url.path):
                return
            self._send(*world.autonumber(query.get("num", ""), query.get("key", "")))
        elif url.path == "/_emulator/clock":
            self._send(200, {"now": world.clock.now.isoformat()})
        elif url.path == "/_emulator/log":
            with world.lock:
                entries = [e for e in world.log if "kind" not in query or e["kind"] == query["kind"]]
            self._send(200, {"entries": entries})
        elif url.path == "/_emulator/subscriptions":
            with world.lock:
                subs = [
                    {
                        k: v.isoformat() if isinstance(v, datetime) else v
                        for k, v in asdict(s).items()
                        if k != "retry_body"
                    }
                    for s in world.subscriptions
                ]
            self._send(200, {"subscriptions": subs})
        elif url.path == "/_emulator/journeys":
            self._send(200, {"journeys": sorted(JOURNEYS)})
        else:
            self._send(404, {"message": "not found"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self._body()
        world = self.server.world
        if url.path == "/autonumber/auto":
            if self._fault(url.path):
                return
            # The official demo posts num and key as a form; a query string is read too (as for GET).
            fields = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            fields.update(self._form(body) or {})
            self._send(*world.autonumber(fields.get("num", ""), fields.get("key", "")))
            return
        if url.path in ("/poll/query.do", "/poll"):
            if self._fault(url.path):
                return
            form = self._form(body)
            if form is None:
                self._send(200, {"result": False, "returnCode": "400", "message": "数据不完整"})
            elif url.path == "/poll/query.do":
                self._send(
                    *world.query(form.get("customer", ""), form.get("sign", ""), form.get("param", ""))
                )
            else:
                self._send(*world.subscribe(form.get("schema", ""), form.get("param", "")))
            return
        if not url.path.startswith("/_emulator/"):
            self._send(404, {"message": "not found"})
            return
        try:
            obj = json.loads(body.decode("utf-8") or "{}")
            if not isinstance(obj, dict):
                raise ValueError("a JSON object is expected")
            self._control(url.path, obj)
        except (ValueError, KeyError, TypeError) as exc:
            self._send(400, {"message": str(exc)})

    def _control(self, path: str, obj: dict[str, Any]) -> None:
        world = self.server.world
        if path == "/_emulator/clock":
            if "set" in obj:
                target = parse_iso(str(obj["set"]))
            else:
                step = timedelta(
                    hours=float(obj.get("advance_hours", 0)), minutes=float(obj.get("advance_minutes", 0))
                )
                if step < timedelta(0):
                    raise ValueError("the emulator clock never goes back")
                target = world.clock.now + step
            if target < world.clock.now:
                raise ValueError("the emulator clock never goes back")
            pushes = world.advance_to(target)
            self._send(200, {"now": world.clock.now.isoformat(), "pushes": pushes})
        elif path == "/_emulator/parcels":
            start = parse_iso(str(obj["start"])) if obj.get("start") else None
            world.add_parcel(
                str(obj["number"]), str(obj["com"]), str(obj["journey"]), str(obj.get("phone", "")), start
            )
            self._send(201, {"ok": True})
        elif path == "/_emulator/faults":
            fault = Fault(
                path=str(obj["path"]),
                status=int(obj.get("status", 200)),
                retry_after=str(obj["retry_after"]) if obj.get("retry_after") is not None else None,
                return_code=str(obj["return_code"]) if obj.get("return_code") else None,
                huge_bytes=int(obj.get("huge_bytes", 0)),
                drip_ms=int(obj.get("drip_ms", 0)),
            )
            for _ in range(int(obj.get("times", 1))):
                with world.lock:
                    world.faults.append(fault)
            self._send(200, {"ok": True})
        elif path == "/_emulator/account":
            with world.lock:
                world.key_expired = bool(obj.get("key_expired", False))
            self._send(200, {"ok": True})
        elif path == "/_emulator/reset":
            with world.lock:
                world.parcels.clear()
                world.subscriptions.clear()
                world.sub_counts.clear()
                world.last_query.clear()
                world.faults.clear()
                world.log.clear()
                world.key_expired = False
            self._send(200, {"ok": True})
        else:
            self._send(404, {"message": "not found"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], world: World) -> None:
        super().__init__(address, _Handler)
        self.world = world


class Kuaidi100Emulator:
    """The emulator as an object: ``start()`` serves on 127.0.0.1 in a thread; ``base_url`` for clients.

    Use as a context manager in tests. ``port=0`` picks a free port.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        customer: str = DEFAULT_CUSTOMER,
        key: str = DEFAULT_KEY,
        start: datetime = DEFAULT_START,
        push_timeout: float = 5.0,
    ) -> None:
        self.world = World(customer=customer, key=key, clock=EmulatorClock(start), push_timeout=push_timeout)
        self._server = _Server((host, port), self.world)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def autonumber_url(self) -> str:
        return self.base_url + "/autonumber/auto"

    def start(self) -> Kuaidi100Emulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="kuaidi100-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Kuaidi100Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
