from __future__ import annotations

import pytest

from shared.couriers import matches_any, normalize


@pytest.mark.parametrize(
    ("raw", "text", "hints"),
    [
        ("SF1234567890123", "SF1234567890123", ()),
        ("ＳＦ１２３４５６７８９０１２３", "SF1234567890123", ()),
        ("SF\u200b1234\u200c5678\u20609012\ufeff3", "SF1234567890123", ()),
        ("顺丰 SF1234567890123", "SF1234567890123", ("SF",)),
        ("顺丰速运：SF1234567890123", "SF1234567890123", ("SF",)),
        ("运单号：SF1234567890123", "SF1234567890123", ()),
        ("快递单号 73123456789012", "73123456789012", ()),
        ("中通快递单号：73123456789012", "73123456789012", ("ZTO",)),
        ("7312 3456 7890 12", "73123456789012", ()),
        ("7312-3456-7890-12", "73123456789012", ()),
        ("7312－3456－7890－12", "73123456789012", ()),
        ("yt1234567890123", "YT1234567890123", ()),
        ("SF1234567890123。", "SF1234567890123", ()),
        ("EMS 1136281381675", "1136281381675", ("EMS",)),
        ("SF 1234567890123", "SF1234567890123", ("SF",)),
        ("SF:1234567890123", "SF1234567890123", ("SF",)),
        ("73123456789012（中通）", "73123456789012", ("ZTO",)),
        ("中通快运 123456789012", "123456789012", ("ZTOKY",)),
    ],
)
def test_cases(raw: str, text: str, hints: tuple[str, ...]) -> None:
    result = normalize(raw, matches_any)
    assert result.problem is None, result.problem
    assert result.text == text
    assert result.hints == hints


def test_no_auto_correction_of_look_alike_characters() -> None:
    # O for 0 and l for 1 stay as typed: a guess that looks right is worse than an error.
    assert normalize("SFO23456789O123").text == "SFO23456789O123"


@pytest.mark.parametrize(
    "raw", ["=A1", "+1", "-1", "@x", "  =1", "\u200b\u200b=1", "\t+1", "＝1", "＋1", "－1", "＠1"]
)
def test_formula_triggers_rejected_first(raw: str) -> None:
    result = normalize(raw, matches_any)
    assert result.problem is not None and result.problem.code == "formula_trigger"
    assert result.text == ""


def test_two_numbers_separated_by_spaces_are_refused_but_one_number_with_spaces_is_not() -> None:
    assert normalize("SF1234567890123 SF1234567890124", matches_any).problem is not None
    assert normalize("SF 1234 5678 9012 3", matches_any).problem is None
