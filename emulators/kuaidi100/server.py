"""HTTP front of the Kuaidi100 emulator, on the shared loopback server (emulators/_http).

Provider paths: ``POST /poll/query.do`` (query), ``POST /poll`` (subscribe), ``GET`` or ``POST``
``/autonumber/auto`` (recognition; the official demo posts a form, the documented call is a GET).
Control paths under ``/_emulator/`` (clock, parcels, faults, account, log); see README.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from emulators._http import Answer, Handler, LoopbackServer, Request, Routes
from emulators._http.slow import dripped, padded
from emulators.kuaidi100.clock import DEFAULT_START, EmulatorClock, parse_iso
from emulators.kuaidi100.journeys import JOURNEYS
from emulators.kuaidi100.world import Fault, World

DEFAULT_CUSTOMER = "EMU0000CUSTOMER"
DEFAULT_KEY = "emu-kuaidi100-key"
_MAX_BODY = 1_000_000
_INCOMPLETE = {"result": False, "returnCode": "400", "message": "数据不完整"}


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
        routes = Routes(fallback=lambda request: _json(404, {"message": "not found"}))
        routes.add("GET", "/autonumber/auto", self._provider(self._autonumber_get))
        routes.add("POST", "/autonumber/auto", self._provider(self._autonumber_post))
        routes.add("POST", "/poll/query.do", self._provider(self._query))
        routes.add("POST", "/poll", self._provider(self._subscribe))
        control: dict[tuple[str, str], Callable[[Request], Answer]] = {
            ("GET", "clock"): lambda r: _json(200, {"now": self.world.clock.now.isoformat()}),
            ("GET", "log"): self._log,
            ("GET", "subscriptions"): self._subscriptions,
            ("GET", "journeys"): lambda r: _json(200, {"journeys": sorted(JOURNEYS)}),
            ("POST", "clock"): self._move_clock,
            ("POST", "parcels"): self._add_parcel,
            ("POST", "faults"): self._add_faults,
            ("POST", "account"): self._account,
            ("POST", "reset"): self._reset,
        }
        for (method, path), handler in control.items():
            routes.add(method, f"/_emulator/{path}", _control(handler))
        self.http = LoopbackServer(
            routes,
            name="kuaidi100-emulator",
            host=host,
            port=port,
            max_body=_MAX_BODY,
            too_large=_json(413, {"message": f"the body is over {_MAX_BODY} bytes"}),
        )

    @property
    def base_url(self) -> str:
        return self.http.url

    @property
    def autonumber_url(self) -> str:
        return self.base_url + "/autonumber/auto"

    def start(self) -> Kuaidi100Emulator:
        self.http.start()
        return self

    def serve_forever(self) -> None:
        self.http.serve_forever()

    def stop(self) -> None:
        self.http.stop()

    def __enter__(self) -> Kuaidi100Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the provider ------------------------------------------------------------------------------

    def _provider(self, handler: Callable[[Request], Answer]) -> Handler:
        """A provider path: an injected fault for it answers first."""

        def answer(request: Request) -> Answer:
            fault = self.world.take_fault(request.path)
            if fault is None:
                return handler(request)
            self.world.record("fault", path=request.path, http=fault.status, returnCode=fault.return_code)
            if fault.huge_bytes or fault.drip_ms:
                return _slow_or_huge(fault)
            if fault.return_code:
                return _json(200, {"result": False, "returnCode": fault.return_code, "message": "服务器繁忙"})
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return _json(fault.status, {"message": "fault injected"}, headers)

        return answer

    def _autonumber_get(self, request: Request) -> Answer:
        query = _fields(request.query)
        return _json(*self.world.autonumber(query.get("num", ""), query.get("key", "")))

    def _autonumber_post(self, request: Request) -> Answer:
        # The official demo posts num and key as a form; a query string is read too (as for GET).
        fields = {**_fields(request.query), **(_form(request) or {})}
        return _json(*self.world.autonumber(fields.get("num", ""), fields.get("key", "")))

    def _query(self, request: Request) -> Answer:
        form = _form(request)
        if form is None:
            return _json(200, _INCOMPLETE)
        return _json(*self.world.query(form.get("customer", ""), form.get("sign", ""), form.get("param", "")))

    def _subscribe(self, request: Request) -> Answer:
        form = _form(request)
        if form is None:
            return _json(200, _INCOMPLETE)
        return _json(*self.world.subscribe(form.get("schema", ""), form.get("param", "")))

    # -- the control API ---------------------------------------------------------------------------

    def _log(self, request: Request) -> Answer:
        query = _fields(request.query)
        with self.world.lock:
            entries = [e for e in self.world.log if "kind" not in query or e["kind"] == query["kind"]]
        return _json(200, {"entries": entries})

    def _subscriptions(self, request: Request) -> Answer:
        with self.world.lock:
            subs = [
                {
                    k: v.isoformat() if isinstance(v, datetime) else v
                    for k, v in asdict(s).items()
                    if k != "retry_body"
                }
                for s in self.world.subscriptions
            ]
        return _json(200, {"subscriptions": subs})

    def _move_clock(self, request: Request) -> Answer:
        obj, world = request.json_object(), self.world
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
        return _json(200, {"now": world.clock.now.isoformat(), "pushes": pushes})

    def _add_parcel(self, request: Request) -> Answer:
        obj = request.json_object()
        start = parse_iso(str(obj["start"])) if obj.get("start") else None
        self.world.add_parcel(
            str(obj["number"]), str(obj["com"]), str(obj["journey"]), str(obj.get("phone", "")), start
        )
        return _json(201, {"ok": True})

    def _add_faults(self, request: Request) -> Answer:
        obj = request.json_object()
        fault = Fault(
            path=str(obj["path"]),
            status=int(obj.get("status", 200)),
            retry_after=str(obj["retry_after"]) if obj.get("retry_after") is not None else None,
            return_code=str(obj["return_code"]) if obj.get("return_code") else None,
            huge_bytes=int(obj.get("huge_bytes", 0)),
            drip_ms=int(obj.get("drip_ms", 0)),
        )
        for _ in range(int(obj.get("times", 1))):
            with self.world.lock:
                self.world.faults.append(fault)
        return _json(200, {"ok": True})

    def _account(self, request: Request) -> Answer:
        obj = request.json_object()
        with self.world.lock:
            self.world.key_expired = bool(obj.get("key_expired", False))
        return _json(200, {"ok": True})

    def _reset(self, request: Request) -> Answer:
        world = self.world
        with world.lock:
            world.parcels.clear()
            world.subscriptions.clear()
            world.sub_counts.clear()
            world.last_query.clear()
            world.faults.clear()
            world.log.clear()
            world.key_expired = False
        return _json(200, {"ok": True})


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Answer:
    return Answer.json(status, body, headers)


def _control(handler: Callable[[Request], Answer]) -> Handler:
    """A control route: a malformed or refused request is 400 ``{"message"}``."""

    def answer(request: Request) -> Answer:
        try:
            return handler(request)
        except (ValueError, KeyError, TypeError) as exc:
            return _json(400, {"message": str(exc)})

    return answer


def _fields(query: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}


def _form(request: Request) -> dict[str, str] | None:
    if "application/x-www-form-urlencoded" not in (request.headers.get("Content-Type") or ""):
        # JSON bodies get 数据不完整 from the real service (docs/platforms/couriers-and-tracking.md)
        return None
    try:
        return _fields(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _slow_or_huge(fault: Fault) -> Answer:
    """A well-formed "no result" reply that is either huge or dripped slowly (a misbehaving gateway)."""
    head, tail = b'{"result": false, "returnCode": "500", "message": "', b'"}'
    if fault.drip_ms:
        data = head + b"x" * max(0, fault.huge_bytes - len(head) - len(tail)) + tail
        return dripped(200, data, fault.drip_ms)
    return padded(200, head, tail, fault.huge_bytes)
