"""``parse-inbox`` as an outside checker runs it: a subprocess, pasted text in, JSON lines out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", "parse-inbox"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def run(text: str) -> list[dict[str, object]]:
    done = parse(text)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert done.stderr == b""
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


def test_nothing_found_is_said_on_stderr_in_both_languages_with_exit_code_1() -> None:
    for text in ("好的谢谢\n订单号 快递公司 快递单号\n", ""):
        done = parse(text)
        assert done.returncode == 1 and done.stdout == b""  # stdout stays JSON lines only: none
        said = done.stderr.decode("utf-8")
        assert "没有在输入中找到发货信息" in said and "No shipment found in the input" in said
