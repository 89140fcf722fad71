"""HTTP front of the 1688 emulator: the gateway, OAuth, and the ``/_emulator/`` control API.

``serve(port=0)`` starts it on a daemon thread (tests, the demo); ``python -m emulators.alibaba_1688
--port N`` runs it in the foreground. README.md documents every route.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, fields
from typing import Any

from emulators._http import Answer, Handler, LoopbackServer, Request, Routes
from emulators.alibaba_1688 import lifecycle, oauth, push, signing
from emulators.alibaba_1688.gateway import GatewayError, gateway_answer, serve_api
from emulators.alibaba_1688.world import App, ControlError, Scenario, World

API_PATH = "/openapi/param2/{ver}/{namespace}/{name}/{app_key}"
TOKEN_PATH = "/openapi/http/1/system.oauth2/getToken/{app_key}"
MAX_BODY = 1 << 20


class Alibaba1688Server:
    """The emulator on a loopback port: ``.url``, ``.world``, ``.close()``."""

    def __init__(self, world: World, host: str = "127.0.0.1", port: int = 0) -> None:
        self.world = world
        routes = Routes(fallback=_unsupported)
        routes.add("POST GET", TOKEN_PATH, lambda r: oauth.get_token(world, r))
        routes.add("POST GET", API_PATH, self._api)
        routes.add("GET", "/oauth/authorize", lambda r: oauth.authorize(world, r))
        control: dict[tuple[str, str], Callable[[Request], Any]] = {
            ("POST", "reset"): self._reset,
            ("POST", "tokens"): self._grant,
            ("POST", "orders"): self._create,
            ("GET", "orders"): self._orders,
            ("POST", "orders/{order_id}/{action}"): self._act,
            ("GET", "scenario"): lambda r: {"scenario": self._scenario({})},
            ("POST", "scenario"): lambda r: {"scenario": self._scenario(r.json_object())},
            ("GET", "clock"): lambda r: {"clock": world.clock},
            ("POST", "clock"): self._clock,
            ("GET", "calls"): lambda r: {"calls": list(world.calls)},
            ("DELETE", "calls"): self._forget_calls,
            ("POST", "push"): self._push_config,
            ("POST", "push/deliver"): lambda r: {"deliveries": push.deliver(world)},
            ("GET", "push/log"): lambda r: {"deliveries": list(world.deliveries)},
            ("GET", "push/parked"): self._parked,
            ("POST", "push/sign"): self._sign,
            ("POST", "companies"): self._companies,
        }
        for (method, path), handler in control.items():
            routes.add(method, f"/_emulator/{path}", _control(handler))
        routes.add("GET POST DELETE", "/_emulator/{path:.*}", _no_such_control)
        self.http = LoopbackServer(routes, name="emulator-1688", host=host, port=port, max_body=MAX_BODY)

    @property
    def url(self) -> str:
        return self.http.url

    def close(self) -> None:
        self.http.stop()

    def _api(self, request: Request) -> Answer:
        latency = self.world.scenario.latency_ms
        if latency:
            time.sleep(latency / 1000)
        return serve_api(self.world, request)

    # -- control ---------------------------------------------------------------------------------

    def _reset(self, request: Request) -> dict[str, Any]:
        body = request.json_object()
        fresh = World()
        if "apps" in body:
            fresh.apps = {
                str(key): App(
                    str(spec["secret"]),
                    str(spec.get("redirect_domain", "127.0.0.1")),
                    set(spec.get("denied", [])),
                )
                for key, spec in dict(body["apps"]).items()
            }
        if "clock" in body:
            fresh.clock = float(body["clock"])
        if "buyer" in body:
            fresh.buyer = str(body["buyer"])
        with self.world.lock:
            for name in (
                "clock",
                "apps",
                "buyer",
                "scenario",
                "orders",
                "access",
                "refresh",
                "codes",
                "companies",
                "outbox",
                "parked",
                "deliveries",
                "push_url",
                "calls",
                "buckets",
                "counters",
            ):
                setattr(self.world, name, getattr(fresh, name))
        return {"ok": True}

    def _grant(self, request: Request) -> dict[str, Any]:
        """Tokens as if the buyer had authorized the app already (a merchant's one-time setup)."""
        body = request.json_object()
        with self.world.lock:
            app_key = str(body.get("app_key") or next(iter(self.world.apps)))
            if app_key not in self.world.apps:
                raise ControlError(f"no app {app_key}")
            return oauth.issue(
                self.world, app_key, str(body.get("member", self.world.buyer)), with_refresh=True
            )

    def _create(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            order = lifecycle.create(self.world, request.json_object())
            answer = {
                "order_id": str(order.order_id),
                "sub_item_ids": [str(i.sub_item_id) for i in order.items],
            }
        self._auto_push()
        return answer

    def _orders(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            return {
                "orders": [
                    {
                        "order_id": str(o.order_id),
                        "status": o.status,
                        "buyer": o.buyer,
                        "items": [{**asdict(i), "sub_item_id": str(i.sub_item_id)} for i in o.items],
                        "parcels": [
                            {
                                "logistics_id": p.logistics_id,
                                "bill_no": p.bill_no,
                                "company": p.company,
                                "status": p.status,
                                "entries": [[str(s), q] for s, q in p.entries],
                            }
                            for p in o.parcels
                        ],
                    }
                    for o in self.world.orders.values()
                ]
            }

    def _act(self, request: Request) -> dict[str, Any]:
        action, body = request.params["action"], request.json_object()
        with self.world.lock:
            order = lifecycle.find(self.world, request.params["order_id"])
            answer: dict[str, Any] = {"ok": True}
            if action == "pay":
                lifecycle.pay(self.world, order)
            elif action == "ship":
                answer["logistics_id"] = lifecycle.ship(self.world, order, body).logistics_id
            elif action == "trace":
                lifecycle.trace(self.world, order, body)
            elif action == "change_number":
                lifecycle.change_number(self.world, order, body)
            elif action == "confirm":
                lifecycle.confirm(self.world, order)
            elif action == "success":
                lifecycle.succeed(self.world, order)
            elif action == "close":
                lifecycle.close(self.world, order, body)
            elif action == "refund":
                lifecycle.refund(self.world, order, body)
            else:
                raise ControlError(f"unknown action {action}")
            answer["status"] = order.status
        self._auto_push()
        return answer

    def _auto_push(self) -> None:
        if self.world.scenario.auto_push and self.world.push_url:
            push.deliver(self.world)

    def _scenario(self, knobs: dict[str, Any]) -> dict[str, Any]:
        names = {f.name for f in fields(Scenario)}
        unknown = set(knobs) - names
        if unknown:
            raise ControlError(f"unknown scenario knobs: {', '.join(sorted(unknown))}")
        with self.world.lock:
            for name, value in knobs.items():
                setattr(self.world.scenario, name, value)
            return asdict(self.world.scenario)

    def _clock(self, request: Request) -> dict[str, Any]:
        body = request.json_object()
        with self.world.lock:
            if "set" in body:
                self.world.clock = float(body["set"])
            self.world.clock += float(body.get("advance", 0))
            return {"clock": self.world.clock}

    def _forget_calls(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            self.world.calls.clear()
        return {"ok": True}

    def _push_config(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            self.world.push_url = str(request.json_object().get("url", ""))
        return {"ok": True}

    def _parked(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            return {"messages": [m.envelope() for m in self.world.parked], "outbox": len(self.world.outbox)}

    def _sign(self, request: Request) -> dict[str, Any]:
        """A queued-or-given message signed as a push (for tests that post one by hand)."""
        body = request.json_object()
        with self.world.lock:
            app_key = str(body.get("app_key") or next(iter(self.world.apps)))
            secret = self.world.apps[app_key].secret
        return {"signature": signing.push_signature(secret, str(body["message"]))}

    def _companies(self, request: Request) -> dict[str, Any]:
        with self.world.lock:
            self.world.companies = [dict(c) for c in request.json_object()["companies"]]
        return {"ok": True}


def serve(port: int = 0, host: str = "127.0.0.1", world: World | None = None) -> Alibaba1688Server:
    server = Alibaba1688Server(world or World(), host, port)
    server.http.start()
    return server


def _unsupported(request: Request) -> Answer:
    error = GatewayError(400, "gw.APIUnsupported", f"API not supported: {request.path}")
    return gateway_answer(error, "")


def _no_such_control(request: Request) -> Answer:
    return Answer.json(404, {"error": f"no such control route: {request.method} {request.path}"})


def _control(handler: Callable[[Request], Any]) -> Handler:
    def answer(request: Request) -> Answer:
        try:
            return Answer.json(200, handler(request))
        except (ControlError, ValueError, TypeError, KeyError) as exc:
            return Answer.json(400, {"error": str(exc)})

    return answer
