"""The emulator on a loopback port: the platform's API (gateway.py) and the control API (control.py)
on the shared HTTP base (emulators/_http), and the background push worker.

In-process use::

    with running() as emu:            # a free port on 127.0.0.1
        httpx.get(emu.url + "/cgi-bin/token", params=...)

or ``server = serve(port=0)`` and ``server.stop()``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from .._http import Answer, LoopbackServer, Request, Routes
from . import control, gateway
from .apps import Apps
from .errors import ApiError, error_body
from .push import PushWorker
from .state import DEFAULT_APPID, DEFAULT_SECRET, State

# Above the platform's own 2 MiB (answered 45002 after the path, token and quota checks, as the
# platform does); a body past this one is not read at all: 45002 at once, with a fixed rid (the
# seeded rid sequence stays the same).
READ_LIMIT = 4 * gateway.MAX_BODY
_TOO_LARGE = error_body(
    45002, ApiError(45002, "content size out of limit").text(), "00000000-00000000-00000000"
)


class EmulatorServer:
    """``url``, ``state`` (for tests), ``start()``, ``stop()``."""

    def __init__(self, state: State, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state  # the default app's (apps.py: more apps are added over the control API)
        self.worker = PushWorker(state)
        self.workers: list[PushWorker] = []  # the added apps' push workers
        self.apps = Apps(state, on_added=self._start_worker)
        # Whatever is not the control API is a platform call: the platform answers unknown paths itself.
        routes = Routes(fallback=self._platform, ignore_trailing_slash=True)
        control.add_routes(routes, self.apps, lambda: self.url, on_reset=self._forget_added)
        self.http = LoopbackServer(
            routes,
            name="wechat-shop-emulator",
            host=host,
            port=port,
            max_body=READ_LIMIT,
            too_large=gateway.platform_json(200, _TOO_LARGE),
            server_version="WeChatShopEmulator/1.0",
        )

    def _platform(self, request: Request) -> Answer:
        return gateway.call(self.apps.for_call(request, gateway.normal_path(request.path)), request)

    def _start_worker(self, state: State) -> None:
        worker = PushWorker(state)
        worker.start()
        self.workers.append(worker)

    def _forget_added(self) -> None:
        dropped = {id(s) for s in self.apps.forget_added()}
        for worker in [w for w in self.workers if id(w.state) in dropped]:
            worker.stop()
            self.workers.remove(worker)

    @property
    def url(self) -> str:
        return self.http.url

    def start(self) -> EmulatorServer:
        self.worker.start()
        self.http.start()
        return self

    def join(self) -> None:
        self.http.join()

    def stop(self) -> None:
        self.worker.stop()
        for worker in self.workers:
            worker.stop()
        self.http.stop()


def make_state(
    appid: str = DEFAULT_APPID,
    secret: str = DEFAULT_SECRET,
    seed: int | None = None,
    state_file: str | None = None,
) -> State:
    state = State(appid=appid, secret=secret, seed=seed)
    if state_file:
        state.attach_file(state_file)
    return state


def serve(
    port: int = 0,
    host: str = "127.0.0.1",
    appid: str = DEFAULT_APPID,
    secret: str = DEFAULT_SECRET,
    seed: int | None = None,
    state_file: str | None = None,
) -> EmulatorServer:
    """Start the emulator in a background thread; ``server.url`` tells where, ``server.stop()`` ends it."""
    return EmulatorServer(make_state(appid, secret, seed, state_file), host, port).start()


@contextlib.contextmanager
def running(**kwargs: Any) -> Iterator[EmulatorServer]:
    server = serve(**kwargs)
    try:
        yield server
    finally:
        server.stop()
