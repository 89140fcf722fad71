"""Per-courier format cases (current, legacy, look-alikes, noise) from the golden file."""

from __future__ import annotations

from typing import Any

import pytest

from shared.couriers import detect
from tests.unit.couriers.golden import load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[repr(c["input"])[1:-1][:40] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    found = detect(case["input"])
    expected_error = case.get("error")
    if expected_error:
        assert found.problem is not None, f"expected {expected_error}, got candidates {found.codes}"
        assert found.problem.code == expected_error
        assert found.codes == ()
        return
    assert found.problem is None, found.problem
    if "only" in case:
        assert list(found.codes) == case["only"]
    if "first" in case:
        assert found.codes[0] == case["first"]
    for code in case.get("contains", []):
        assert code in found.codes
    if "ambiguous" in case:
        assert found.ambiguous is case["ambiguous"]


def test_golden_set_is_substantial() -> None:
    labelled = [c for c in CASES if c.get("label")]
    refused = [c for c in CASES if c.get("error")]
    assert len(labelled) >= 60 and len(refused) >= 30
