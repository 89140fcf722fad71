"""HTTP: the sheet's Apps Script trigger (an edit, or a menu action), HMAC-signed.

Answers 401 for a missing or bad signature or a stale timestamp (5-minute window), 400 for a body
that is not an edit, 403 for a signed request about another spreadsheet than this deployment's
WAYBILL_SPREADSHEET_ID (nothing is done: one edit secret must not let one workspace act on another),
503 when a needed setting is missing; otherwise 200 with a short JSON summary.
Each signed request acts once (shared/app/entry_once.py): a repeat answers 200 with
``{"ignored": "repeated request", "first_answer": <the first answer>}``, a copy arriving while the
first is at work answers 202 ``{"in_progress": true}`` (Apps Script does not retry; see ``handle``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Request

from functions.deps import config, deps
from functions.pass_log import Pass, timed
from shared.app.config import ConfigError
from shared.app.entry_once import act_once
from shared.app.tick import TickDeps, check_layout, refresh, run_tick
from shared.journal.once import Busy, Done
from shared.journal.records import AuditEntry
from shared.sheets.edit_signature import EditSignatureError, MalformedEdit, SheetEdit, verify_edit
from shared.sheets.layout import Table
from shared.sheets.settings import ENV_SPREADSHEET_ID
from sheet_templates.workspace import ORDERS

log = logging.getLogger("waybill.sheet_edit")
_TRACKED_FIELDS = {"tracking_numbers", "courier", "supplier_order_no", "supplier"}


def _reply(body: dict[str, Any], status: int) -> tuple[str, int, dict[str, str]]:
    return json.dumps(body, ensure_ascii=False), status, {"Content-Type": "application/json; charset=utf-8"}


def _edit_entries(edit: SheetEdit) -> Callable[[Table], list[AuditEntry]]:
    """The audit entries for an operator's edit of tracked columns, made once the rows are read: one
    per row and tracked column the edit covers (a pasted block too). Apps Script gives the old value
    of a single cell only; for a block the 原值 stays empty and the new value is what the row holds."""

    def make(table: Table) -> list[AuditEntry]:
        if edit.action != "edit":
            return []
        single = edit.num_rows <= 1 and edit.num_columns <= 1
        columns = range(edit.column, edit.column + max(1, edit.num_columns))
        rows = range(edit.row, edit.row + max(1, edit.num_rows))
        fields = {
            name: col for name, col in table.columns.items() if col in columns and name in _TRACKED_FIELDS
        }
        entries = []
        for row in (r for r in table.rows if r.number in rows):
            for field in fields:
                entries.append(
                    AuditEntry(
                        datetime.fromtimestamp(edit.timestamp, UTC),
                        edit.user or "operator",
                        "edit",
                        row.key or None,
                        field,
                        (edit.old_value or "") if single else "",
                        (edit.value or "") if single else row[field],
                        "sheet",
                        f"{edit.sheet_name}!{edit.range}",
                    )
                )
        return entries

    return make


def handle(request: Request) -> tuple[str, int, dict[str, str]]:
    fields: dict[str, Any] = {"function": "sheet_edit", "event": "sheet_edit"}
    try:
        secret = config().edit_secret
        if not secret:
            raise ConfigError("缺少设置 / missing setting: WAYBILL_EDIT_SECRET")
        edit = verify_edit(secret.encode("utf-8"), dict(request.headers), request.get_data(), time.time())
    except MalformedEdit as exc:
        _refused(fields, exc, 400)
        return _reply({"error": "bad_request", "message": str(exc)}, 400)
    except EditSignatureError as exc:
        _refused(fields, exc, 401)
        return _reply({"error": "unauthorized", "message": str(exc)}, 401)
    except ConfigError as exc:
        _refused(fields, exc, 503)
        return _reply({"error": "not_configured", "message": str(exc)}, 503)
    ours = config().env.get(ENV_SPREADSHEET_ID, "").strip()
    if not ours:
        return _reply({"error": "not_configured", "message": _NO_SPREADSHEET}, 503)
    if edit.spreadsheet_id != ours:
        return _reply({"error": "wrong_spreadsheet", "message": _OTHER_SPREADSHEET}, 403)

    tick = deps()
    header = edit.row + max(1, edit.num_rows) - 1 < 2
    if edit.action != "sync" and not header and edit.sheet_name not in (ORDERS.title.zh, ORDERS.title.en):
        return _reply({"ignored": "not the orders tab"}, 200)
    # The same signed request again (a retry of the trigger's POST, or a copy arriving alongside):
    # claimed before any work, so it runs once and is not logged twice. A new edit, even of the same
    # value, carries a new timestamp and signature. Every action goes through here, sync included.
    signed = (
        f"{request.headers.get('X-Waybill-Timestamp', '')}.{request.headers.get('X-Waybill-Signature', '')}"
    )
    digest = hashlib.sha256(signed.encode("utf-8")).hexdigest()
    key = f"edits/{digest}.json"
    # The edit id: the digest's head (the signature itself is never logged).
    fields |= {"edit_id": digest[:16], "action": edit.action, "rows": max(1, edit.num_rows)}
    with timed(**fields) as one:
        outcome = act_once(tick.journal, key, tick.clock, lambda: _work(tick, edit, one))
    if isinstance(outcome, Done):
        one.done("sheet edit repeated", "repeated")
        return _reply({"ignored": "repeated request", "first_answer": outcome.result}, 200)
    if isinstance(outcome, Busy):
        one.done("sheet edit already at work", "busy")
        # Apps Script sends each request once (UrlFetchApp, no retry loop) and its menu shows any 2xx
        # as "requested": a copy of a request at work is accepted, not failed, and nothing retries it.
        return _reply({"in_progress": True, "until": outcome.until.isoformat(), "message": _BUSY}, 202)
    return _reply(outcome.result, 200)


_NO_SPREADSHEET = f"缺少设置 / missing setting: {ENV_SPREADSHEET_ID}"
_OTHER_SPREADSHEET = (
    "这个请求来自另一张表格，本部署只处理自己的工作表格，什么也没有做；请检查该表格的脚本设置。 / "
    "This request comes from another spreadsheet; this deployment serves only its own workspace, so "
    "nothing was done. Check that spreadsheet's script settings."
)
_BUSY = "这次修改正在处理，无需重试。 / This edit is being handled already; there is nothing to retry."


def _refused(fields: dict[str, Any], exc: Exception, status: int) -> None:
    line = {**fields, "outcome": "refused", "status": status, "error_class": type(exc).__name__}
    log.warning("sheet edit refused", extra={"fields": line})


def _work(tick: TickDeps, edit: SheetEdit, one: Pass) -> dict[str, Any]:
    if edit.action == "sync":
        report = run_tick(tick)
        one.report("sheet edit done", report, scope="tick")
        return report.as_dict()
    first, last = edit.row, edit.row + max(1, edit.num_rows) - 1
    if last < 2:
        # A header was edited (any tab): say at once whether the layout is still whole.
        report = check_layout(tick)
        one.report("sheet edit done", report, scope="headers")
        return report.as_dict()
    report = refresh(
        tick,
        row_range=(max(2, first), last),
        force_push=edit.action == "push",
        push=edit.action != "validate",
        entries=_edit_entries(edit),
    )
    one.report("sheet edit done", report, scope="rows")
    return report.as_dict()
