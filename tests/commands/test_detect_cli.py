"""The ``detect`` command line as an outside checker runs it: a subprocess, stdin in, JSON lines out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_detect(data: bytes) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "detect"],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_one_json_object_per_input_line_with_the_stable_keys() -> None:
    lines = ["SF1234567890123", "", "123456789012", "=1+1", "顺丰：SF 1234 5678 9012 3"]
    out = run_detect(("\n".join(lines) + "\n").encode("utf-8"))
    assert len(out) == len(lines)
    for record, raw in zip(out, lines, strict=True):
        # The contract's fields stay; ``couriers`` was added beside them (fields are only ever added).
        assert set(record) == {"input", "normalized", "candidates", "ambiguous", "error", "couriers"}
        assert record["input"] == raw
        assert [c["code"] for c in record["couriers"]] == record["candidates"]  # type: ignore[union-attr,index]
    assert out[0]["candidates"] == ["SF"] and out[0]["error"] is None and out[0]["ambiguous"] is False
    assert out[1]["error"]["code"] == "empty"  # type: ignore[index]
    assert out[2]["ambiguous"] is True and len(out[2]["candidates"]) > 1  # type: ignore[arg-type]
    assert out[3]["candidates"] == [] and out[3]["error"]["code"] == "formula_trigger"  # type: ignore[index]
    assert out[4]["normalized"] == "SF1234567890123"


def test_crlf_bom_and_invalid_utf8_do_not_break_it() -> None:
    out = run_detect(b"\xef\xbb\xbfSF1234567890123\r\n\xff\xfe73123456789012\r\nJT1234567890123")
    assert next(r["input"] for r in out) == "SF1234567890123"
    assert out[0]["candidates"] == ["SF"]
    assert out[1]["candidates"] == []  # the replacement characters make it invalid, never silently valid
    assert out[2]["candidates"] == ["JTSD"]


def test_each_candidate_is_named_in_chinese_and_english() -> None:
    sf, ambiguous, nothing = run_detect(b"SF1234567890123\n123456789012\n\n")
    assert sf["couriers"] == [{"code": "SF", "name_zh": "顺丰速运", "name_en": "SF Express"}]
    names = ambiguous["couriers"]
    assert isinstance(names, list) and len(names) == len(ambiguous["candidates"]) > 1  # type: ignore[arg-type]
    assert all(n["name_zh"] and n["name_en"] and n["name_zh"] != n["name_en"] for n in names)
    assert nothing["couriers"] == []


def test_error_messages_in_both_languages() -> None:
    out = run_detect("中通 SF1234567890123\n".encode())
    error = out[0]["error"]
    assert isinstance(error, dict)
    assert error["code"] == "courier_mismatch"
    assert "顺丰" in error["message_zh"] and "SF Express" in error["message_en"]


def test_demo_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "demo", "--detector"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    text = done.stdout.decode("utf-8")
    assert "SF1234567890123" in text and "校验位" in text
