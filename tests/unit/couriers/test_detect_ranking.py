"""Ranking and confidence: what makes one candidate better than another."""

from __future__ import annotations

from shared.couriers import detect


def test_exact_prefixed_format_is_near_certain() -> None:
    found = detect("SF1234567890123")
    assert found.confidence == 0.99 and not found.ambiguous


def test_bare_digit_runs_are_low_confidence() -> None:
    found = detect("123456789012")
    assert found.ambiguous and found.confidence < 0.5


def test_courier_name_raises_confidence_and_removes_ambiguity() -> None:
    bare = detect("638650888018")
    named = detect("中通 638650888018")
    assert bare.ambiguous and not named.ambiguous
    assert named.codes == ("ZTO",) and named.confidence >= 0.95 > bare.confidence


def test_defunct_network_is_only_offered_when_named() -> None:
    # 14 digits starting 7 fit ZTO (current) and Best (legacy 6/7 + 13): Best is defunct.
    assert detect("73123456789012").codes == ("ZTO",)
    assert detect("百世 73123456789012").codes == ("BEST",)


def test_postal_hint_ranks_postal_first_but_never_rejects() -> None:
    # passes the embedded S10-style check (docs/platforms/couriers-and-tracking.md#check-digits)
    passing = detect("1136281381675")
    assert passing.codes[0] == "EMS"
    failing = detect("4309597495550")  # fails it, yet a postal parcel stays a candidate
    assert "YZPY" in failing.codes and failing.codes[0] != "EMS"


def test_unchecked_courier_confidence() -> None:
    found = detect("其他 ABC123456")
    assert found.codes == ("OTHER",) and found.confidence == 0.5


def test_problem_means_no_candidates_and_zero_confidence() -> None:
    found = detect("YT1234567890123456")
    assert found.problem is not None and found.codes == () and found.confidence == 0.0
