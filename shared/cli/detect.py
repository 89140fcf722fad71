"""``python -m shared.cli detect``: one raw input per line on stdin, one JSON object per line on stdout.

Contract (stable; this is how the detector is checked from outside)::

    {"input": ..., "normalized": ..., "candidates": [codes, best first], "ambiguous": bool,
     "error": null or {"code": ..., "message_zh": ..., "message_en": ...},
     "couriers": [{"code": ..., "name_zh": ..., "name_en": ...}, ...]}

``couriers`` names each candidate (same order as ``candidates``), so a person reading the output
sees 中通快递 / ZTO Express, not only ``ZTO``; fields are only ever added, never renamed.

Every input line gives exactly one output line, empty lines included (with error "empty"), so the
output can be zipped with the input. Invalid UTF-8 is replaced, never fatal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, BinaryIO, TextIO

from shared.cli import bilingual
from shared.couriers import by_code, detect


def record(text: str) -> dict[str, Any]:
    """The contract's fields, plus ``couriers``: each candidate's code and names, in the same order."""
    found = detect(text).as_dict()
    found["couriers"] = [
        {"code": code, "name_zh": by_code(code).name.zh, "name_en": by_code(code).name.en}
        for code in found["candidates"]
    ]
    return found


def run(source: BinaryIO, sink: TextIO) -> int:
    """Detect every line of ``source``; returns the number of lines read."""
    count = 0
    for raw_line in source:
        text = raw_line.decode("utf-8", errors="replace")
        if count == 0:
            text = text.removeprefix("\ufeff")  # a BOM from Windows editors is not part of the input
        text = text.removesuffix("\n").removesuffix("\r")
        sink.write(json.dumps(record(text), ensure_ascii=False) + "\n")
        count += 1
    sink.flush()
    return count


def parser() -> argparse.ArgumentParser:
    return bilingual.parser(
        "detect",
        "识别快递单号：从标准输入每行读一个单号，每行输出一个 JSON（候选快递的代码和中英文名称）。",
        "Detect tracking numbers: one input per line on stdin, one JSON object per line out "
        "(candidate couriers' codes and names).",
    )


def main(argv: list[str]) -> int:
    parser().parse_args(argv)
    run(sys.stdin.buffer, sys.stdout)
    return 0
