"""The 统计 tab from a small journal and sheet, by hand (shared/app/scorecard.py over the pure core).

Issue 19 item 2's list, each checked as a column of the tab: per supplier and overall, 7 and 30 days:
orders, median and p90 payment → number on the shop, share shipped before ship-by, wrong or changed
numbers per 100 by cause (the operator's cause over the inferred one), logistics exceptions per 100
parcels by kind, cancellations after the supplier shipped.

Supplier 甲, four orders (times in hours after T0; now = T0 + 10 days):

* A1 paid -240 h (outside 7 days), ship-by -216, our push ok at -236 (4 h, on time);
* A2 paid -48, ship-by -24, a supplier fill then our push ok at -40 (8 h, on time); the operator then
  corrected it (accepted): inferred 供应商给错单号, the operator chose 供应商改了单号; 异常 物流-停滞;
* A3 paid -47, ship-by -23, found on the shop at -7 (40 h, late); 异常 物流-退回 and 物流-拒收;
* A4 paid -30, ship-by -6, no number, deadline passed (late); cancelled after the supplier shipped.

7 days: A2-A4. Hours [8, 40]: median 24, p90 rank ceil(1.8) = 2 -> 40. Judged 2 (A4, cancelled before
any number, is left out), on time 1: 50 %.
Wrong 1 per 3 orders: 33.3, all 供应商改了单号. Parcels 2 (A2, A3): 停滞 50, 退回 50, 拒收 50.
30 days: A1-A4. Hours [4, 8, 40]: median 8, p90 rank ceil(2.7) = 3 -> 40. On time 2 of 3: 66.7 %.
Wrong 1 per 4: 25. Parcels 3: 停滞 33.3, 退回 33.3, 拒收 33.3. Cancelled after shipping: 1.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.app import scorecard as app
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.records import AuditEntry
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.scorecard import compute
from shared.sheets.layout import Row

T0 = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=10)


def _t(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def _row(n: int, order_id: str, paid: float, ship_by: float, number: str, state: RowState) -> SheetRow:
    return SheetRow(
        n, order_id, "甲", tracking_cell=number, state=state, paid_at=to_sheet_time(_t(paid)),
        ship_by=to_sheet_time(_t(ship_by)),
    )  # fmt: skip


ROWS = [
    _row(2, "A1", -240, -216, "SF1", RowState.DELIVERED),
    _row(3, "A2", -48, -24, "SF3", RowState.CORRECTED),
    _row(4, "A3", -47, -23, "SF4", RowState.SHIPPED),
    _row(5, "A4", -30, -6, "", RowState.CANCELLED),
]
CORRECTED_AT = _t(-20)
ENTRIES = [
    AuditEntry(_t(-236), "system", "ship", "A1", "tracking_numbers", "", "SF1", "sync", "", "ok"),
    AuditEntry(
        _t(-41), "supplier:甲", "fill", "A2", "tracking_numbers", "", "SF2", "supplier:甲", "", "noted"
    ),
    AuditEntry(_t(-40), "system", "ship", "A2", "tracking_numbers", "", "SF2", "sync", "", "ok"),
    AuditEntry(
        _t(-21), "ops@example.com", "edit", "A2", "tracking_numbers", "SF2", "SF3", "sheet", "订单!J3"
    ),
    AuditEntry(
        CORRECTED_AT, "system", "correct", "A2", "tracking_numbers", "SF2", "SF3", "sync",
        "the operator corrected the number", "ok",
    ),
    AuditEntry(
        _t(-10), "boss@example.com", "cause", "A2", "cause", "supplier_wrong", "supplier_changed", "sheet",
        f"correction at {to_sheet_time(CORRECTED_AT)}", "ok",
    ),
    AuditEntry(_t(-7), "shop", "found_on_shop", "A3", "tracking_numbers", "", "SF4", "shop", "", "ok"),
]  # fmt: skip
EXCEPTIONS = [
    Row(2, {"order_id": "A2", "kind": "物流-停滞"}, key="A2"),
    Row(3, {"order_id": "A3", "kind": "物流-退回"}, key="A3"),
    Row(4, {"order_id": "A3", "kind": "物流-拒收"}, key="A3"),
    Row(5, {"order_id": "A4", "kind": "取消-已发货需拦截"}, key="A4"),
    Row(6, {"order_id": "A1", "kind": "超时未发货"}, key="A1"),  # not a kind the tab counts
]


def _tab() -> dict[tuple[str, str], dict[str, str | int | float]]:
    card = compute(app.inputs(ROWS, ENTRIES, EXCEPTIONS), NOW)
    cells = app.rows(card, "zh")
    header = [str(h) for h in cells[0]]
    lines = {}
    for line in cells[1:]:
        if len(line) == len(header):
            record = dict(zip(header, line, strict=True))
            lines[(str(record["供应商"]), str(record["天数"]))] = record
    return lines


def test_the_tab_has_a_column_for_every_item_of_the_list() -> None:
    header = _tab()[("甲", "30")].keys()
    for wanted in (
        "供应商", "天数", "订单数", "付款到单号·中位数(小时)", "付款到单号·90%(小时)", "按时发货率(%)",
        "错号/改号每百单", "错号·录入错误", "错号·供应商给错单号", "错号·供应商改了单号", "错号·快递系统变更",
        "错号·快递公司不对", "错号·单号重复使用", "错号·其他", "错号·原因未知", "物流异常每百件·未揽收",
        "物流异常每百件·停滞", "物流异常每百件·退回", "物流异常每百件·拒收", "包裹数", "发货后取消",
    ):  # fmt: skip
        assert wanted in header, wanted
    assert set(_tab()) == {("甲", "7"), ("甲", "30"), ("全部供应商", "7"), ("全部供应商", "30")}


def test_seven_days_by_hand() -> None:
    line = _tab()[("甲", "7")]
    assert (line["订单数"], line["已有单号"], line["包裹数"]) == (3, 2, 2)
    assert (line["付款到单号·中位数(小时)"], line["付款到单号·90%(小时)"]) == (24.0, 40.0)
    assert line["按时发货率(%)"] == 50.0  # A4, cancelled before a number, is left out
    assert (line["错号/改号每百单"], line["错号·供应商改了单号"], line["错号·供应商给错单号"]) == (
        33.3,
        33.3,
        0.0,
    )
    assert [line[f"物流异常每百件·{k}"] for k in ("未揽收", "停滞", "退回", "拒收")] == [
        0.0,
        50.0,
        50.0,
        50.0,
    ]
    assert line["发货后取消"] == 1


def test_thirty_days_by_hand_and_overall_the_same() -> None:
    tab = _tab()
    line = tab[("甲", "30")]
    assert (line["订单数"], line["已有单号"], line["包裹数"]) == (4, 3, 3)
    assert (line["付款到单号·中位数(小时)"], line["付款到单号·90%(小时)"]) == (8.0, 40.0)
    assert line["按时发货率(%)"] == 66.7
    assert (line["错号/改号每百单"], line["错号·供应商改了单号"]) == (25.0, 25.0)
    assert [line[f"物流异常每百件·{k}"] for k in ("未揽收", "停滞", "退回", "拒收")] == [
        0.0,
        33.3,
        33.3,
        33.3,
    ]
    assert line["发货后取消"] == 1
    overall = tab[("全部供应商", "30")]
    assert {k: v for k, v in overall.items() if k not in ("排名", "供应商")} == {
        k: v for k, v in line.items() if k not in ("排名", "供应商")
    }
