"""What the journal learns about which orders have a row (row_presence + FactsDoc), and the message
on a row that holds a number but no 订单号."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

from shared.app.facts import FactsDoc
from shared.app.row_presence import VERIFY_PER_TICK, keyless_writes, learn_reads, learn_rows, to_read
from shared.domain.orders import ShopStatus
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile.plan import NewRow, Plan, RowDecision
from shared.reconcile.presence import no_order_id
from shared.sheets.gateway import SheetsGateway
from shared.sheets.layout import Row, Table
from shared.sheets.orders import orders_layout
from tests.unit.reconcile.builders import order, row

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
A, B, C = "3720000000000000001", "3720000000000000002", "3720000000000000003"


def test_the_first_full_tick_adopts_the_rows_without_reading_the_shop() -> None:
    facts = FactsDoc()
    rows = [row(A, row=2), row(B, row=3, state=RowState.DELIVERED)]
    assert to_read(rows, facts) == set()
    learn_rows(facts, rows, Plan(), [], {}, adopt=True)
    assert facts.known == {A: "open", B: "closed"} and facts.known_started


def test_a_targeted_pass_adopts_nothing() -> None:
    facts = FactsDoc()
    learn_rows(facts, [row(A)], Plan(), [], {}, adopt=False)
    assert facts.known == {} and not facts.known_started


def test_a_tick_reads_missing_open_orders_and_a_few_new_ids_only() -> None:
    facts = FactsDoc(known={A: "open", B: "closed", C: "open"}, known_started=True)
    new_ids = [f"39{i:017d}" for i in range(VERIFY_PER_TICK + 5)]
    rows = [row(C, row=2), *(row(k, row=3 + i) for i, k in enumerate(new_ids))]
    wanted = to_read(rows, facts)
    assert A in wanted and B not in wanted and C not in wanted
    assert len(wanted - {A}) == VERIFY_PER_TICK


def test_an_id_the_shop_does_not_know_becomes_foreign_and_a_found_one_known() -> None:
    facts = FactsDoc(known={"gone": "open"}, known_started=True)
    learn_reads(facts, [row("ABC-1")], {A: order(A)}, {"ABC-1", "gone"}, T0)
    assert "ABC-1" in facts.foreign and "gone" not in facts.known
    learn_reads(facts, [row("ABC-1")], {"ABC-1": order("ABC-1")}, set(), T0)
    assert facts.foreign == {}


def test_many_unknown_ids_and_no_order_found_look_like_credentials_not_typing() -> None:
    facts = FactsDoc(known={A: "open"}, known_started=True)
    rows = [row(k, row=i + 2) for i, k in enumerate("wxyz")]
    learn_reads(facts, rows, {}, set("wxyz") | {A}, T0)
    assert facts.foreign == {} and facts.known == {A: "open"}


def test_rows_read_from_the_shop_and_new_rows_are_known_open_or_closed() -> None:
    facts = FactsDoc(known_started=True)
    done = order(B, status=ShopStatus.COMPLETED)
    new = RowDecision(C, 0, RowState.AWAITING_SUPPLIER_ORDER, None, Bilingual("", ""))
    plan = Plan(new_rows=(NewRow(C, {}, new),), flagged_rows=(9,))
    rows = [row(A, row=2), row(B, row=3), row("ABC-1", row=9)]
    learn_rows(facts, rows, plan, [], {A: order(A), B: done, C: order(C)}, adopt=True)
    assert facts.known == {A: "open", B: "closed", C: "open"}


def test_known_and_foreign_survive_a_concurrent_save(tmp_path: object) -> None:
    from pathlib import Path

    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore

    journal = Journal(LocalDirStore(Path(str(tmp_path)) / "j"))
    tick, edit = FactsDoc.load(journal), FactsDoc.load(journal)
    tick.mark_known(A, True)
    tick.start_known()
    tick.save(journal)
    edit.mark_foreign("ABC-1", T0)
    edit.save(journal)
    again = FactsDoc.load(journal)
    assert again.known == {A: "open"} and "ABC-1" in again.foreign and again.known_started


def _table(*rows: dict[str, str]) -> Table:
    layout = orders_layout("zh")
    cols = {c.field: i + 1 for i, c in enumerate(layout.columns)}
    body = tuple(Row(n + 2, MappingProxyType(r), r.get("order_id", "")) for n, r in enumerate(rows))
    return Table(layout, tuple(c.headers[0] for c in layout.columns), MappingProxyType(cols), body)


def test_a_number_without_an_order_id_gets_a_message_once_and_loses_it_with_the_number() -> None:
    zh = no_order_id().zh
    table = _table({"tracking_numbers": "SF6026131434978"}, {"order_id": A, "tracking_numbers": "SF1"})
    writes = keyless_writes(table, "zh")
    assert [(w.key, w.row, w.field, w.value) for w in writes] == [
        ("", 2, "status", "单号有误"),
        ("", 2, "message", zh),
    ]
    assert (
        keyless_writes(_table({"tracking_numbers": "SF1", "status": "单号有误", "message": zh}), "zh") == []
    )
    cleared = keyless_writes(_table({"status": "单号有误", "message": zh}), "zh")
    assert [(w.field, w.value) for w in cleared] == [("status", ""), ("message", "")]


def test_the_gateway_writes_a_keyless_row_only_where_it_still_has_no_key() -> None:
    keys = ["订单号", A, "", ""]
    rows_of = {A: [2]}
    assert SheetsGateway._locate_row("", 3, keys, rows_of)[0] == 3
    assert SheetsGateway._locate_row("", 2, keys, rows_of)[0] is None
