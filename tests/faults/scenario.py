"""One cell of the matrix: a world, the same small business day under one fault, the faults cleared,
a few clean ticks, and the four invariants checked.

The day (four orders, auto push on, the supplier API as a 供应商 row):
* typed: the operator types courier and number;
* corrected: the operator types a number, then (while the fault is on) corrects it;
* supplier: the operator names the supplier and its order no.; the supplier ships before the fault;
* late: the same, but the supplier ships while the fault is on.
The fault is on for two ticks (phase 0 and 1); the correction and the late shipment come between.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.faults.fworld import SUPPLIER, FaultWorld, Rig, fault_world
from tests.faults.invariants import Observed, Verdict, check

if TYPE_CHECKING:
    from tests.faults.faults import Fault

CLEAN_TICKS = 4


@dataclass
class Cell:
    fault: str
    store: str
    seed: int
    verdict: Verdict
    kills: int = 0
    tick_errors: list[str] = field(default_factory=list)


def supplier_settings(url: str) -> str:
    return f"preset=erp_json; endpoint={url}/api/v1/orders; page_size=50"  # its token: WR_<KEY>_TOKEN


def business_day(fw: FaultWorld, fault: Fault) -> dict[str, list[str]]:
    """Run the day under ``fault``; returns the numbers each order must end with."""
    w = fw.w
    w.set_setting("auto_push", "开")
    w.add_supplier(SUPPLIER, "API", supplier_settings(fw.supplier_url))
    # Order ids from the seed (the emulator would draw them at random): which push comes first, and
    # so where a kill point lands, is the same in every run of a seed.
    typed, corrected, supplied, late = (w.create_order(order_id=f"37{fw.seed:05d}{i:012d}") for i in range(4))
    fw.tick()  # the rows appear
    for order_id, po in ((supplied, "PO-S"), (late, "PO-L")):
        fw.type(order_id, "供应商", SUPPLIER)
        fw.type(order_id, "供应商单号", po)
    first, second, fixed = fw.number(), fw.number(), fw.number()
    for order_id, number in ((typed, first), (corrected, second)):
        fw.type(order_id, "快递公司", "中通")
        fw.type(order_id, "快递单号", number)
    fw.supplier_ships(supplied, "PO-S")
    fault.start(fw)
    fault.phase(fw, 0, {"typed": typed, "corrected": corrected})
    fault.correct(fw, corrected, fixed)
    fw.supplier_ships(late, "PO-L")
    fault.phase(fw, 1, {"typed": typed, "corrected": corrected})
    fault.stop(fw)
    return {
        typed: [first],
        corrected: [fixed],
        supplied: fw.supplier_numbers[supplied],
        late: fw.supplier_numbers[late],
    }


def settle(fw: FaultWorld) -> dict[str, int]:
    """Faults off, clean ticks at the scheduler's cadence, then one more tick: what it still did."""
    fw.clear_faults()
    for _ in range(CLEAN_TICKS):
        fw.advance()
        fw.tick()
    fw.advance()
    fw.w.clear_sheets_log()
    report = fw.tick()
    writes = [r for r in fw.w.sheets_requests() if r["method"] != "GET"]
    if report is None:
        return {"failed": 1}
    return {
        "pushes": len(report.pushes),
        "rows_written": report.rows_written,
        "new_rows": report.new_rows,
        "sheets_writes": len(writes),
    }


def observe(fw: FaultWorld, expected: dict[str, list[str]], quiet: dict[str, int]) -> Observed:
    return Observed(
        calls=fw.waybill_calls(),
        audit=list(fw.w.journal.entries()),
        rows={r["订单号"]: r for r in fw.w.records()},
        edits=fw.edits,
        shop={order_id: fw.w.shop_waybills(order_id) for order_id in expected},
        expected=expected,
        quiet=quiet,
    )


def run_cell(rig_: Rig, fault: Fault, store: str, seed: int) -> Cell:
    with fault_world(rig_, store, seed, fault.name) as fw, fault.around(fw):
        expected = business_day(fw, fault)
        quiet = settle(fw)
        verdict = check(observe(fw, expected, quiet))
        return Cell(fault.name, store, seed, verdict, fw.kills, fw.tick_errors)
