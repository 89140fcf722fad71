"""Every text parser takes long hostile text (up to a Sheets cell's 50,000 characters) and answers.

Each parser must return a result, never raise, and a text past its bound must be refused with a
sentence, never read in part. Timing is the benchmark's job (benchmarks/bench_hostile_input.py).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.couriers import check_cell, detect, normalize, validate
from shared.couriers.cells import MAX_CELL_CHARS
from shared.couriers.normalize import MAX_INPUT_CHARS
from shared.suppliers.http_config import HttpSupplierConfig
from shared.suppliers.http_records import convert
from shared.suppliers.inbox import InboxRow, read_inbox
from shared.suppliers.inbox_parser import MAX_PASTE_CHARS, parse_inbox
from shared.suppliers.model import SourceProblem
from shared.suppliers.shipment_file import parse_shipment_rows
from tests.unit.suppliers.rows import ENV, acme_row

SHEETS_CELL_LIMIT = 50_000
# A message goes into a cell: it quotes a hostile text, never copies it.
MESSAGE_BOUND = 600

RUNS = st.sampled_from(
    [
        " ",
        "\u3000",
        "\t",
        "(",
        "【",
        "「",
        "<",
        "】",
        ")",
        "。",
        ".",
        ",;!?",
        "~",
        "-",
        "_",
        "中",
        "顺丰",
        "中通快递",
        "菜鸟速递(丹鸟)",
        "SF ",
        "SF EXPRESS",
        "运单号：",
        "\u200b",
        "\ufeff",
        "\u0301",
        "\n",
        "\r\n",
        "1",
        "1 ",
        "x2件",
        "ORDER ",
        "73123456789012 ",
        "3705115058471208704 中通 73123456789012\n",
        "﷽",
    ]
)
ENDS = st.sampled_from(["", "1", "x", "SF1234567890123", "顺丰", "中通", "=", "【顺丰】", "\n"])
HOSTILE = st.builds(
    lambda head, run, count, tail: (head + run * count + tail)[:SHEETS_CELL_LIMIT],
    ENDS,
    RUNS,
    st.integers(min_value=0, max_value=SHEETS_CELL_LIMIT),
    ENDS,
)
CFG = HttpSupplierConfig.from_row(acme_row(), ENV)


def _short(*messages: str) -> None:
    for message in messages:
        assert len(message) < MESSAGE_BOUND, message[:80]


@settings(max_examples=150, deadline=None)
@given(HOSTILE)
def test_couriers_answer_every_hostile_line(text: str) -> None:
    norm = normalize(text)
    found = detect(text)
    assert found.as_dict()["input"] == text
    for verdict in (validate("顺丰", text), validate(None, text), validate(text, "SF1234567890123")):
        if verdict.problem is not None:
            _short(verdict.problem.message.zh, verdict.problem.message.en)
    if len(text) > MAX_INPUT_CHARS:
        # Refused whole: no number comes out of a long text, so none can be pushed.
        assert norm.problem is not None and norm.problem.code == "input_too_long" and norm.text == ""
        assert found.problem is not None and not found.candidates


@settings(max_examples=150, deadline=None)
@given(HOSTILE, st.sampled_from(["中通", "", "其他"]))
def test_check_cell_answers_every_hostile_cell(text: str, courier: str) -> None:
    checked = check_cell(courier or None, text)
    as_courier = check_cell(text, "73123456789012")
    for problem in (*checked.problems, *as_courier.problems):
        _short(problem.message.zh, problem.message.en)
    assert not as_courier.ok or as_courier.numbers == ("73123456789012",)
    if len(text) > MAX_CELL_CHARS:
        assert not checked.ok and checked.numbers == ("",)
        assert checked.problems[0].code == "cell_too_long"


@settings(max_examples=150, deadline=None)
@given(HOSTILE)
def test_inbox_answers_every_hostile_paste(text: str) -> None:
    records = parse_inbox(text)
    results = read_inbox([InboxRow("2", None, text)])
    assert len(results) == (1 if text.strip() else 0)
    if len(text) > MAX_PASTE_CHARS:
        assert [r.problem.code if r.problem else None for r in records] == ["paste_too_long"]
        assert all(not result.updates for result in results)


@settings(max_examples=100, deadline=None)
@given(HOSTILE, st.integers(min_value=0, max_value=5))
def test_shipment_file_answers_every_hostile_cell(text: str, column: int) -> None:
    header = ["订单号", "快递公司", "快递单号", "发货时间", "数量", "商品名称"]
    good = ["PO-1", "中通", "73123456789012", "2026-11-26 12:00", "1", "杯"]
    row = [text if i == column else cell for i, cell in enumerate(good)]
    batch = parse_shipment_rows([header, row], "acme")
    for problem in batch.problems:
        _short(problem.message.zh, problem.message.en)
    assert len(batch.updates) + len(batch.problems) <= 1


@settings(max_examples=100, deadline=None)
@given(
    HOSTILE,
    st.sampled_from(["orderNo", "outOrderNo", "orderStatus", "expressCompany", "expressNo", "deliverTime"]),
)
def test_supplier_record_answers_every_hostile_field(text: str, field: str) -> None:
    record: dict[str, object] = {
        "orderNo": "GY1",
        "outOrderNo": "3700001",
        "orderStatus": "SENT",
        "expressCompany": "中通速递",
        "expressNo": "73123456789012",
        "deliverTime": "2026-11-26 12:00:00",
        "goods": [{"skuCode": "CUP-1", "goodsName": "保温杯", "num": text}],
    }
    record[field] = text
    outcome = convert(CFG, record, "ref")
    if isinstance(outcome, SourceProblem):
        _short(outcome.message.zh, outcome.message.en)


def test_a_long_run_of_brackets_is_refused_not_stripped() -> None:
    # 12,000 characters took 11 s before the bound; a cut text could have left a number behind.
    found = detect("(" * 12_000 + "SF1234567890123")
    assert found.problem is not None and found.problem.code == "input_too_long" and found.normalized == ""


def test_a_tracking_line_at_the_bound_still_reads_its_number() -> None:
    line = "顺丰" + " " * (MAX_INPUT_CHARS - len("顺丰SF1234567890123")) + "SF1234567890123"
    assert len(line) == MAX_INPUT_CHARS
    assert detect(line).codes == ("SF",)


def test_an_over_long_inbox_line_is_refused_and_the_others_read() -> None:
    text = "3705115058471208704 中通 73123456789012\n" + "很长的地址" * 100 + "\nPO-2 中通 75123456789013"
    records = parse_inbox(text)
    assert [(r.line, r.problem.code if r.problem else None) for r in records] == [
        (1, None),
        (2, "line_too_long"),
        (3, None),
    ]


def test_a_huge_epoch_or_quantity_in_a_shipment_file_does_not_raise() -> None:
    header = ["订单号", "快递公司", "快递单号", "发货时间", "数量", "商品名称"]
    rows = [header, ["PO-1", "中通", "73123456789012", "9" * 20, "9" * 1999, "杯"]]
    batch = parse_shipment_rows(rows, "acme")
    assert [u.shipped_at for u in batch.updates] == [None]
    assert [i.quantity for u in batch.updates for i in u.items] == [1]


def test_an_over_long_shipment_file_cell_refuses_its_row_unread() -> None:
    header = ["订单号", "快递公司", "快递单号", "商品名称"]
    rows = [
        header,
        ["PO-1", "中通", "73123456789012", "杯" * 50_000],
        ["PO-2", "中通", "75123456789013", "杯"],
    ]
    batch = parse_shipment_rows(rows, "acme")
    assert [p.code for p in batch.problems] == ["cell_too_long"]
    assert [u.supplier_order_no for u in batch.updates] == ["PO-2"]


def test_an_unknown_courier_is_quoted_not_copied_into_the_message() -> None:
    verdict = validate("快" * 50_000, "73123456789012")
    assert verdict.problem is not None and verdict.problem.code == "unknown_courier"
    assert len(verdict.problem.message.zh) < MESSAGE_BOUND


def test_an_over_long_order_number_from_a_supplier_is_refused() -> None:
    outcome = convert(CFG, {"orderNo": "A" * 65, "orderStatus": "SENT", "expressNo": "73123456789012"}, "r")
    assert isinstance(outcome, SourceProblem) and outcome.code == "order_ref_too_long"
