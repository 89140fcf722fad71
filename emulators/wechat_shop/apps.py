"""Several shops on one emulator, as on the platform: one host for every app, a token names its app.

The default app (``primary``, from ``--appid``/``--secret``) is there from the start and is the one
every call and control request reaches unless it names another. More apps are added over the control
API (``POST /_emulator/apps``); each is a whole ``State`` of its own (its secret, tokens, orders,
push settings, counters, clock offset), so nothing of one app can be seen through another's token:
a token is looked up among every app's tokens and the call runs against the app that issued it,
where another app's order id is simply unknown (100002, as the platform answers an order of another
shop: docs/platforms/wechat-shop.md). Added apps live in memory only (the state file keeps the
primary app).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from urllib.parse import parse_qsl

from .._http import Request
from .state import State

TOKEN_PATH = "/cgi-bin/token"
STABLE_TOKEN_PATH = "/cgi-bin/stable_token"
MAX_APPS = 200


class Apps:
    """Every app the emulator serves. ``on_added(state)`` runs for each new app (its push worker)."""

    def __init__(self, primary: State, on_added: Callable[[State], None] = lambda state: None) -> None:
        self.primary = primary
        self.lock = threading.Lock()
        self._added: list[State] = []
        self._on_added = on_added

    def all(self) -> list[State]:
        with self.lock:
            return [self.primary, *self._added]

    def added(self) -> list[State]:
        with self.lock:
            return list(self._added)

    def get(self, appid: str) -> State | None:
        return next((s for s in self.all() if s.appid == appid), None)

    def add(self, appid: str, secret: str, username: str | None = None) -> State:
        """A new app with its own world; ValueError when the app id is taken or the emulator is full."""
        with self.lock:
            if any(s.appid == appid for s in [self.primary, *self._added]):
                raise ValueError(f"app {appid} exists already")
            if len(self._added) >= MAX_APPS:
                raise ValueError(f"at most {MAX_APPS} added apps")
            state = State(appid=appid, secret=secret, seed=_seed_for(self.primary.seed, appid))
            state.clock_offset = self.primary.clock_offset  # one platform clock
            state.username = username or f"gh_{hashlib.sha256(appid.encode()).hexdigest()[:12]}"
            self._added.append(state)
        self._on_added(state)
        return state

    def forget_added(self) -> list[State]:
        """Drop every added app (a reset of the emulator); the dropped states back."""
        with self.lock:
            dropped, self._added = self._added, []
        return dropped

    def for_call(self, request: Request, path: str) -> State:
        """The app a platform call is for: the token call's ``appid``, else the app that issued its
        ``access_token``; the primary app when neither names one (it answers the error)."""
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        if path == TOKEN_PATH:
            return self.get(query.get("appid", "")) or self.primary
        if path == STABLE_TOKEN_PATH:
            try:
                body = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return self.primary
            appid = body.get("appid") if isinstance(body, dict) else None
            return (self.get(appid) if isinstance(appid, str) else None) or self.primary
        token = query.get("access_token", "")
        if token:
            for state in self.all():
                with state.lock:
                    if token in state.tokens:
                        return state
        return self.primary


def _seed_for(seed: int | None, appid: str) -> int | None:
    """A seeded emulator stays repeatable, and no two apps draw the same tokens or order ids."""
    if seed is None:
        return None
    return int(hashlib.sha256(f"{seed}:{appid}".encode()).hexdigest()[:12], 16)
