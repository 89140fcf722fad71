"""The 1688 emulator for its own tests, spoken to with plain httpx (deliberately not the product's
client) and signed by the helper here, written from the reference's rule independently of the
emulator's signing module."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from emulators.alibaba_1688.server import Alibaba1688Server, serve
from emulators.control import AlibabaControl

APP_KEY, SECRET = "1234567", "emulator-secret"


def sign(secret: str, url_path: str, params: dict[str, str]) -> str:
    joined = "".join(sorted(k + v for k, v in params.items()))
    return hmac.new(secret.encode(), (url_path + joined).encode(), hashlib.sha1).hexdigest().upper()


class Gateway:
    def __init__(self, url: str, control: AlibabaControl) -> None:
        self.http = httpx.Client(base_url=url, timeout=10, trust_env=False)
        self.control = control
        self.token = ""

    def call(
        self,
        namespace: str,
        name: str,
        params: dict[str, str] | None = None,
        *,
        app_key: str = APP_KEY,
        secret: str = SECRET,
        token: str | None = None,
        signature: str | None = None,
    ) -> httpx.Response:
        fields = dict(params or {})
        if token is None:
            token = self.token
        if token:
            fields["access_token"] = token
        fields["_aop_timestamp"] = "1795000000000"
        url_path = f"param2/1/{namespace}/{name}/{app_key}"
        fields["_aop_signature"] = signature if signature is not None else sign(secret, url_path, fields)
        return self.http.post(f"/openapi/{url_path}", data=fields)


@pytest.fixture(scope="module")
def server() -> Iterator[Alibaba1688Server]:
    emulator = serve()
    yield emulator
    emulator.close()


@pytest.fixture
def control(server: Alibaba1688Server) -> Iterator[AlibabaControl]:
    with AlibabaControl(server.url, timeout=10) as client:
        client.reset()
        yield client


@pytest.fixture
def gw(server: Alibaba1688Server, control: AlibabaControl) -> Iterator[Gateway]:
    gateway = Gateway(server.url, control)
    gateway.token = control.grant()["access_token"]
    yield gateway
    gateway.http.close()


class PushSink:
    """A receiver for pushes: keeps each form body; answers ``status``."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, str]] = []
        self.status = 200
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                sink.bodies.append(dict(parse_qsl(self.rfile.read(length).decode())))
                self.send_response(sink.status)
                self.send_header("Content-Length", "7")
                self.end_headers()
                self.wfile.write(b"success")

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/push"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def sink() -> Iterator[PushSink]:
    receiver = PushSink()
    yield receiver
    receiver.close()
