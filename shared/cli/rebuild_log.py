"""``python -m shared.cli rebuild-log``: rewrite the 日志 tab from the journal (after someone cleared
or mangled it). The journal is configured as for the functions (WAYBILL_JOURNAL_*; see
shared/app/config.py), the sheet as for init-sheet (WAYBILL_SHEETS_API_BASE, WAYBILL_SPREADSHEET_ID).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from shared.app.config import AppConfig
from shared.app.log_rebuild import rebuild_log
from shared.app.wiring import journal
from shared.journal.errors import JournalError
from shared.sheets.errors import SheetsError
from shared.sheets.gateway import connect
from shared.sheets.settings import load_settings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shared.cli rebuild-log",
        description="用日志存储重建「日志」标签页 / rebuild the 日志 tab from the journal",
    )
    parser.add_argument("--since", help="only entries from this UTC date on (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    since = datetime.strptime(args.since, "%Y-%m-%d").replace(tzinfo=UTC) if args.since else None
    config = AppConfig.from_env()
    settings = load_settings(config.env)
    try:
        report = rebuild_log(connect(settings), journal(config), settings.lang, since)
    except (SheetsError, JournalError) as exc:
        print(f"重建失败 / rebuild failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"日志已重建：{report.entries} 条（表格 API 调用 {report.sheets_calls} 次）"
        f" / log rebuilt: {report.entries} entries ({report.sheets_calls} Sheets calls)"
    )
    return 0
