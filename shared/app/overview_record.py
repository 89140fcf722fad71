"""Each shop's last tick, kept in its journal for the overview (总览): ``state/last_tick.json``.

The sync function records every tick that ran (``ok``, ``partial``, ``stopped``, or ``failed`` when it
raised: recorded, then raised again) with ``record_tick``; a tick that did not run (another tick held
the lease, or the Sheets quota was spent) records nothing, so a shop that stops ticking ages into
``stale`` on the overview. The record is one small document updated by compare-and-swap (what the
previous record knew is carried over: shared/reconcile/overview.py ``next_record``).

The error shown for a failed tick names what failed and the error's class or code, never its full
text: an adapter's message may hold a URL or an answer, and the overview is read by people.
"""

from __future__ import annotations

import json
from datetime import datetime

from shared.app.config import ConfigError
from shared.app.tick.report import TickReport
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.reconcile.overview import TickRecord, next_record
from shared.sheets.errors import SheetsError
from shared.suppliers.errors import SupplierError
from shared.tracking.errors import TrackingError
from shared.wechat.errors import WeChatError

RECORD_KEY = "state/last_tick.json"
_CAS_ATTEMPTS = 10
_MESSAGE_MAX = 300


def read_record(journal: Journal) -> TickRecord | None:
    """The shop's last recorded tick; None when there is none or it cannot be read as one."""
    stored = journal.store.read(RECORD_KEY)
    if stored is None:
        return None
    try:
        return TickRecord.from_json(json.loads(stored.data.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def record_tick(
    journal: Journal,
    started: datetime,
    ended: datetime,
    report: TickReport | None = None,
    error: BaseException | None = None,
) -> TickRecord | None:
    """Record a tick's report, or the error it raised. Returns the record (None: not recorded, the
    tick did not run). Raises JournalError when the journal cannot be written."""
    outcome = "failed" if error is not None or report is None else outcome_of(report)
    if outcome == "skipped":
        return None
    written: list[TickRecord] = []

    def change(data: bytes | None) -> bytes:
        previous = None
        if data is not None:
            try:
                previous = TickRecord.from_json(json.loads(data.decode("utf-8")))
            except (ValueError, KeyError, TypeError, AttributeError):
                previous = None  # unreadable: started afresh
        record = next_record(
            previous,
            started=started,
            ended=ended,
            outcome=outcome,
            error=failure_text(error) if error is not None else report_problem(report),
            counts=report.counts if report is not None else None,
            stale_minutes=report.stale_minutes if report is not None else None,
            near_hours=report.near_hours if report is not None else None,
        )
        written[:] = [record]
        return json.dumps(record.as_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")

    journal.swap(RECORD_KEY, change, _CAS_ATTEMPTS)
    return written[0] if written else None


def outcome_of(report: TickReport) -> str:
    """The tick's outcome as its log line names it (functions/pass_log.py)."""
    if report.skipped == "layout":
        return "stopped"
    if report.skipped:
        return "skipped"
    return "partial" if "list" in report.shop_errors else "ok"


def report_problem(report: TickReport | None) -> Bilingual | None:
    """Why a tick that ran without raising is still failing: a broken header or an unlisted shop."""
    if report is None:
        return None
    if report.skipped == "layout":
        return Bilingual(
            "表头有误，同步已暂停（见该店 异常 页）",
            "a header is broken, sync paused (see the shop's 异常 tab)",
        )
    if "list" in report.shop_errors:
        return Bilingual("无法读取小店订单列表", "the shop's order list could not be read")
    return None


def failure_text(error: BaseException) -> Bilingual:
    """What failed, for people: the part and the error's class (and the platform's code); a setting
    problem in full (its message names variables, never their values)."""
    name = type(error).__name__
    if isinstance(error, ConfigError):
        text = str(error)[:_MESSAGE_MAX]
        return Bilingual(f"设置有误：{text}", f"a setting is missing or invalid: {text}")
    if isinstance(error, SheetsError):
        status = f" {error.http_status}" if error.http_status is not None else ""
        return Bilingual(
            f"工作表格读写失败（{name}{status}）",
            f"the workspace could not be read or written ({name}{status})",
        )
    if isinstance(error, WeChatError):
        code = f" {error.errcode}" if error.errcode is not None else ""
        return Bilingual(f"微信小店接口失败（{name}{code}）", f"the WeChat Shop API failed ({name}{code})")
    if isinstance(error, SupplierError | TrackingError):
        return Bilingual(f"供应商或物流接口失败（{name}）", f"a supplier or tracking call failed ({name})")
    return Bilingual(f"同步出错（{name}）", f"the tick failed ({name})")
