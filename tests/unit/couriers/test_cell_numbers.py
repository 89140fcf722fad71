"""``cell_numbers``: the numbers of a cell, remembered. It must answer exactly as ``check_cell`` does
for any courier text and cell (it is a cache, not a second parser), and stay bounded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared.couriers import cell_numbers, check_cell
from shared.couriers.cells import NUMBERS_CACHE

_COURIERS = st.sampled_from([None, "", "中通", "ZTO", "顺丰", "sf", "韵达快递", "EMS", "not a courier"])
_NUMBER = st.one_of(
    st.from_regex(r"7[0-9]{13}", fullmatch=True),
    st.from_regex(r"SF[0-9]{12,13}", fullmatch=True),
    st.text(min_size=0, max_size=30),
)
_CELL = st.lists(_NUMBER, max_size=4).map("\n".join)


@given(_COURIERS, _CELL)
def test_it_answers_as_check_cell_does(courier: str | None, cell: str) -> None:
    assert cell_numbers(courier, cell) == check_cell(courier, cell).numbers
    assert cell_numbers(courier, cell) == check_cell(courier, cell).numbers  # the remembered answer too


def test_it_is_bounded_and_remembers() -> None:
    cell_numbers.cache_clear()
    first = cell_numbers("中通", "73100000000001")
    again = cell_numbers("中通", "73100000000001")
    assert first is again  # the second call did not parse again
    info = cell_numbers.cache_info()
    assert (info.hits, info.misses, info.maxsize) == (1, 1, NUMBERS_CACHE)
