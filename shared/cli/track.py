"""``python -m shared.cli track NUMBER --courier ZTO``: one Kuaidi100 query; the normalised state and alerts.

Credentials come from the environment only (``KUAIDI100_CUSTOMER``, ``KUAIDI100_KEY``), never from
arguments (they would show in process lists). ``KUAIDI100_BASE_URL`` / ``KUAIDI100_AUTONUMBER_URL``
(or ``--base-url``) point it at the emulator. Output: one JSON object on stdout; exit 0 on an
answer, 1 on a provider error (``{"error": {...}}``), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from typing import Any

from shared.cli import bilingual
from shared.couriers import find
from shared.logistics import ParcelWatch, WatchSettings, assess, logistics_cell
from shared.logistics.clock import as_beijing_text, require_utc
from shared.tracking import Kuaidi100Client, Kuaidi100Config, TrackingError


def parser() -> argparse.ArgumentParser:
    p = bilingual.parser(
        "track",
        "在快递100查询一个单号：输出状态、物流单元格和提醒（一个 JSON）。"
        "密钥只从环境变量 KUAIDI100_CUSTOMER、KUAIDI100_KEY 读取。"
        "退出码：0 有回答；1 快递100出错；2 参数有误。",
        "Query one tracking number at Kuaidi100: state, 物流 cell and alerts as one JSON object. "
        "Credentials come only from KUAIDI100_CUSTOMER and KUAIDI100_KEY. Exit code: 0 an answer; "
        "1 a provider error; 2 bad arguments.",
    )
    p.add_argument("number", help="快递单号 / the tracking number")
    p.add_argument(
        "--courier",
        required=True,
        help="快递公司：代码或名称，如 ZTO、中通、SF / our code or a name: ZTO, 中通, SF …",
    )
    p.add_argument(
        "--phone",
        default=None,
        help="收件人电话（只发送后 4 位）/ recipient phone (only the last 4 digits are sent)",
    )
    p.add_argument(
        "--pushed-at",
        default=None,
        help="单号推送到小店的时间（ISO 8601，带时区）/ when the number was pushed (ISO 8601, with offset)",
    )
    p.add_argument(
        "--base-url",
        default=os.environ.get("KUAIDI100_BASE_URL", "https://poll.kuaidi100.com"),
        help="快递100接口地址（环境变量 KUAIDI100_BASE_URL）/ Kuaidi100's base URL (env KUAIDI100_BASE_URL)",
    )
    return p


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return 0 if exc.code in (0, None) else 2
    courier = find(args.courier)
    customer, key = os.environ.get("KUAIDI100_CUSTOMER", ""), os.environ.get("KUAIDI100_KEY", "")
    if courier is None or not customer or not key:
        why = "unknown courier" if courier is None else "set KUAIDI100_CUSTOMER and KUAIDI100_KEY"
        print(json.dumps({"error": {"class": "usage", "message": why}}), file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    try:
        pushed_at = require_utc(datetime.fromisoformat(args.pushed_at)) if args.pushed_at else now
    except ValueError:
        print(
            json.dumps({"error": {"class": "usage", "message": "--pushed-at needs ISO 8601 with offset"}}),
            file=sys.stderr,
        )
        return 2
    config = Kuaidi100Config(
        customer=customer,
        key=key,
        base_url=args.base_url,
        autonumber_url=os.environ.get(
            "KUAIDI100_AUTONUMBER_URL", args.base_url.rstrip("/") + "/autonumber/auto"
        ),
    )
    out: dict[str, Any]
    with Kuaidi100Client(config) as client:
        try:
            snap = client.query(args.number, courier, phone=args.phone)
        except TrackingError as exc:
            out = {
                "error": {"class": type(exc).__name__, "return_code": exc.return_code, "message": exc.message}
            }
            print(json.dumps(out, ensure_ascii=False))
            return 1
    alerts = assess(ParcelWatch(args.number, courier.code, pushed_at, snap), WatchSettings(), now).alerts
    last = snap.last_event_at
    out = {
        "number": args.number,
        "courier": courier.code,
        "state": snap.state.value,
        "provider_code": snap.provider_code,
        "last_event_at": last.isoformat() if last else None,
        "last_event_beijing": as_beijing_text(last) if last else None,
        "last_event_text": snap.last_event_text,
        "cell": logistics_cell(snap),
        "alerts": [
            {"code": a.code, "level": a.level, "message_zh": a.message.zh, "message_en": a.message.en}
            for a in alerts
        ],
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0
