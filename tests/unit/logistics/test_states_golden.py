"""The Kuaidi100 state table against its hand-reviewed golden copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.logistics import KUAIDI100_STATES, kuaidi100_status, read_query_reply

GOLDEN = json.loads(
    (Path(__file__).resolve().parents[2] / "golden" / "kuaidi100_states.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["code"] for c in GOLDEN["cases"]])
def test_code_maps_as_golden(case: dict[str, Any]) -> None:
    status = kuaidi100_status(case["code"])
    assert status is not None
    assert status.state.value == case["state"]
    assert (status.category.value if status.category else None) == case["category"]
    assert status.label.zh == case["label_zh"]


def test_table_and_golden_cover_the_same_codes() -> None:
    assert set(KUAIDI100_STATES) == {c["code"] for c in GOLDEN["cases"]}


def test_reference_codes_are_all_present() -> None:
    basic = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "10", "11", "12", "13", "14"}
    advanced = {"101", "102", "103", "1001", "1002", "1003", "501", "301", "302", "303", "304", "401"}
    advanced |= {str(c) for c in range(201, 211)}
    assert basic | advanced <= set(KUAIDI100_STATES)


@pytest.mark.parametrize("case", GOLDEN["unknown"], ids=[c["code"] for c in GOLDEN["unknown"]])
def test_unknown_code_is_surfaced_as_problem(case: dict[str, Any]) -> None:
    assert kuaidi100_status(case["code"]) is None
    snap = read_query_reply({"status": "200", "state": case["code"], "data": []}).snapshot
    assert snap is not None
    assert snap.state.value == case["state"]
    assert snap.category is not None and snap.category.value == case["category"]


def test_integer_codes_read_like_strings() -> None:
    assert kuaidi100_status(5) == kuaidi100_status("5")
    assert kuaidi100_status(True) is None
