"""The timer (Cloud Scheduler -> Pub/Sub CloudEvent) and "sync now" over HTTP."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Request

from functions.deps import config, deps
from functions.oidc import CallerRefused, OidcSettings, verify_caller
from shared.app.tick import run_tick

log = logging.getLogger("waybill.sync")


def on_timer(cloud_event: Any) -> None:
    """Pub/Sub push: one tick. Errors propagate (logged by the platform); the next tick redoes the work
    (the subscription does not retry, see infra)."""
    report = run_tick(deps())
    log.info("tick: %s", json.dumps(report.as_dict(), ensure_ascii=False))


def on_http(request: Request) -> tuple[str, int, dict[str, str]]:
    """'Sync now': only for callers with a valid Google ID token (functions/oidc.py), 401/403 otherwise.
    In the cloud IAM checks them too (the function is private); this check also holds locally."""
    kind = {"Content-Type": "application/json; charset=utf-8"}
    try:
        caller = verify_caller(dict(request.headers), OidcSettings.from_env(config().env))
    except CallerRefused as refused:
        return (
            json.dumps({"error": "refused", "message": refused.message}, ensure_ascii=False),
            refused.status,
            kind,
        )
    log.info("sync now by %s", caller.email or caller.subject)
    report = run_tick(deps())
    return json.dumps(report.as_dict(), ensure_ascii=False), 200, kind
