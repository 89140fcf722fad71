"""``python -m shared.cli init-sheet``: apply the workspace template to a spreadsheet, idempotently.

Settings: CLI flag > environment variable > default (see ``shared.sheets.settings``)::

    --spreadsheet ID     WAYBILL_SPREADSHEET_ID        (required)
    --api-base URL       WAYBILL_SHEETS_API_BASE       https://sheets.googleapis.com
    --lang zh|en         WAYBILL_SHEET_LANG            zh
    --credentials FILE   GOOGLE_APPLICATION_CREDENTIALS  Application Default Credentials
    --token TOKEN        WAYBILL_SHEETS_TOKEN          (none; for the emulator)
    --anonymous          WAYBILL_SHEETS_ANONYMOUS=1    (send no credentials; for the emulator)
    --create TITLE       create a new spreadsheet first and print its id (instead of --spreadsheet)

A second run changes nothing (it only reads). Exit status: 0 done, 1 Sheets error, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

from shared.cli import bilingual, shop_choice
from shared.domain.text import Bilingual
from shared.sheets.errors import SheetsError
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import load_settings
from shared.sheets.workspace_init import create_spreadsheet, init_workspace


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "init-sheet",
        "创建/更新表格工作区（标签页、表头、下拉、颜色、保护）；重复运行不会改动任何内容。",
        "Apply the workspace template (tabs, headers, dropdowns, colours, protection); a second run "
        "changes nothing.",
    )
    p.add_argument("--spreadsheet", help="表格 ID（环境变量 WAYBILL_SPREADSHEET_ID）/ spreadsheet id")
    p.add_argument(
        "--api-base", help="Sheets 接口地址（环境变量 WAYBILL_SHEETS_API_BASE）/ Sheets API base URL"
    )
    p.add_argument(
        "--lang", choices=("zh", "en"), help="模板语言（环境变量 WAYBILL_SHEET_LANG）/ template language"
    )
    p.add_argument(
        "--credentials",
        help="服务账号 JSON 文件（环境变量 GOOGLE_APPLICATION_CREDENTIALS）/ service-account JSON file",
    )
    p.add_argument("--token", help="固定的访问令牌（环境变量 WAYBILL_SHEETS_TOKEN）/ static bearer token")
    p.add_argument(
        "--anonymous", action="store_true", default=None, help="不发送任何凭据 / send no credentials"
    )
    p.add_argument(
        "--create",
        metavar="TITLE",
        help="新建一个表格并打印它的 ID / create a new spreadsheet and print its id",
    )
    p.add_argument(
        "--shop",
        metavar="KEY",
        help="部署服务多个店铺时：该店铺的工作表格与语言（WAYBILL_SHOPS）/ "
        "with several shops: that shop's workspace and language (WAYBILL_SHOPS)",
    )
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    env: Mapping[str, str] = os.environ
    if args.shop:
        try:
            env = shop_choice.config_for(os.environ, args.shop).env
        except shop_choice.ShopChoiceError as exc:
            print(exc.text.joined(), file=sys.stderr)
            return exc.exit_code
    try:
        settings = load_settings(
            env,
            api_base=args.api_base,
            spreadsheet_id=args.spreadsheet,
            lang=args.lang,
            credentials_file=args.credentials,
            token=args.token,
            anonymous=args.anonymous,
        )
        if not args.create:
            settings.require_spreadsheet()
    except SheetsError as exc:
        print(Bilingual("设置有误", f"bad settings: {exc.message}").joined(), file=sys.stderr)
        return 2
    try:
        http = SheetsHTTPClient.build(settings)
        spreadsheet_id = settings.spreadsheet_id
        if args.create:
            spreadsheet_id = create_spreadsheet(http, args.create, settings.lang)
            print(Bilingual("已创建表格", f"created spreadsheet: {spreadsheet_id}").joined())
        report = init_workspace(http, spreadsheet_id, settings.lang)
    except SheetsError as exc:
        print(Bilingual("表格接口出错", f"Sheets error: {exc}").joined(), file=sys.stderr)
        return 1
    calls = ", ".join(f"{k}={v}" for k, v in sorted(http.counter.snapshot().items()))
    if report.changed:
        print(
            Bilingual(
                "已更新工作区",
                f"workspace updated: {report.structure_requests} structure requests, "
                f"{report.value_ranges} value ranges, {report.format_requests} format requests ({calls})",
            ).joined()
        )
    else:
        print(
            Bilingual(
                "工作区已是最新，未做任何改动", f"workspace already up to date, nothing changed ({calls})"
            ).joined()
        )
    return 0
