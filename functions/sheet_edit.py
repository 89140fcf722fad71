"""HTTP: the sheet's Apps Script trigger (an edit, or a menu action), HMAC-signed. Public, so it holds
only the edit secret and the journal: it verifies, claims, records the work and hands it on.

Answers 401 for a missing or bad signature or a stale timestamp (5-minute window), 400 for a body
that is not an edit, 403 for a signed request about another spreadsheet than this deployment's
WAYBILL_SPREADSHEET_ID (nothing is done: one edit secret must not let one workspace act on another),
503 when a needed setting is missing. Otherwise the work is handed on and the answer comes at once:
202 ``{"queued": ..., "announced": bool, "message": zh / en}``. An edit (or 校验所选行 / 推送所选行, or a
header edit) is put in the edit queue (shared/app/edit_queue.py) and announced on
WAYBILL_REFRESH_TOPIC: the private ``refresh`` function reads the rows and pushes. 立即同步 (``sync``)
is announced on WAYBILL_TICK_TOPIC: the private ``sync`` function runs the tick. 202, not 200: the work
is accepted, not done (Apps Script shows any 2xx as "requested"). When the announcement fails the edit
stays queued and the answer says the next sync takes it.
With a shop registry (docs/shops.md) the spreadsheet id in the payload picks the shop, whose own edit
secret then checks the signature and whose journal and queues take the work; a spreadsheet no shop
has answers 404 (a payload naming none 400), with a bilingual reason and nothing recorded.
Each signed request acts once (shared/app/entry_once.py): a repeat answers 200 with
``{"ignored": "repeated request", "first_answer": <the first answer>}``, a copy arriving while the
first is at work answers 202 ``{"in_progress": true}`` (Apps Script does not retry; see ``handle``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from flask import Request

from functions import deps as function_deps
from functions.deps import config
from functions.handoff import REFRESH_TOPIC, TICK_TOPIC, announce
from functions.pass_log import Pass, timed
from functions.shop_route import NotServed, shop_of_edit
from shared.app.config import ConfigError
from shared.app.edit_queue import EditQueue, PendingEdit
from shared.app.entry_once import act_once
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.journal.once import Busy, Done
from shared.sheets.edit_signature import EditSignatureError, MalformedEdit, SheetEdit, verify_edit
from shared.sheets.settings import ENV_SPREADSHEET_ID
from sheet_templates.workspace import EXCEPTIONS, LOG, ORDERS

log = logging.getLogger("waybill.sheet_edit")


def _reply(body: dict[str, Any], status: int) -> tuple[str, int, dict[str, str]]:
    return json.dumps(body, ensure_ascii=False), status, {"Content-Type": "application/json; charset=utf-8"}


def handle(request: Request) -> tuple[str, int, dict[str, str]]:
    fields: dict[str, Any] = {"function": "sheet_edit", "event": "sheet_edit"}
    try:
        shop = shop_of_edit(request.get_data())
    except NotServed as refused:
        _refused(fields, refused, refused.status)
        return _reply({"error": "not_served", "message": refused.reason.joined()}, refused.status)
    except ConfigError as exc:  # WAYBILL_SHOPS itself is invalid
        _refused(fields, exc, 503)
        return _reply({"error": "not_configured", "message": str(exc)}, 503)
    fields |= {"shop": shop} if shop else {}
    try:
        secret = config(shop).edit_secret
        if not secret:
            name = config(shop).secret_names.get("WAYBILL_EDIT_SECRET", "WAYBILL_EDIT_SECRET")
            raise ConfigError(Bilingual("缺少设置", f"missing setting: {name}").joined())
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
    ours = config(shop).env.get(ENV_SPREADSHEET_ID, "").strip()
    if not ours:
        return _reply({"error": "not_configured", "message": _NO_SPREADSHEET.joined()}, 503)
    if edit.spreadsheet_id != ours:
        return _reply({"error": "wrong_spreadsheet", "message": _OTHER_SPREADSHEET.joined()}, 403)

    header = edit.row + max(1, edit.num_rows) - 1 < 2
    if edit.action != "sync" and not header and edit.sheet_name not in _EDITED_TABS:
        return _reply({"ignored": "not the orders tab"}, 200)
    journal, clock = function_deps.journal(shop), function_deps.clock()
    # The same signed request again (a retry of the trigger's POST, or a copy arriving alongside):
    # claimed before any work, so it is queued once and not logged twice. A new edit, even of the same
    # value, carries a new timestamp and signature. Every action goes through here, sync included.
    signed = (
        f"{request.headers.get('X-Waybill-Timestamp', '')}.{request.headers.get('X-Waybill-Signature', '')}"
    )
    digest = hashlib.sha256(signed.encode("utf-8")).hexdigest()
    key = f"edits/{digest}.json"
    # The edit id: the digest's head (the signature itself is never logged).
    fields |= {"edit_id": digest[:16], "action": edit.action, "rows": max(1, edit.num_rows)}
    with timed(**fields) as one:
        outcome = act_once(journal, key, clock, lambda: _work(journal, edit, digest[:16], one, shop))
    if isinstance(outcome, Done):
        one.done("sheet edit repeated", "repeated")
        return _reply({"ignored": "repeated request", "first_answer": outcome.result}, 200)
    if isinstance(outcome, Busy):
        one.done("sheet edit already at work", "busy")
        # Apps Script sends each request once (UrlFetchApp, no retry loop) and its menu shows any 2xx
        # as "requested": a copy of a request at work is accepted, not failed, and nothing retries it.
        return _reply(
            {"in_progress": True, "until": outcome.until.isoformat(), "message": _BUSY.joined()}, 202
        )
    return _reply(outcome.result, 202)


# 订单 (the orders), 异常 (the exception desk's 进度 and a refused number's 原因分类) and 日志 (a
# correction's 原因分类): shared/app/desk_edit.py.
_EDITED_TABS = frozenset(
    {ORDERS.title.zh, ORDERS.title.en, EXCEPTIONS.title.zh, EXCEPTIONS.title.en, LOG.title.zh, LOG.title.en}
)
_NO_SPREADSHEET = Bilingual("缺少设置", f"missing setting: {ENV_SPREADSHEET_ID}")
_OTHER_SPREADSHEET = Bilingual(
    "这个请求来自另一张表格，本部署只处理自己的工作表格，什么也没有做；请检查该表格的脚本设置。",
    "This request comes from another spreadsheet; this deployment serves only its own workspace, so "
    "nothing was done. Check that spreadsheet's script settings.",
)
_BUSY = Bilingual(
    "这次修改正在处理，无需重试。", "This edit is being handled already; there is nothing to retry."
)
_QUEUED = {
    True: Bilingual(
        "已收到，正在处理，结果稍后显示在表格中，无需重试。",
        "Received and being handled; the result shows in the sheet shortly, there is nothing to retry.",
    ),
    False: Bilingual(
        "已收到并记下，将在下一次自动同步时处理（最多几分钟），无需重试。",
        "Received and recorded; the next automatic sync handles it (within minutes), "
        "there is nothing to retry.",
    ),
}


def _refused(fields: dict[str, Any], exc: Exception, status: int) -> None:
    line = {**fields, "outcome": "refused", "status": status, "error_class": type(exc).__name__}
    log.warning("sheet edit refused", extra={"fields": line})


def _work(journal: Journal, edit: SheetEdit, edit_id: str, one: Pass, shop: str) -> dict[str, Any]:
    if edit.action == "sync":
        # The tick's own trigger: the timer's topic, so the one sync function runs it (one at a time).
        announced = announce(TICK_TOPIC, "tick", shop, edit_id=edit_id)
    else:
        EditQueue(journal).add(PendingEdit(edit_id, edit))
        announced = announce(REFRESH_TOPIC, "edits", shop, edit_id=edit_id)
    one.done("sheet edit queued", "queued" if announced else "queued_unannounced")
    return {"queued": edit.action, "announced": announced, "message": _QUEUED[announced].joined()}
