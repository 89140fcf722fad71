"""What a person types to find an order (shared/reconcile/lookup.py): only an order id or a tracking
number becomes a key (it names journal keys), typed the ways people type them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.reconcile.lookup import MAX_KEY, cell_keys, holds, lookup_key, not_a_key, shown

KEY = re.compile(r"[0-9A-Z-]{1,64}")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("3720000100000000001", "3720000100000000001"),
        ("SF6026131434978", "SF6026131434978"),
        ("sf6026131434978", "SF6026131434978"),
        (" SF 6026 1314 34978 ", "SF6026131434978"),
        ("ＳＦ６０２６１３１４３４９７８", "SF6026131434978"),
        ("JDVA12345678901-1-1-", "JDVA12345678901-1-1-"),
        ("7812\u200b3456\u00a07890", "781234567890"),
        ("../../state/orders/facts", None),
        ("a/b", None),
        ("顺丰 SF6026131434978", None),
        ("", None),
        ("   ", None),
        ("9" * (MAX_KEY + 1), None),
        ("9" * 100_000, None),
    ],
)
def test_keys_of_what_people_type(typed: str, key: str | None) -> None:
    assert lookup_key(typed) == key


@given(st.text(max_size=300))
def test_a_key_is_safe_as_a_journal_key_part_and_stable(text: str) -> None:
    key = lookup_key(text)
    if key is not None:
        assert KEY.fullmatch(key)
        assert lookup_key(key) == key


lines = st.one_of(
    st.sampled_from(["SF 12", "sf12", "S\tF12 ", "SF12-1", "ＳＦ12", "SF1 2\u200b"]),
    st.text(alphabet="0123456789ABCDEFsfjdv- \u3000\u200bＳＦ１２", max_size=20),
    st.text(max_size=12),
)


@given(st.lists(lines, max_size=5), st.data())
def test_holds_is_the_cell_s_keys_however_the_cell_is_written(parts: list[str], data: st.DataObject) -> None:
    """``holds`` passes ASCII cells over without splitting them: it must agree with ``cell_keys``."""
    cell = "\n".join(parts)
    keys = sorted(cell_keys(cell))
    key = data.draw(st.one_of(st.sampled_from(keys), st.just("SF12")) if keys else st.just("SF12"))
    assert holds(cell, key) == (key in cell_keys(cell))


def test_a_cell_s_keys_and_an_answer_s_echo() -> None:
    assert cell_keys("SF6026131434978\n\n sf 123 \n运单号：YT1") == {"SF6026131434978", "SF123"}
    assert holds("SF 6026 1314\n", "SF60261314") and holds("sf123", "SF123") and holds("3700 01", "370001")
    assert not holds("SF123", "SF12") and not holds("SF12\nSF3", "SF12SF3")
    assert shown("x" * 100) == "x" * 40 + "…"
    assert shown("a\nb") == "a b"
    refused = not_a_key("../" * 50)
    assert "不是订单号或快递单号" in refused.zh and "not an order id" in refused.en
    assert len(refused.en) < 160
