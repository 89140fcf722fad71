"""The timer (Cloud Scheduler -> Pub/Sub CloudEvent) and "sync now" over HTTP."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Request

from functions.deps import UnknownShop, clock, config, deps, registry
from functions.dispatch import on_schedule
from functions.oidc import CallerRefused, OidcSettings, verify_caller
from functions.overview import after_tick
from functions.pass_log import new_id, timed
from functions.refresh import drain_pending
from functions.shop_route import NotServed, message_shop, shop_of_request
from shared.app.sheets_quota import spending_as
from shared.app.shops import ShopRegistryError
from shared.app.tick import run_tick
from shared.app.wiring import invocation_deadline
from shared.retry import within
from shared.sheets.errors import SheetsRateLimited
from shared.sheets.quota import Priority

log = logging.getLogger("waybill.sync")


def _event_id(cloud_event: Any) -> str:
    try:
        return str(cloud_event["id"])
    except (KeyError, TypeError):
        return ""


def on_timer(cloud_event: Any) -> None:
    """Pub/Sub push: the queued edits and shop events first (a "work is waiting" message may have
    been lost: functions/refresh.py), then one tick. Errors of the tick propagate (logged by the
    platform, and as a ``failed`` tick line): Pub/Sub delivers the message again (with a shop
    registry the subscription retries with backoff, infra) or the next tick redoes the work. Every
    retry wait of both ends before the invocation's deadline. The tick spends the shared Sheets
    quota last (shared/app/sheets_quota.py: it leaves headroom for edits and shop events, and waits
    for it); the quota running out is no error: the tick is logged "deferred: quota" at INFO and the
    next timer tick does its work.

    With a shop registry (docs/shops.md) the message names one shop (``dispatch`` publishes one per
    shop) and this is that shop's tick, on its own settings and journal. A message naming no shop
    is fanned out here as ``dispatch`` would (a scheduler still pointed at this function ticks
    every shop); one naming a shop that is not served is logged and dropped (retrying cannot help).

    With an overview spreadsheet (WAYBILL_OVERVIEW_SPREADSHEET_ID) each tick that ran is recorded in
    the shop's journal and the 总览 tab rewritten (functions/overview.py), a failed one before its
    error is raised again.
    """
    event_id = _event_id(cloud_event)
    shop = message_shop(cloud_event)
    try:
        shops = registry()
        if shops is not None and not shop:
            on_schedule(cloud_event)
            return
        if shop and (shops is None or shops.get(shop) is None):
            raise UnknownShop(shop)
    except (UnknownShop, ShopRegistryError) as exc:
        line = {"function": "sync", "event": "tick", "outcome": "refused", "event_id": event_id}
        log.error(
            "tick not for a shop served here",
            extra={"fields": {**line, "shop": shop[:64], "error_class": type(exc).__name__}},
        )
        return
    with within(invocation_deadline(config(shop), "sync")):
        _tick(shop, event_id)


def _tick(shop: str, event_id: str) -> None:
    """The shop's queued work and its tick; with an overview, its outcome recorded and the overview
    rewritten (functions/overview.py), a failure too, before it is raised again."""
    named = {"shop": shop} if shop else {}
    started = clock()()
    try:
        drain_pending(deps(shop), "sync", event_id, shop)
        with timed(function="sync", event="tick", tick_id=new_id(), event_id=event_id, **named) as tick:
            try:
                with spending_as(Priority.TICK):  # after the edits and the shop events
                    report = run_tick(deps(shop))
            except SheetsRateLimited:
                tick.done("deferred: quota", "deferred", reason="quota")
                return
            tick.report("tick done", report)
    except Exception as exc:
        after_tick(shop, started, error=exc)
        raise
    after_tick(shop, started, report)


def on_http(request: Request) -> tuple[str, int, dict[str, str]]:
    """'Sync now': only for callers with a valid Google ID token (functions/oidc.py), 401/403 otherwise.
    In the cloud IAM checks them too (the function is private); this check also holds locally.
    With a shop registry, ``?shop=<key>`` names the shop to tick (none: 400, a key not served: 404,
    with a bilingual reason); without one, the deployment's one tick as before."""
    kind = {"Content-Type": "application/json; charset=utf-8"}
    try:
        caller = verify_caller(dict(request.headers), OidcSettings.from_env(config().env))
    except CallerRefused as refused:
        log.warning(
            "sync now refused",
            extra={"fields": {"function": "sync_now", "event": "caller_refused", "status": refused.status}},
        )
        return (
            json.dumps({"error": "refused", "message": refused.message}, ensure_ascii=False),
            refused.status,
            kind,
        )
    who = caller.email or caller.subject  # a service account or a team member, never a buyer
    try:
        shop = shop_of_request(request.args.get("shop", ""))
    except NotServed as refused:
        body = {"error": "not_served", "message": refused.reason.joined()}
        return json.dumps(body, ensure_ascii=False), refused.status, kind
    except ShopRegistryError as exc:
        body = {"error": "not_configured", "message": str(exc)}
        return json.dumps(body, ensure_ascii=False), 503, kind
    named = {"shop": shop} if shop else {}
    with (
        within(invocation_deadline(config(shop), "sync_now")),
        timed(function="sync_now", event="tick", tick_id=new_id(), caller=who, **named) as tick,
    ):
        started = clock()()
        try:
            report = run_tick(deps(shop))
        except Exception as exc:
            after_tick(shop, started, error=exc)
            raise
        tick.report("tick done", report)
        after_tick(shop, started, report)
    return json.dumps(report.as_dict(), ensure_ascii=False), 200, kind
