"""``parse-inbox`` as an outside checker runs it: a subprocess, pasted text in, JSON lines out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(text: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "parse-inbox"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_contract_keys_and_multi_line_record() -> None:
    out = run("你好\n３７２０１２９９１３５０８７２８８３２\n中通快递 73100029384756\n好的谢谢\n")
    assert out == [
        {
            "line": 2,
            "order_ref": "3720129913508728832",
            "courier": "ZTO",
            "tracking_numbers": ["73100029384756"],
            "error": None,
        }
    ]


def test_error_record_has_both_languages() -> None:
    (record,) = run("中通 73100029384756")
    error = record["error"]
    assert isinstance(error, dict) and error["code"] == "missing_order_ref"
    assert error["message_zh"] and error["message_en"]


def test_no_shipment_no_output() -> None:
    assert run("好的谢谢\n订单号 快递公司 快递单号\n") == []
