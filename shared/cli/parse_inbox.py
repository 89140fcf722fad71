"""``python -m shared.cli parse-inbox``: pasted shipment text on stdin, one JSON object per record out.

Contract (stable; this is how the parser is checked from outside)::

    {"line": n, "order_ref": str or null, "courier": our code or null, "tracking_numbers": [...],
     "error": null or {"code": ..., "message_zh": ..., "message_en": ...}}

``line`` is the 1-based line where the record starts. Lines that carry no shipment give no record.
A supplier's "out of stock" / "cancelled" note is a record with no numbers and that error code.

Exit code: 0 when at least one record was written (a record with an error counts), 1 when the input
held no shipment at all (stdout stays empty and stderr says so, in Chinese and English), 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import json
import sys

from shared.cli import bilingual
from shared.suppliers.inbox_parser import parse_inbox

NOTHING_FOUND = 1
NOTHING_FOUND_TEXT = (
    "没有在输入中找到发货信息：每行应有订单号或供应商单号、快递公司和快递单号。\n"
    "No shipment found in the input: each line needs an order or supplier order no., a courier and "
    "a tracking number."
)


def parser() -> argparse.ArgumentParser:
    return bilingual.parser(
        "parse-inbox",
        "解析粘贴的发货信息（回传页的内容）：从标准输入读，每条记录输出一个 JSON。\n"
        "退出码：0 找到至少一条；1 什么也没找到（标准错误会说明）；2 参数有误。",
        "Parse pasted shipment text (what the 回传 inbox holds): stdin in, one JSON object per record.\n"
        "Exit code: 0 at least one record; 1 nothing found (stderr says so); 2 bad arguments.",
    )


def main(argv: list[str]) -> int:
    parser().parse_args(argv)
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace").removeprefix("\ufeff")
    records = parse_inbox(text)
    for record in records:
        sys.stdout.write(json.dumps(record.as_dict(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if not records:
        print(NOTHING_FOUND_TEXT, file=sys.stderr)
        return NOTHING_FOUND
    return 0
