from __future__ import annotations

import pytest

from shared.couriers.s10 import is_s10_shape, postal_digits_hint, s10_check_digit, s10_valid


def test_reference_worked_example() -> None:
    # RB123456785GB: sum 204, 204 mod 11 = 6, 11 - 6 = 5
    # (docs/platforms/couriers-and-tracking.md#check-digits)
    assert s10_check_digit("12345678") == 5
    assert s10_valid("RB123456785GB")


@pytest.mark.parametrize("wrong", "012346789")
def test_every_other_check_digit_is_refused(wrong: str) -> None:
    assert not s10_valid(f"RB12345678{wrong}GB")


def test_remainder_zero_and_one_map_to_five_and_zero() -> None:
    assert s10_check_digit("00000000") == 5  # sum 0, remainder 0 -> 5
    assert s10_check_digit("70000000") == 0  # 7*8 = 56, remainder 1 -> 0
    assert s10_check_digit("00000003") == 1  # 3*7 = 21, remainder 10 -> 1
    assert s10_check_digit("00000040") == 8  # 4*9 = 36, remainder 3 -> 8


def test_shape() -> None:
    assert is_s10_shape("EA123456785CN")
    assert not is_s10_shape("EA12345678CN")
    assert not is_s10_shape("1136281381675")
    with pytest.raises(ValueError):
        s10_check_digit("1234567")


def test_postal_hint_matches_reference_observation() -> None:
    # 3 of 4 public postal samples pass, 4309597495550 fails
    # (docs/platforms/couriers-and-tracking.md#check-digits).
    assert [postal_digits_hint(n) for n in ("1136281381675", "1240921381750", "1207119765021")] == [True] * 3
    assert not postal_digits_hint("4309597495550")
