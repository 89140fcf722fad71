"""``LoopbackServer``: a route table served by the standard library's threaded HTTP server.

Every request's body is read whole before routing (so a keep-alive connection stays in step), at
most ``max_body`` bytes: a longer one gets the emulator's ``too_large`` answer and the connection is
closed unread. An exception out of a handler goes to ``on_error``, which answers it in the
emulator's own shape (its refusals; and for a bug, its platform's "internal error"). The default
treats every exception as a bug: a traceback on stderr and a bare 500.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from emulators._http.messages import Answer, Hangup, Request
from emulators._http.routes import Routes

OnError = Callable[[Request, Exception], Answer]


def _report_crash(request: Request, exc: Exception) -> Answer:
    traceback.print_exception(exc, file=sys.stderr)
    return Answer.json(500, {"error": f"emulator error: {type(exc).__name__}"})


class LoopbackServer:
    """Serve ``routes`` on ``host:port`` (port 0: a free one). ``with server as url:`` runs it on a
    daemon thread and stops it after the block; ``start``/``stop`` do the same by hand, and
    ``serve_forever`` serves in the calling thread (``python -m emulators.…``)."""

    def __init__(
        self,
        routes: Routes,
        *,
        name: str,
        host: str = "127.0.0.1",
        port: int = 0,
        max_body: int = 1 << 20,
        too_large: Answer | None = None,
        on_error: OnError = _report_crash,
        headers: Mapping[str, str] | None = None,
        server_version: str | None = None,
        log: logging.Logger | None = None,
    ) -> None:
        self.routes = routes
        self.name = name
        self.max_body = max_body
        self.too_large = too_large or Answer.json(413, {"error": f"the body is over {max_body} bytes"})
        self.on_error = on_error
        self.headers = dict(headers or {})
        self.server_version = server_version
        self.log = log
        self._http = _Server((host, port), self)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    @property
    def url(self) -> str:
        """``http://host:port``; a server on every interface is reached through 127.0.0.1."""
        host = str(self._http.server_address[0])
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{self.port}"

    def start(self) -> str:
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, name=self.name, daemon=True
        )
        self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        self._http.serve_forever(poll_interval=0.05)

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for a serve_forever that never ran otherwise
            self._http.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._http.server_close()

    def join(self) -> None:
        """Wait for the background thread (a foreground ``python -m`` run after ``start``)."""
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # a burst of clients (a flash sale, a benchmark) waits instead of failing

    def __init__(self, address: tuple[str, int], front: LoopbackServer) -> None:
        self.front = front
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, keep-alive clients wait ~40 ms a call.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        own = self.server.front.server_version
        return f"{own} {self.sys_version}" if own else super().version_string()

    def log_message(self, format: str, *args: Any) -> None:
        log = self.server.front.log
        if log is not None:
            log.info("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def _serve(self) -> None:
        front = self.server.front
        if self.command not in front.routes.methods:
            self.send_error(501, f"Unsupported method ({self.command!r})")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.send_error(400, "Bad Content-Length")
            return
        if length > front.max_body:
            self._write(front.too_large, close=True)  # the body stays unread
            return
        path, _, query = self.path.partition("?")
        body = self.rfile.read(length) if length else b""
        handler, params = front.routes.find(self.command, path)
        request = Request(self.command, path, query, self.headers, body, self.client_address[0], params)
        try:
            answer = handler(request)
        except Hangup:
            self.close_connection = True
            return
        except Exception as exc:
            answer = front.on_error(request, exc)
        self._write(answer)

    def _write(self, answer: Answer, *, close: bool = False) -> None:
        self.send_response(answer.status)
        for name, value in {**answer.headers, **self.server.front.headers}.items():
            self.send_header(name, value)
        if close or answer.pieces is not None:
            self.send_header("Connection", "close")  # and the handler closes it after this answer
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body) if answer.pieces is None else answer.length))
        self.end_headers()
        if answer.pieces is None:
            # The client may have gone away meanwhile (a page that stopped waiting for a change).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(answer.body)
            return
        try:
            for piece in answer.pieces:
                self.wfile.write(piece)
                if answer.pause:
                    self.wfile.flush()
                    time.sleep(answer.pause)
        except OSError:
            pass  # the client stopped reading (at its size cap, or its deadline): what the answer tests
