"""``python -m shared.cli parse-inbox``: pasted shipment text on stdin, one JSON object per record out.

Contract (stable; this is how the parser is checked from outside)::

    {"line": n, "order_ref": str or null, "courier": our code or null, "tracking_numbers": [...],
     "error": null or {"code": ..., "message_zh": ..., "message_en": ...}}

``line`` is the 1-based line where the record starts. Lines that carry no shipment give no record.
A supplier's "out of stock" / "cancelled" note is a record with no numbers and that error code.
"""

from __future__ import annotations

import argparse
import json
import sys

from shared.suppliers.inbox_parser import parse_inbox


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shared.cli parse-inbox",
        description="解析粘贴的发货信息 / parse pasted shipment text: stdin in, JSON lines out",
    )
    parser.parse_args(argv)
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace").removeprefix("\ufeff")
    for record in parse_inbox(text):
        sys.stdout.write(json.dumps(record.as_dict(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0
