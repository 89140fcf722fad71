"""``python -m shared.cli rebuild-log``: rewrite the 日志 tab from the journal (after someone cleared
or mangled it). The journal is configured as for the functions (WAYBILL_JOURNAL_*; see
shared/app/config.py), the sheet as for init-sheet (WAYBILL_SHEETS_API_BASE, WAYBILL_SPREADSHEET_ID).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from shared.app.log_rebuild import NotALogTab, rebuild_log
from shared.app.wiring import journal
from shared.cli import bilingual, shop_choice
from shared.domain.text import Bilingual
from shared.journal.errors import JournalError
from shared.sheets.errors import SheetsError
from shared.sheets.gateway import connect
from shared.sheets.settings import load_settings


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "rebuild-log",
        "用日志存储重建「日志」标签页，措辞与同步时写入的相同（按工作区语言）。",
        "Rebuild the 日志 (Log) tab from the journal, worded as the sync writes it "
        "(the workspace's language).",
    )
    p.add_argument(
        "--since",
        type=_day,
        help="只重建这一天（UTC，YYYY-MM-DD）以后的记录 / only entries from this UTC date on (YYYY-MM-DD)",
    )
    p.add_argument(
        "--until",
        type=_day,
        help="只重建这一天（UTC，YYYY-MM-DD）以前的记录 / only entries before this UTC date (YYYY-MM-DD)",
    )
    p.add_argument(
        "--into",
        type=_tab_title,
        help="写到这个标签页（没有就新建），不动「日志」页；「日志」页只保留近期记录，更早的时段可这样找回 / "
        "write to this tab (added when missing) instead of 日志, which keeps only recent entries: "
        "how an older period is brought back",
    )
    shop_choice.add_option(p)
    return p


MAX_TITLE = 100  # characters of a tab's name (Sheets' own limit, as its UI enforces it)


def _day(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        shown = text[:40]
        raise argparse.ArgumentTypeError(
            f"不是日期（YYYY-MM-DD）/ not a date (YYYY-MM-DD): {shown!r}"
        ) from None


def _tab_title(text: str) -> str:
    title = text.strip()
    if not title or len(title) > MAX_TITLE or any(ord(c) < 32 for c in title):
        raise argparse.ArgumentTypeError(
            f"页名须为 1–{MAX_TITLE} 个字符、不含换行 / a tab name is 1 to {MAX_TITLE} characters, "
            f"no line breaks: {text[:40]!r}"
        )
    return title


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    since, until = args.since, args.until
    if since is not None and until is not None and since >= until:
        print(
            Bilingual(
                "参数有误：--since 须早于 --until",
                "error: --since must be before --until (entries from --since, before --until)",
            ).joined(),
            file=sys.stderr,
        )
        return 2
    try:
        config = shop_choice.config_for(os.environ, args.shop)
    except shop_choice.ShopChoiceError as exc:
        print(exc.text.joined(), file=sys.stderr)
        return exc.exit_code
    settings = load_settings(config.env)
    try:
        report = rebuild_log(connect(settings), journal(config), settings.lang, since, until, args.into)
    except NotALogTab as exc:
        print(exc.text.joined(), file=sys.stderr)
        return 2
    except (SheetsError, JournalError) as exc:
        print(Bilingual("重建失败", f"rebuild failed: {exc}").joined(), file=sys.stderr)
        return 1
    print(
        Bilingual(
            f"日志已重建：{report.entries} 条（表格 API 调用 {report.sheets_calls} 次）",
            f"log rebuilt: {report.entries} entries ({report.sheets_calls} Sheets calls)",
        ).joined()
    )
    return 0
