"""UPU S10 check digits, the only public checksum for numbers seen in China
(docs/platforms/couriers-and-tracking.md#check-digits)."""

from __future__ import annotations

_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The check digit for an 8-digit serial: weights 8,6,4,2,3,5,9,7, sum mod 11 (0 -> 5, 1 -> 0)."""
    if len(serial) != 8 or not serial.isascii() or not serial.isdigit():
        raise ValueError("an S10 serial is exactly 8 ASCII digits")
    remainder = sum(int(d) * w for d, w in zip(serial, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 5
    if remainder == 1:
        return 0
    return 11 - remainder


def is_s10_shape(number: str) -> bool:
    """Two letters, nine digits, two letters: ``RB123456785GB``."""
    return (
        len(number) == 13
        and number.isascii()
        and number[:2].isalpha()
        and number[2:11].isdigit()
        and number[11:].isalpha()
    )


def s10_valid(number: str) -> bool:
    """True when an S10-shaped number carries the right check digit."""
    return is_s10_shape(number) and s10_check_digit(number[2:10]) == int(number[10])


def postal_digits_hint(number: str) -> bool:
    """Soft signal (a hypothesis from 4 samples, docs/platforms/couriers-and-tracking.md#check-digits): a
    13-digit postal number read as 2-digit prefix + 8-digit serial + check digit + 2-digit tail passes the S10
    rule.

    Used only to rank EMS / China Post higher; never to reject.
    """
    return len(number) == 13 and number.isdigit() and s10_check_digit(number[2:10]) == int(number[10])
