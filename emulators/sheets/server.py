"""HTTP plumbing (standard library ThreadingHTTPServer) and the in-process ``serve()``."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import control, webview
from .app import Emulator
from .errors import ApiError

log = logging.getLogger("emulators.sheets")


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: Emulator, verbose: bool = False) -> None:
        super().__init__(address, Handler)
        self.emulator = emulator
        self.verbose = verbose


class Handler(BaseHTTPRequestHandler):
    server: EmulatorHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "WaybillSheetsEmulator/1"
    # Headers and body go out in separate writes; with Nagle on, keep-alive clients wait ~40 ms per call.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            log.info("%s " + format, self.address_string(), *args)

    def _handle(self, method: str) -> None:
        emu = self.server.emulator
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items()}
        try:
            if path.startswith("/v4/"):
                status, out = emu.handle_api(method, path, query, headers, body)
                self._json(status, out)
            elif path == control.PREFIX or path.startswith(control.PREFIX + "/"):
                payload = json.loads(body.decode("utf-8")) if body.strip() else {}
                if not isinstance(payload, dict):
                    raise ApiError(400, "expected a JSON object")
                status, out = control.handle(emu, method, path, query, payload)
                self._json(status, out)
            elif path in ("/", "/ui") or path.startswith("/ui/"):
                started = time.perf_counter()
                status, ctype, data = webview.handle(emu, method, path, query, body)
                # The page's own timing (PerformanceResourceTiming.serverTiming) splits its wait into
                # the emulator's work and the rest.
                spent = (time.perf_counter() - started) * 1000
                self._send(status, ctype, data, {"Server-Timing": f"app;dur={spent:.1f}"})
            else:
                raise ApiError(404, f"The requested URL {path} was not found on this server.")
        except ApiError as err:
            self._json(err.code, err.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            self._json(400, ApiError(400, f"Invalid JSON payload received. {err}").body())
        except Exception as err:  # a bug in the emulator: answer 500 in Google's shape, log it
            log.exception("emulator error on %s %s", method, self.path)
            self._json(500, ApiError(500, f"Internal error encountered. ({err.__class__.__name__})").body())

    def _json(self, status: int, out: Any) -> None:
        data = json.dumps(out, ensure_ascii=False).encode("utf-8")
        self._send(status, "application/json; charset=UTF-8", data)

    def _send(self, status: int, ctype: str, data: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            # The page may have gone away while it waited for a change.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)


@dataclass
class Running:
    """A running emulator: ``url`` (e.g. http://127.0.0.1:54321), ``emulator`` (state, for tests)."""

    server: EmulatorHTTPServer
    thread: threading.Thread
    emulator: Emulator
    url: str
    _saver: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        self._stop.set()
        self.emulator.store.close_waiters()  # pages waiting for a change get their answer now
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
        if self._saver is not None:
            self._saver.join(5)
        self.emulator.webhook.wait(5)
        self.emulator.store.save()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(
    port: int = 0,
    host: str = "127.0.0.1",
    state_file: str | None = None,
    reads_per_minute: int | None = None,
    writes_per_minute: int | None = None,
    latency: float = 0.0,
    verbose: bool = False,
    save_interval: float = 0.5,
    webhook_url: str | None = None,
    webhook_secret: str = "",
    webhook_user: str | None = None,
) -> Running:
    """Start the emulator on a background thread; ``port=0`` picks a free port."""
    emu = Emulator(state_file, reads_per_minute, writes_per_minute, latency)
    if webhook_url:
        emu.webhook.configure(webhook_url, webhook_secret, webhook_user)
    server = EmulatorHTTPServer((host, port), emu, verbose=verbose)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    url = f"http://{shown_host}:{server.server_address[1]}"
    emu.base_url = url
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sheets-emulator", daemon=True
    )
    thread.start()
    running = Running(server, thread, emu, url)
    if state_file:

        def saver() -> None:
            while not running._stop.wait(save_interval):
                emu.store.save()

        running._saver = threading.Thread(target=saver, name="sheets-emulator-saver", daemon=True)
        running._saver.start()
    return running
