"""The emulator as one object: state, quota, latency, faults, log, webhook; and the API dispatch.

``Emulator.handle_api`` is transport-free (raw path, query, headers, body in; status, body out),
so the HTTP server and any in-process adapter share it.
"""

from __future__ import annotations

import gc
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from . import access, api, batch_update, metadata, schema, values
from .calllog import CallLog
from .errors import ApiError, not_found
from .quota import Quota
from .store import Spreadsheet, Store
from .webhook import Webhook

Response = tuple[int, dict[str, Any]]


class Emulator:
    def __init__(
        self,
        state_file: str | None = None,
        reads_per_minute: int | None = None,
        writes_per_minute: int | None = None,
        latency: float = 0.0,
    ) -> None:
        schema.discovery()  # fail at startup, not on the first call, when the schema is missing
        self.store = Store(state_file)
        self.quota = Quota(reads_per_minute, writes_per_minute)
        self.log = CallLog()
        self.webhook = Webhook()
        self.latency = latency
        self.faults: deque[dict[str, Any]] = deque()
        self._faults_lock = threading.Lock()
        self.base_url = ""

    # --- control ------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to an empty emulator: no spreadsheets, log, faults, latency, quota or webhook."""
        self.store.reset()
        self.log.clear()
        self.quota.configure(None, None)
        self.latency = 0.0
        with self._faults_lock:
            self.faults.clear()
        self.webhook.reset()

    def add_faults(self, faults: list[dict[str, Any]]) -> None:
        with self._faults_lock:
            self.faults.extend(faults)

    def _next_fault(self) -> ApiError | None:
        with self._faults_lock:
            if not self.faults:
                return None
            f = self.faults.popleft()
        code = int(f.get("code", 500))
        return ApiError(
            code, str(f.get("message") or _DEFAULT_FAULT.get(code, "Internal error encountered."))
        )

    # --- API ----------------------------------------------------------------------------------

    def handle_api(
        self, method: str, raw_path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Response:
        user = _user(headers)
        endpoint = "unknown"
        try:
            r = api.route(method, raw_path)
            endpoint = r.endpoint
            if self.latency > 0:
                time.sleep(self.latency)
            fault = self._next_fault()
            if fault is not None:
                raise fault
            self.quota.charge(user, api.KINDS[endpoint])
            params = parse_qs(query, keep_blank_values=True)
            payload = _json_body(body) if method in ("POST", "PUT") else {}
            # Google's front end refuses what its schema does not define before anything else.
            params, payload = schema.check(endpoint, params, payload)
            status, out = 200, self._dispatch(r, params, payload, user)
        except ApiError as err:
            status, out = err.code, err.body()
        self.log.record(endpoint, method, raw_path, status, user)
        return status, out

    def _dispatch(
        self, r: api.Route, params: dict[str, list[str]], body: dict[str, Any], user: str
    ) -> dict[str, Any]:
        store = self.store
        with store.lock:
            if r.endpoint == "spreadsheets.create":
                ss = metadata.create(body, self.base_url)
                store.add(ss)
                return metadata.get(ss, {"includeGridData": ["false"]}, self.base_url)
            assert r.spreadsheet_id is not None
            ss_or_none = store.get(r.spreadsheet_id)
            if ss_or_none is None:
                raise not_found()
            ss = ss_or_none
            access.check(ss, user)
            call = Call(ss, r.range_text or "", params, body, user, self.base_url)
            if api.KINDS[r.endpoint] == "read":
                return ENDPOINTS[r.endpoint](call)
            snapshot = ss.snapshot()
            try:
                out = ENDPOINTS[r.endpoint](call)
            except ApiError:
                store.spreadsheets[ss.spreadsheet_id] = snapshot  # all or nothing
                raise
            except (TypeError, ValueError, KeyError, AttributeError) as err:
                store.spreadsheets[ss.spreadsheet_id] = snapshot
                raise ApiError(400, f"Invalid request: {err.__class__.__name__}: {err}") from None
            store.touch()
            # The store only grows here; what it holds now is long-lived. Frozen, the cyclic collector
            # no longer walks it at every full collection: with millions of cells (a simulated year)
            # those walks took about half of this process's time, a cost Google's servers do not have.
            # Frozen objects are still freed when their last reference goes.
            gc.freeze()
            return out

    def create_with_id(self, spreadsheet_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Control API: a spreadsheet with a chosen ID (so settings can name it before it exists)."""
        with self.store.lock:
            if self.store.get(spreadsheet_id) is not None:
                raise ApiError(409, f"Spreadsheet {spreadsheet_id} already exists", status="ALREADY_EXISTS")
            ss = metadata.create(body, self.base_url, spreadsheet_id=spreadsheet_id)
            self.store.add(ss)
            return metadata.get(ss, {}, self.base_url)


@dataclass(frozen=True)
class Call:
    """One API call on one spreadsheet, as its endpoint sees it."""

    ss: Spreadsheet
    range_text: str  # the range in the path ("" for endpoints without one)
    params: dict[str, list[str]]
    body: dict[str, Any]
    user: str
    base_url: str


ENDPOINTS: dict[str, Callable[[Call], dict[str, Any]]] = {
    "spreadsheets.get": lambda c: metadata.get(c.ss, c.params, c.base_url),
    "spreadsheets.values.get": lambda c: values.values_get(c.ss, c.range_text, c.params),
    "spreadsheets.values.batchGet": lambda c: values.values_batch_get(c.ss, c.params),
    "spreadsheets.batchUpdate": lambda c: batch_update.apply(c.ss, c.body, access.email(c.user)),
    "spreadsheets.values.batchUpdate": lambda c: values.values_batch_update(c.ss, c.body),
    "spreadsheets.values.batchClear": lambda c: values.values_batch_clear(c.ss, c.body),
    "spreadsheets.values.update": lambda c: values.values_update(c.ss, c.range_text, c.params, c.body),
    "spreadsheets.values.append": lambda c: values.values_append(c.ss, c.range_text, c.params, c.body),
    "spreadsheets.values.clear": lambda c: values.values_clear(c.ss, c.range_text),
}

_DEFAULT_FAULT = {
    429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}


def _user(headers: dict[str, str]) -> str:
    """The quota bucket: the bearer token (any token is accepted; none means anonymous)."""
    auth = ""
    for k, v in headers.items():
        if k.lower() == "authorization":
            auth = v.strip()
    if not auth or auth in ("None", "Bearer", "Bearer None"):
        return access.ANONYMOUS
    return auth.removeprefix("Bearer ").strip()


def _json_body(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ApiError(400, f"Invalid JSON payload received. {err}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "Invalid JSON payload received. Expected an object.")
    return data
