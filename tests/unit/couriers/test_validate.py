from __future__ import annotations

from shared.couriers import check_cell, validate


def test_zto_chosen_with_an_sf_number() -> None:
    verdict = validate("中通", "SF1234567890123")
    assert not verdict.ok
    assert verdict.problem is not None and verdict.problem.code == "courier_mismatch"
    assert verdict.suggestion == "SF"
    assert "顺丰" in verdict.problem.message.zh and "SF Express" in verdict.problem.message.en


def test_alias_resolves_and_ok() -> None:
    verdict = validate("zto", "75123456789012")
    assert verdict.ok and verdict.courier == "ZTO" and verdict.problem is None
    assert verdict.number == "75123456789012"


def test_format_mismatch_tells_the_expected_format() -> None:
    verdict = validate("顺丰", "SF123456789012")
    assert not verdict.ok
    assert verdict.problem is not None and verdict.problem.code == "format_mismatch"
    assert "SF+13位数字" in verdict.problem.message.zh


def test_unknown_courier() -> None:
    verdict = validate("火星快递", "SF1234567890123")
    assert not verdict.ok and verdict.problem is not None and verdict.problem.code == "unknown_courier"


def test_missing_courier_suggests_when_clear() -> None:
    verdict = validate("", "JT1234567890123")
    assert not verdict.ok and verdict.suggestion == "JTSD"
    ambiguous = validate(None, "123456789012")
    assert ambiguous.suggestion is None and ambiguous.problem is not None


def test_inactive_courier_is_a_warning() -> None:
    verdict = validate("百世", "A123456789012")
    assert verdict.ok
    assert verdict.problem is not None and verdict.problem.severity == "warning"


def test_other_accepts_any_wellformed_number_but_warns_on_a_known_one() -> None:
    plain = validate("其他", "ABC123456")
    assert plain.ok and plain.problem is not None and plain.problem.code == "unchecked_format"
    known = validate("其他", "JDVA12345678901")
    assert known.ok and known.problem is not None and known.problem.code == "other_looks_known"
    bad = validate("其他", "=1")
    assert not bad.ok


def test_number_naming_another_courier_than_chosen() -> None:
    verdict = validate("中通", "顺丰 SF1234567890123")
    assert not verdict.ok and verdict.problem is not None and verdict.problem.code == "conflicting_couriers"


def test_postal_group_names_are_compatible() -> None:
    assert validate("EMS", "邮政 1136281381675").ok


def test_cell_one_number_per_line() -> None:
    cell = check_cell("顺丰", "SF1234567890123\r\n\nSF1234567890124\n")
    assert cell.ok and cell.numbers == ("SF1234567890123", "SF1234567890124")


def test_cell_two_numbers_on_a_line_is_an_error_on_that_line() -> None:
    cell = check_cell("顺丰", "SF1234567890123\nSF1234567890124 SF1234567890125")
    assert not cell.ok
    assert [line.problem.code if line.problem else None for line in cell.lines] == [None, "multiple_numbers"]


def test_cell_duplicate_line() -> None:
    cell = check_cell("中通", "73123456789012\n7312 3456 7890 12")
    assert not cell.ok
    assert cell.lines[1].problem is not None and cell.lines[1].problem.code == "duplicate_in_cell"


def test_empty_cell_is_not_ok() -> None:
    assert not check_cell("中通", "  \n ").ok
