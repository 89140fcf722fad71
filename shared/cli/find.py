"""``python -m shared.cli find <order id or tracking number>``: where an order is (its live row in
订单, or the archive tab holding it, in the workspace or in an archive spreadsheet listed in 设置
archive_spreadsheets) and its journal history. The sheet and the journal are
configured as for rebuild-log. Exit code: 0 found, 1 not found or a system error, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime

from shared.app.find_order import Found, find
from shared.app.wiring import journal
from shared.cli import bilingual, shop_choice
from shared.journal.errors import JournalError
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.lookup import lookup_key, not_a_key
from shared.sheets.errors import SheetsError
from shared.sheets.gateway import SheetsGateway, connect
from shared.sheets.settings import load_settings

MAX_DAYS = 3660  # the journal keeps every entry; ten years is past any question asked of it


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "find",
        "按订单号或快递单号查找订单：它在「订单」页的哪一行，或在哪个归档页，以及它在日志存储里的记录。"
        "退出码：0 找到；1 没找到或出错；2 参数有误。",
        "Find an order by its order id or a tracking number: its row in 订单, or the archive tab "
        "holding it, and its journal history. Exit code: 0 found; 1 not found or an error; 2 bad arguments.",
    )
    p.add_argument("query", help="订单号或快递单号 / an order id or a tracking number")
    p.add_argument(
        "--days",
        type=bilingual.whole(1, MAX_DAYS),
        default=120,
        help=f"查看多少天的记录（1–{MAX_DAYS}，默认 120）/ days of history (1–{MAX_DAYS}, default 120)",
    )
    p.add_argument("--json", action="store_true", help="输出一个 JSON / print one JSON object")
    shop_choice.add_option(p)
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if lookup_key(args.query) is None:  # before any connection: it would name journal keys
        print(f"参数有误 / error: {not_a_key(args.query).joined()}", file=sys.stderr)
        return 2
    try:
        config = shop_choice.config_for(os.environ, args.shop)
    except shop_choice.ShopChoiceError as exc:
        print(exc.text.joined(), file=sys.stderr)
        return exc.exit_code
    settings = load_settings(config.env)

    def book(spreadsheet_id: str) -> SheetsGateway:
        return connect(load_settings(config.env, spreadsheet_id=spreadsheet_id))

    try:
        found = find(
            connect(settings), journal(config), args.query, datetime.now(UTC), settings.lang, args.days, book
        )
    except (SheetsError, JournalError) as exc:
        print(f"查找失败 / find failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(found.as_dict(), ensure_ascii=False))
    else:
        print(_text(found))
    return 0 if found.places or found.history or found.index else 1


def _text(found: Found) -> str:
    if not (found.places or found.history or found.index):
        return f"没有找到“{found.query}” / nothing found for '{found.query}'"
    lines = []
    for place in found.places:
        order_id = place.values.get("order_id", "")
        if place.archived and place.spreadsheet:
            lines.append(
                f"订单 {order_id}：已归档，在归档表格 {place.spreadsheet} 的「{place.tab}」"
                f"第 {place.row} 行 / "
                f"order {order_id}: archived, row {place.row} of {place.tab} in the archive spreadsheet "
                f"{place.spreadsheet}"
            )
        elif place.archived:
            lines.append(
                f"订单 {order_id}：已归档，在「{place.tab}」第 {place.row} 行 / "
                f"order {order_id}: archived, row {place.row} of {place.tab}"
            )
        else:
            lines.append(
                f"订单 {order_id}：在「{place.tab}」第 {place.row} 行（{place.values.get('status', '')}）/ "
                f"order {order_id}: live, row {place.row} of {place.tab}"
            )
    for order_id, record in found.index.items():
        if not record.get("tab") and not any(p.values.get("order_id") == order_id for p in found.places):
            lines.append(f"订单 {order_id}：曾归档，已移回 / order {order_id}: archived once, since restored")
    for spreadsheet_id in found.unreachable:
        lines.append(
            f"打不开归档表格 {spreadsheet_id}（没有查它）/ cannot open the archive spreadsheet "
            f"{spreadsheet_id} (not searched)"
        )
    for entry in found.history:
        lines.append(
            f"  {to_sheet_time(entry.at)}  {entry.order_id}  {entry.action}  {entry.old or ''} → "
            f"{entry.new or ''}  {entry.result}"
        )
    return "\n".join(lines)
