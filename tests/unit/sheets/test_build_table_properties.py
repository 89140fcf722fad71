"""build_table against its definition, on drawn tabs: the read's fast inner loop (layout.py
``_row_cells``) must type every cell as ``cell_text`` does, mark exactly the cells holding a number,
and skip exactly the rows whose cells all read as "" (an UNFORMATTED_VALUE read holds str, int,
float, bool; a row is cut short after its last non-empty cell)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared.sheets.layout import build_table, cell_text
from shared.sheets.orders import orders_layout

LAYOUT = orders_layout("zh")
HEADER = ["状态", "订单号", "快递单号", "快递公司", "数量"]

cells = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", " ", "SF1", "已发货"]),
    st.integers(-(10**16), 10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
rows = st.lists(st.lists(cells, max_size=len(HEADER) + 2), max_size=12)


@given(rows)
def test_cells_numbers_and_blank_rows_follow_their_definition(body: list[list[object]]) -> None:
    table = build_table(LAYOUT, [HEADER, *body])
    columns = dict(table.columns)
    kept = [(n, raw) for n, raw in enumerate(body, start=2) if any(cell_text(v) != "" for v in raw)]
    assert [r.number for r in table.rows] == [n for n, _ in kept]
    for row, (_, raw) in zip(table.rows, kept, strict=True):
        for name, col in columns.items():
            value = raw[col - 1] if col - 1 < len(raw) else None
            assert row[name] == cell_text(value)
            holds_number = isinstance(value, int | float) and not isinstance(value, bool)
            assert (name in row.numeric) == holds_number
        assert row.key == row["order_id"].strip()
        assert row.numeric <= set(columns)


def test_the_header_locates_every_drawn_column() -> None:
    """The test above checks the located columns: every header cell must be one of them."""
    expected = {"status": 1, "order_id": 2, "tracking_numbers": 3, "courier": 4, "quantity": 5}
    assert LAYOUT.locate(HEADER) == expected
