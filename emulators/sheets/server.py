"""The emulator on a loopback port (the shared HTTP base, emulators/_http): the Sheets API under
``/v4/``, the control API under ``/_emulator/`` and the web view under ``/ui/``; ``serve()`` starts
it in-process.

Refusals (ApiError) are answered in Google's error shape; a body that is not JSON is Google's 400;
anything else a route raises is an emulator bug, answered as Google's 500 and logged.
"""

from __future__ import annotations

import json
import logging
import threading

from .._http import Answer, LoopbackServer, Request, Routes
from . import control, webview
from .answers import google_json, refusal
from .app import Emulator
from .errors import ApiError

log = logging.getLogger("emulators.sheets")
# Google's own limit on a request is larger than anything the product sends (a whole workspace's
# batchUpdate is well under 1 MiB); past this one the body is not read.
MAX_BODY = 32 * 1024 * 1024


def routes(emu: Emulator) -> Routes:
    table = Routes(fallback=_no_such_url)
    table.add("GET POST PUT DELETE PATCH", "/v4/{rest:.*}", lambda request: _api(emu, request))
    control.add_routes(table, emu)
    webview.add_routes(table, emu)
    return table


def _api(emu: Emulator, request: Request) -> Answer:
    headers = {k: v for k, v in request.headers.items()}
    status, out = emu.handle_api(request.method, request.path, request.query, headers, request.body)
    return google_json(status, out)


def _no_such_url(request: Request) -> Answer:
    raise ApiError(404, f"The requested URL {request.path} was not found on this server.")


def _on_error(request: Request, err: Exception) -> Answer:
    if isinstance(err, ApiError):
        return refusal(err)
    if isinstance(err, (json.JSONDecodeError, UnicodeDecodeError)):
        return refusal(ApiError(400, f"Invalid JSON payload received. {err}"))
    log.error("emulator error on %s %s", request.method, request.path, exc_info=err)
    return refusal(ApiError(500, f"Internal error encountered. ({err.__class__.__name__})"))


class Running:
    """A running emulator: ``url`` (e.g. http://127.0.0.1:54321), ``emulator`` (state, for tests)."""

    def __init__(self, emulator: Emulator, http: LoopbackServer, save_interval: float | None) -> None:
        self.emulator, self.http = emulator, http
        self.url = http.url
        self._stop = threading.Event()
        self._saver: threading.Thread | None = None
        if save_interval is not None:
            self._saver = threading.Thread(target=self._save_every, args=(save_interval,), daemon=True)
            self._saver.name = "sheets-emulator-saver"

    def _start(self) -> Running:
        self.http.start()
        if self._saver is not None:
            self._saver.start()
        return self

    def _save_every(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.emulator.store.save()

    def stop(self) -> None:
        self._stop.set()
        self.emulator.store.close_waiters()  # pages waiting for a change get their answer now
        self.http.stop()
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
    http = LoopbackServer(
        routes(emu),
        name="sheets-emulator",
        host=host,
        port=port,
        max_body=MAX_BODY,
        too_large=refusal(ApiError(413, f"Request payload size exceeds the limit: {MAX_BODY} bytes.")),
        on_error=_on_error,
        headers={"Cache-Control": "no-store"},
        server_version="WaybillSheetsEmulator/1",
        log=log if verbose else None,
    )
    emu.base_url = http.url
    return Running(emu, http, save_interval if state_file else None)._start()
