"""The timer (Cloud Scheduler -> Pub/Sub CloudEvent) and "sync now" over HTTP."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Request

from functions.deps import deps
from shared.app.tick import run_tick

log = logging.getLogger("waybill.sync")


def on_timer(cloud_event: Any) -> None:
    """Pub/Sub push: one tick. Errors propagate (logged by the platform); the next tick redoes the work
    (the subscription does not retry, see infra)."""
    report = run_tick(deps())
    log.info("tick: %s", json.dumps(report.as_dict(), ensure_ascii=False))


def on_http(request: Request) -> tuple[str, int, dict[str, str]]:
    """'Sync now'. In the cloud only OIDC-authenticated callers reach it (the function is private)."""
    report = run_tick(deps())
    return json.dumps(report.as_dict(), ensure_ascii=False), 200, {"Content-Type": "application/json"}
