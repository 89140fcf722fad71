"""The inbox parser on hand-written pasted texts (tests/golden/inbox_cases.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.suppliers.inbox_parser import parse_inbox

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "inbox_cases.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]


def _simplify(record: dict[str, Any]) -> dict[str, Any]:
    error = record["error"]
    return {**record, "error": error["code"] if error else None}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_text(case: dict[str, Any]) -> None:
    got = [_simplify(r.as_dict()) for r in parse_inbox(case["text"])]
    assert got == case["records"]


def test_golden_set_size() -> None:
    assert len(CASES) >= 40
