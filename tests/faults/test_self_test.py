"""Each invariant check catches a violation planted in a world that kept them all: a second push of
a change the shop already has, a system write over an operator's value, an audit entry deleted, and a
row left in a state that is not final."""

from __future__ import annotations

from pathlib import Path

from shared.wechat.delivery import WaybillChange
from tests.faults.faults import Fault
from tests.faults.fworld import FaultWorld, Rig, fault_world
from tests.faults.invariants import Verdict, check
from tests.faults.scenario import business_day, observe, settle


def _verdict(fw: FaultWorld, expected: dict[str, list[str]]) -> Verdict:
    return check(observe(fw, expected, {}))


def _package(fw: FaultWorld, order_id: str) -> tuple[str, str]:
    (package,) = fw.w.shop_order(order_id)["order_detail"]["delivery_info"]["delivery_product_info"]
    return str(package["delivery_id"]), str(package["waybill_id"])


def test_each_check_catches_a_planted_violation(fault_rig: Rig) -> None:
    with fault_world(fault_rig, "local", 7, "self-test") as fw:
        expected = business_day(fw, Fault())
        assert settle(fw) == {"pushes": 0, "rows_written": 0, "new_rows": 0, "sheets_writes": 0}
        clean = _verdict(fw, expected)
        assert clean.ok, clean.problems()
        typed, _corrected, supplied, _late = expected

        # (a) a change pushed twice: the number moved on, back, and on to the same number again.
        delivery_id, number = _package(fw, typed)
        other = fw.number()
        fw.w.shop.update_delivery(typed, [WaybillChange(delivery_id, number, delivery_id, other)])
        fw.w.shop.update_delivery(typed, [WaybillChange(delivery_id, other, delivery_id, number)])
        fw.w.shop.update_delivery(typed, [WaybillChange(delivery_id, number, delivery_id, other)])
        assert len(_verdict(fw, expected).double_pushes) == 1

        # (b) a value the operator typed, overwritten by someone other than the operator.
        assert not _verdict(fw, expected).lost_edits
        fw.w._put(_cell(fw, typed, "快递公司"), "顺丰")
        assert len(_verdict(fw, expected).lost_edits) == 1

        # (c) the audit entry of the supplier order's push, deleted from the journal.
        before = len(_verdict(fw, expected).lost_journal)
        root = Path(fw.store.env["WAYBILL_JOURNAL_DIR"])
        (entry,) = [
            p
            for p in root.glob("audit/**/*.json")
            if f'"order_id": "{supplied}"' in p.read_text() and '"ship"' in p.read_text()
        ]
        entry.unlink()
        assert len(_verdict(fw, expected).lost_journal) == before + 1

        # (d) a row left unconverged: its state is not a final one.
        before = len(_verdict(fw, expected).unconverged)
        fw.w._put(_cell(fw, supplied, "状态"), "待推送")
        assert len(_verdict(fw, expected).unconverged) == before + 1
        # ... and a further tick that still writes is not convergence either.
        assert check(observe(fw, {}, {"sheets_writes": 1})).unconverged


def _cell(fw: FaultWorld, order_id: str, header: str) -> str:
    rows = fw.w.values()
    column = rows[0].index(header)
    row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == order_id)
    return f"'订单'!{chr(ord('A') + column)}{row}"
