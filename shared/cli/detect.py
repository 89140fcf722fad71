"""``python -m shared.cli detect``: one raw input per line on stdin, one JSON object per line on stdout.

Contract (stable; this is how the detector is checked from outside)::

    {"input": ..., "normalized": ..., "candidates": [codes, best first], "ambiguous": bool,
     "error": null or {"code": ..., "message_zh": ..., "message_en": ...}}

Every input line gives exactly one output line, empty lines included (with error "empty"), so the
output can be zipped with the input. Invalid UTF-8 is replaced, never fatal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import BinaryIO, TextIO

from shared.couriers import detect


def run(source: BinaryIO, sink: TextIO) -> int:
    """Detect every line of ``source``; returns the number of lines read."""
    count = 0
    for raw_line in source:
        text = raw_line.decode("utf-8", errors="replace")
        if count == 0:
            text = text.removeprefix("\ufeff")  # a BOM from Windows editors is not part of the input
        text = text.removesuffix("\n").removesuffix("\r")
        sink.write(json.dumps(detect(text).as_dict(), ensure_ascii=False) + "\n")
        count += 1
    sink.flush()
    return count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shared.cli detect",
        description="识别快递单号 / detect tracking numbers: one input per line on stdin, JSON lines out",
    )
    parser.parse_args(argv)
    run(sys.stdin.buffer, sys.stdout)
    return 0
