"""The supplier sheet adapter: a separate spreadsheet per supplier, filled with their open orders.

Each pull (``fetch_updates``), for one supplier:

1. read the tab (create it, with its header row, the first time);
2. every row whose order is still open and whose tracking cell is filled becomes a ShipmentUpdate
   (or a problem, shown to the supplier in the row's 处理结果 cell);
3. open orders of THIS supplier that still need a number and are not in the sheet yet are appended,
   with what the supplier needs to ship them: items, quantities and the full recipient address
   (asked from ``details``, the app layer's lookup of the shop order, for those orders only);
4. a row whose order is no longer open (cancelled, or moved to another supplier) and that has no
   number is told not to ship.

A supplier only ever sees their own orders: the adapter is built for one supplier and drops every
open order of another before doing anything. System cells are written only after a re-read of the
order-id column, at the row that still holds that order (the supplier may sort or insert rows
meanwhile); supplier cells (courier, tracking numbers, their order no.) are never written.

Sheets calls per pull: one read; when something changed, one re-read, one ``values:batchUpdate``
and one ``values:append``. The main workspace's budget is untouched: this is another spreadsheet,
and a different call counter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

from shared.couriers import check_cell
from shared.suppliers.errors import SupplierConfigError
from shared.suppliers.model import ShipmentUpdate, SourceProblem, SupplierBatch, SupplierOrder, SupplierSource
from shared.suppliers.sheet_port import CellValue, SheetPort, SheetTabMissing
from shared.suppliers.supplier_settings import SupplierSheetConfig
from shared.suppliers.supplier_sheet_layout import COLUMNS, REQUIRED, TAB_TITLE, Lang, header_row, locate

SOURCE = "supplier_sheet"
BEIJING = timezone(timedelta(hours=8))

# What the 处理结果 cell says, in the supplier's language.
RECEIVED = {"zh": "已收到单号，谢谢。", "en": "Tracking number received, thank you."}
CLOSED = {
    "zh": "此订单已取消或不再由你发货，请勿发货。",
    "en": "This order was cancelled or is no longer yours to ship: do not ship it.",
}
DUPLICATE = {
    "zh": "这个订单号在表格里出现了多次，请只保留一行。",
    "en": "This order ID appears on several rows; keep only one.",
}


# The app layer's lookup: the same orders with ``items`` and ``recipient_*`` filled from the shop
# order; an order it cannot read now is left out (it is sent on a later pull).
DetailsLookup = Callable[[Sequence[SupplierOrder]], Sequence[SupplierOrder]]


@dataclass(frozen=True, slots=True)
class _SheetRow:
    number: int  # 1-based sheet row
    cells: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.cells.get(name, "")


class SupplierSheetSource:
    """A SupplierSource over one supplier's own spreadsheet."""

    # Pulled even with no open order: a row whose order closed must still be told not to ship.
    pull_when_idle = True

    def __init__(
        self,
        config: SupplierSheetConfig,
        port: SheetPort,
        details: DetailsLookup | None = None,
        *,
        lang: Lang = "zh",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.port = port
        self.details = details
        self.lang = lang
        self.clock = clock
        self.tab = config.tab or TAB_TITLE[lang]

    def __repr__(self) -> str:
        return f"SupplierSheetSource(supplier_id={self.config.supplier_id!r}, tab={self.tab!r})"

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        cfg = self.config
        mine = {o.shop_order_id: o for o in open_orders if o.supplier_id == cfg.supplier_id}
        values = self._read(create=True)
        fresh = not values or not any(str(c).strip() for c in values[0])
        header = header_row(self.lang) if fresh else [str(c) for c in values[0]]
        columns = locate(header)
        missing = [c for c in COLUMNS if c.field in REQUIRED and c.field not in columns]
        if missing:
            names = "、".join(c.header(self.lang) for c in missing)
            raise SupplierConfigError(
                f"供应商表格「{self.tab}」缺少列：{names}。请恢复表头。 / "
                f"The supplier sheet tab '{self.tab}' lacks the column(s) {names}; restore the header row.",
                supplier_id=cfg.supplier_id,
                code="columns",
            )
        rows = [] if fresh else _rows(values, columns)
        by_order: dict[str, list[_SheetRow]] = {}
        for row in rows:
            by_order.setdefault(row["order_id"].strip(), []).append(row)

        updates: list[ShipmentUpdate] = []
        problems: list[SourceProblem] = []
        results: list[tuple[_SheetRow, str]] = []
        for order_id, found in by_order.items():
            if len(found) > 1:
                problems.append(self._problem(found[0], "duplicate_order", DUPLICATE["zh"], DUPLICATE["en"]))
                results += [(row, DUPLICATE[self.lang]) for row in found]
                continue
            row = found[0]
            order = mine.get(order_id)
            if order is None:
                if not row["tracking_numbers"].strip():
                    results.append((row, CLOSED[self.lang]))
                continue
            if not row["tracking_numbers"].strip():
                continue
            outcome = self._update(row, order)
            if isinstance(outcome, SourceProblem):
                problems.append(outcome)
                text = outcome.message_zh if self.lang == "zh" else outcome.message_en
            else:
                updates.append(outcome)
                text = RECEIVED[self.lang]
            results.append((row, text))

        wanted = [o for o in mine.values() if o.needs_tracking and o.shop_order_id not in by_order]
        new_orders = list(self.details(wanted)) if wanted and self.details is not None else wanted
        changed = [(row, text) for row, text in results if row["result"] != text]
        self._write(changed, header if fresh else None, [self._line(o, header) for o in new_orders])
        return SupplierBatch(tuple(updates), tuple(problems))

    # -- reading ------------------------------------------------------------------------------------

    def _read(self, *, create: bool) -> list[list[str]]:
        cfg = self.config
        try:
            return self.port.read_tab(cfg.spreadsheet_id, self.tab)
        except SheetTabMissing:
            if not create:
                raise
            self.port.add_tab(cfg.spreadsheet_id, self.tab)
            return []

    def _update(self, row: _SheetRow, order: SupplierOrder) -> ShipmentUpdate | SourceProblem:
        courier_text = row["courier"].strip() or self.config.default_courier
        check = check_cell(courier_text, row["tracking_numbers"])
        if courier_text is None:
            # No courier written: a format that names its courier on its own is taken (SF..., JD...).
            hints = {line.validation.suggestion for line in check.lines}
            if len(hints) == 1 and None not in hints:
                courier_text = hints.pop()
                check = check_cell(courier_text, row["tracking_numbers"])
        if not check.ok:
            first = check.problems[0]
            return self._problem(
                row, first.code, f"单号有误：{first.message_zh}", f"Invalid: {first.message_en}"
            )
        couriers = {line.validation.courier for line in check.lines}
        typed_no = row["supplier_order_no"].strip()
        return ShipmentUpdate(
            supplier_id=self.config.supplier_id,
            supplier_order_no=typed_no or order.supplier_order_no,
            shop_order_id=order.shop_order_id,
            courier_text=courier_text,
            courier=couriers.pop() if len(couriers) == 1 else None,
            tracking_numbers=check.numbers,
            source=SOURCE,
            source_ref=f"{self.config.supplier_id} {self.tab} row {row.number}",
        )

    def _problem(self, row: _SheetRow, code: str, zh: str, en: str) -> SourceProblem:
        return SourceProblem(f"{self.config.supplier_id} {self.tab} row {row.number}", code, zh, en)

    # -- writing ------------------------------------------------------------------------------------

    def _line(self, order: SupplierOrder, header: Sequence[str]) -> list[str]:
        sent = self.clock().astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
        values = {
            "order_id": order.shop_order_id,
            "supplier_order_no": order.supplier_order_no or "",
            "items": "\n".join(f"{i.title or i.sku or ''} × {i.quantity}" for i in order.items),
            "quantity": str(sum(i.quantity for i in order.items)) if order.items else "",
            "recipient_name": order.recipient_name or "",
            "recipient_phone": order.recipient_phone or "",
            "recipient_address": order.recipient_address or "",
            "sent_at": sent,
        }
        columns = locate(header)
        line = [""] * (max(columns.values()) + 1)
        for name, index in columns.items():
            line[index] = values.get(name, "")
        return line

    def _write(
        self, results: list[tuple[_SheetRow, str]], header: list[str] | None, new_lines: list[list[str]]
    ) -> None:
        cfg = self.config
        cells: list[CellValue] = []
        if header is not None:
            cells += [CellValue(1, i + 1, text) for i, text in enumerate(header)]
        if results:
            # Re-read right before writing: a result goes to the row that holds its order now.
            now = self._read(create=False)
            columns = locate([str(c) for c in now[0]]) if now else {}
            if "order_id" in columns and "result" in columns:
                at: dict[str, list[int]] = {}
                for number, raw in enumerate(now[1:], start=2):
                    key = _cell(raw, columns["order_id"]).strip()
                    if key:
                        at.setdefault(key, []).append(number)
                for row, text in results:
                    key = row["order_id"].strip()
                    places = at.get(key, [])
                    still = row.number in places
                    target = row.number if still else (places[0] if len(places) == 1 else None)
                    if target is not None:
                        cells.append(CellValue(target, columns["result"] + 1, text))
        if cells:
            self.port.write_cells(cfg.spreadsheet_id, self.tab, cells)
        if new_lines:
            self.port.append_rows(cfg.spreadsheet_id, self.tab, new_lines)


def _cell(raw: Sequence[object], index: int) -> str:
    return str(raw[index]) if index < len(raw) and raw[index] is not None else ""


def _rows(values: Sequence[Sequence[object]], columns: dict[str, int]) -> list[_SheetRow]:
    rows = []
    for number, raw in enumerate(values[1:], start=2):
        cells = {name: _cell(raw, index) for name, index in columns.items()}
        if cells.get("order_id", "").strip():
            rows.append(_SheetRow(number, cells))
    return rows


def with_details(order: SupplierOrder, found: SupplierOrder) -> SupplierOrder:
    """``order`` with the items and recipient of ``found`` (the lookup's answer)."""
    return replace(
        order,
        items=found.items or order.items,
        recipient_name=found.recipient_name,
        recipient_phone=found.recipient_phone,
        recipient_address=found.recipient_address,
    )


# mypy checks here that the adapter keeps the SupplierSource contract.
_AS_SOURCE: Callable[[SupplierSheetConfig, SheetPort], SupplierSource] = SupplierSheetSource
