"""Cloud Functions entry points (gen2, one source for all): each parses its trigger and calls the app.

* ``sheet_edit``  HTTP   the sheet's Apps Script trigger and menu (HMAC-signed)
* ``dispatch``    CloudEvent (Pub/Sub, from Cloud Scheduler)   one tick message per shop (docs/shops.md)
* ``sync``        CloudEvent (Pub/Sub)   one sync tick (of the shop the message names, with shops)
* ``sync_now``    HTTP   "sync now" (private: OIDC-authenticated callers only)
* ``shop_events`` HTTP   WeChat Shop message push (signature + AES)
* ``tracking_events`` HTTP   Kuaidi100 push callbacks (signed with KUAIDI100_SALT)
* ``supplier_events`` HTTP   1688 push messages (signed with the 1688 app secret)
* ``refresh``     CloudEvent (Pub/Sub, private)   the work sheet_edit and shop_events queued

The public functions (sheet_edit, shop_events, tracking_events, supplier_events) verify, claim and
record; the private ones (refresh, sync, sync_now) read and push (docs/architecture.md, "Who holds
which secret").
"""

from __future__ import annotations

from typing import Any

import functions_framework
from flask import Request

from functions import dispatch as _dispatch
from functions import json_logs
from functions import refresh as _refresh
from functions import sheet_edit as _sheet_edit
from functions import shop_events as _shop_events
from functions import supplier_events as _supplier_events
from functions import sync as _sync
from functions import tracking_events as _tracking_events

json_logs.configure()  # once per process: JSON lines Cloud Logging parses (functions/json_logs.py)


@functions_framework.http
def sheet_edit(request: Request) -> Any:
    return _sheet_edit.handle(request)


@functions_framework.cloud_event
def dispatch(cloud_event: Any) -> None:
    _dispatch.on_schedule(cloud_event)


@functions_framework.cloud_event
def sync(cloud_event: Any) -> None:
    _sync.on_timer(cloud_event)


@functions_framework.http
def sync_now(request: Request) -> Any:
    return _sync.on_http(request)


@functions_framework.http
def shop_events(request: Request) -> Any:
    return _shop_events.handle(request)


@functions_framework.http
def tracking_events(request: Request) -> Any:
    return _tracking_events.handle(request)


@functions_framework.http
def supplier_events(request: Request) -> Any:
    return _supplier_events.handle(request)


@functions_framework.cloud_event
def refresh(cloud_event: Any) -> None:
    _refresh.on_message(cloud_event)
