"""The inbox parser never raises, and what it reports stays inside the text it was given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.suppliers.inbox_parser import parse_inbox

PIECES = st.sampled_from(
    [
        "3720129913508728832",
        "中通",
        "顺丰",
        "订单号：",
        "单号",
        "SF6026131434978",
        "73100029384756",
        "缺货",
        "\n",
        "\r\n",
        " ",
        "，",
        "、",
        "\u200b",
        "ＳＦ",
        "x2",
        "好的",
        "PO-1",
        "A001",
        "YT1234567890123456",
        "\t",
        "Order ID",
        "ORDERID",
        "trackingno",
        "İ",
        "ı",
    ]
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=14).map("".join))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_never_raises_and_lines_are_in_range(text: str) -> None:
    records = parse_inbox(text)
    line_count = len(text.splitlines()) or 1
    for record in records:
        assert 1 <= record.line <= max(line_count, text.count("\n") + 1, text.count("\r") + 1)
        assert all(n.isascii() for n in record.tracking_numbers) or record.problem is not None
        if record.problem is None:
            assert record.order_ref and record.tracking_numbers
    assert [r.line for r in records] == sorted(r.line for r in records)
