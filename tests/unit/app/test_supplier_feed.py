"""collect_reports: what each supplier source is told, and where its reports go (no I/O: the sources
here are stand-ins that record what they were given)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shared.app.facts import FactsDoc
from shared.app.supplier_feed import SupplierFeed, collect_reports
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.sheets.layout import Row
from shared.suppliers.matching import MatchOutcome
from shared.suppliers.model import ClosedOrder, ShipmentUpdate, SupplierBatch, SupplierOrder

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
PUSHED, FIXED = "73100029384756", "73100029384757"


def update(supplier: str, order_id: str, number: str) -> ShipmentUpdate:
    return ShipmentUpdate(supplier, None, order_id, "中通", "ZTO", (number,), source="test", source_ref="t")


class FacingSource:
    """Like the supplier sheet adapter: shows orders to its supplier, so it takes closed ones too."""

    pull_when_idle = True

    def __init__(self, *updates: ShipmentUpdate) -> None:
        self.updates = updates
        self.got: tuple[list[SupplierOrder], list[ClosedOrder]] | None = None

    def fetch_updates(
        self, open_orders: Sequence[SupplierOrder], *, closed: Sequence[ClosedOrder] = ()
    ) -> SupplierBatch:
        self.got = (list(open_orders), list(closed))
        return SupplierBatch(self.updates)


class PlainSource:
    """Like the API adapter: ``fetch_updates(open_orders)`` and nothing more."""

    def __init__(self, *updates: ShipmentUpdate) -> None:
        self.updates = updates
        self.got: list[SupplierOrder] | None = None

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        self.got = list(open_orders)
        return SupplierBatch(self.updates)


def row(number: int, order_id: str, supplier: str, state: str, tracking: str = "") -> SheetRow:
    courier = "中通快递" if tracking else ""
    return SheetRow(
        number, order_id, supplier, courier=courier, tracking_cell=tracking, state=RowState(state)
    )


ROWS = [
    row(2, "A1", "甲", "awaiting_tracking"),
    row(3, "A2", "甲", "shipped", PUSHED),
    row(4, "A3", "甲", "delivered", "73100029384758"),
    row(5, "A4", "甲", "cancelled"),
    row(6, "A5", "甲", "awaiting_tracking"),  # cancelled in the shop this tick
    row(7, "A6", "乙", "corrected", "73100029384759"),
    row(8, "B1", "丙", "awaiting_tracking"),
    row(9, "B2", "丙", "shipped", "73100029384760"),
]


def test_a_facing_source_is_told_its_closed_orders_and_a_changed_number_reaches_reconcile() -> None:
    facts = FactsDoc(shipped={"A2": (NOW - timedelta(days=2)).isoformat()})
    sheet = FacingSource(update("甲", "A2", FIXED))
    feed = SupplierFeed([("甲", sheet)])
    result = collect_reports(feed, ROWS, [], facts, NOW, closed_now={"A5"})

    assert sheet.got is not None
    opened, closed = sheet.got
    assert [o.shop_order_id for o in opened] == ["A1"]
    assert closed == [
        ClosedOrder("甲", "A2", "shipped", (PUSHED,), NOW - timedelta(days=2)),
        ClosedOrder("甲", "A3", "delivered"),
        ClosedOrder("甲", "A4", "cancelled"),
        ClosedOrder("甲", "A5", "cancelled"),
    ]
    (report,) = result.reports
    assert (report.order_id, report.supplier_id, report.tracking_numbers) == ("A2", "甲", (FIXED,))
    assert result.problems == []


def test_a_facing_source_is_pulled_with_nothing_open_and_another_suppliers_orders_stay_away() -> None:
    sheet = FacingSource()
    collect_reports(SupplierFeed([("乙", sheet)]), ROWS, [], FactsDoc(), NOW)
    assert sheet.got is not None
    # A corrected row is a shipped row; when it shipped is not known yet.
    assert sheet.got == ([], [ClosedOrder("乙", "A6", "shipped", ("73100029384759",), None)])


def test_other_sources_are_asked_about_open_orders_only_as_before() -> None:
    api = PlainSource(update("丙", "B2", FIXED))
    result = collect_reports(SupplierFeed([("丙", api)]), ROWS, [], FactsDoc(), NOW)
    assert api.got is not None and [o.shop_order_id for o in api.got] == ["B1"]
    # A report about a shipped order from a source that does not follow shipped orders is refused.
    assert result.reports == [] and len(result.problems) == 1 and "找不到订单「B2」" in result.problems[0]


def test_when_an_order_was_first_seen_shipped_is_kept_once_and_survives_the_journal(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    facts = FactsDoc()
    facts.seen_shipped("A2", NOW)
    facts.save(journal)
    facts.seen_shipped("A2", NOW + timedelta(days=1))
    assert not facts.changed  # a later sighting changes nothing, so a repeated tick writes nothing
    assert FactsDoc.load(journal).shipped_at("A2") == NOW
    assert FactsDoc.load(journal).shipped_at("A9") is None


def test_an_api_beside_a_supplier_sheet_is_still_asked_about_cancelled_orders_without_a_number() -> None:
    # A supplier with their own sheet AND an API: the API may still report a parcel for an order the
    # buyer cancelled (so that the row turns red: stop the parcel), as it would without the sheet.
    sheet, api = FacingSource(), PlainSource()
    collect_reports(SupplierFeed([("甲", sheet), ("甲", api)]), ROWS, [], FactsDoc(), NOW)
    assert api.got is not None and "A4" in [o.shop_order_id for o in api.got]
    assert sheet.got is not None and "A4" not in [o.shop_order_id for o in sheet.got[0]]


class AnyonesSource(PlainSource):
    """Like the 回传 inbox: anyone reports through it, and it wants to know what became of each report."""

    any_supplier = True

    def __init__(self, *updates: ShipmentUpdate) -> None:
        super().__init__(*updates)
        self.outcomes: list[MatchOutcome] | None = None

    def settle(self, outcomes: Sequence[MatchOutcome]) -> None:
        self.outcomes = list(outcomes)


def inbox_row(number: int, text: str, result: str = "") -> Row:
    return Row(number, {"supplier": "", "text": text, "result": result}, key=text[:8])


def test_a_source_anyone_reports_through_hears_of_every_suppliers_orders_and_is_told_each_outcome() -> None:
    anyone = AnyonesSource(update("chat", "B1", FIXED), update("chat", "Z9", PUSHED))
    result = collect_reports(SupplierFeed([("chat", anyone)]), ROWS, [], FactsDoc(), NOW)
    assert anyone.got is not None
    # Every supplier's open orders (and cancelled ones without a number), under the source's own id.
    assert [(o.supplier_id, o.shop_order_id) for o in anyone.got] == [
        ("chat", "A1"),
        ("chat", "A5"),
        ("chat", "B1"),
        ("chat", "A4"),
    ]
    assert anyone.outcomes is not None
    assert [(o.update.shop_order_id, o.shop_order_id) for o in anyone.outcomes] == [
        ("B1", "B1"),
        ("Z9", None),
    ]
    assert [(r.order_id, r.supplier_id) for r in result.reports] == [("B1", "chat")]


def test_the_inbox_rides_the_same_route_and_each_paste_gets_its_answer() -> None:
    first, second = "3720129913508728832", "3720129913508728833"
    rows = [
        SheetRow(2, first, "甲", supplier_order_no="PO-1", state="awaiting_tracking"),
        SheetRow(3, second, "丙", state="awaiting_tracking"),
    ]
    api = PlainSource(update("丙", second, FIXED))
    pastes = [
        inbox_row(2, "PO-1 中通 73100029384761\nPO-9 中通 73100029384762"),
        inbox_row(3, f"{second} 中通 73100029384763", result="已处理"),  # answered before: not read again
    ]
    result = collect_reports(SupplierFeed([("丙", api)]), rows, pastes, FactsDoc(), NOW)
    # The supplier's own source first, then the inbox (by another supplier's order no.), one list.
    assert [(r.order_id, r.supplier_id) for r in result.reports] == [(second, "丙"), (first, "inbox")]
    written = {(w.row, w.field): str(w.value) for w in result.inbox_writes}
    assert set(written) == {(2, "result"), (2, "processed_at")}
    assert written[(2, "result")].startswith("识别 2 条") and "找不到订单「PO-9」" in written[(2, "result")]
    assert any("找不到订单「PO-9」" in p for p in result.problems)
