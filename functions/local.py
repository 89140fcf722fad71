"""Serve every function locally with functions-framework, one path each (the demo and tests).

``/sheet_edit``, ``/sync_now``, ``/shop_events``, ``/tracking_events`` are the HTTP functions as Cloud
Functions would run them; ``/sync`` takes a CloudEvent like the Pub/Sub trigger does.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import functions_framework
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

MAIN = str(Path(__file__).resolve().parents[1] / "main.py")
TARGETS = {
    "sheet_edit": "http",
    "sync_now": "http",
    "shop_events": "http",
    "sync": "cloudevent",
    "tracking_events": "http",
}


def app() -> Any:
    """A WSGI app routing ``/<function>[/...]`` to that function's own functions-framework app."""
    create: Any = functions_framework.create_app  # untyped in functions-framework
    mounts = {name: create(target=name, source=MAIN, signature_type=kind) for name, kind in TARGETS.items()}

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        name, _, rest = environ.get("PATH_INFO", "").lstrip("/").partition("/")
        target = mounts.get(name)
        if target is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no such function"]
        environ = {
            **environ,
            "SCRIPT_NAME": environ.get("SCRIPT_NAME", "") + f"/{name}",
            "PATH_INFO": f"/{rest}",
        }
        return target(environ, start_response)

    return route


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # one line per request would drown the demo's summary


class LocalFunctions:
    def __init__(self, server: BaseWSGIServer, thread: threading.Thread) -> None:
        self.server, self.thread = server, thread
        self.url = f"http://127.0.0.1:{server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


def serve(port: int = 0) -> LocalFunctions:
    server = make_server("127.0.0.1", port, app(), threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="functions", daemon=True)
    thread.start()
    return LocalFunctions(server, thread)
