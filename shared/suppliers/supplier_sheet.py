"""The supplier sheet adapter: a separate spreadsheet per supplier, filled with their open orders.

Each pull (``fetch_updates``), for one supplier, every order id in the tab is one of:

* **open** (one of ``open_orders``): a row whose tracking cell is filled becomes a ShipmentUpdate (or a
  problem, shown to the supplier in the row's 处理结果 cell). Open orders of THIS supplier that still
  need a number and are not in the sheet yet are appended, with what the supplier needs to ship them:
  items, quantities and the full recipient (asked from ``details``, the app layer's lookup of the shop
  order, for those orders only). A row we had cleared whose order is open again (moved back to this
  supplier) gets its recipient again.
* **shipped, in transit** (a ``closed`` order at stage ``shipped``, for at most ``keep_address_days``):
  the recipient stays (a re-ship may need it). When the supplier's row now holds numbers different
  from the order row's (a typo fixed after the push), that is reported as a ShipmentUpdate, so that
  reconcile shows both numbers to the operator; the same numbers report nothing and write nothing.
* **finished** (delivered, cancelled, shipped longer ago than ``keep_address_days``, moved to another
  supplier, or unknown to the workspace): the recipient name, phone and address cells are blanked, and
  the 处理结果 cell says so (and "do not ship" when the row has no number). Nothing else is read from it.

A supplier only ever sees their own orders: the adapter is built for one supplier and drops every
order of another before doing anything. System cells are written only after a re-read of the
order-id column, at the row that still holds that order (the supplier may sort or insert rows
meanwhile); supplier cells (courier, tracking numbers, their order no.) are never written. Each cell
is written only when its text changes, so a second pull with nothing new writes nothing.

Sheets calls per pull: one read; when something changed, one re-read, one ``values:batchUpdate``
and one ``values:append`` (anchored under the last row read, never left to Sheets' table
detection). The main workspace's budget is untouched: this is another spreadsheet, and a different
call counter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import NoReturn

from shared.couriers import check_cell
from shared.domain.text import Bilingual
from shared.suppliers.errors import SupplierConfigError, SupplierSettingsError
from shared.suppliers.model import (
    ClosedOrder,
    ShipmentUpdate,
    SourceProblem,
    SupplierBatch,
    SupplierFacingSource,
    SupplierOrder,
)
from shared.suppliers.sheet_port import CellValue, SheetPort, SheetTabMissing
from shared.suppliers.supplier_settings import SupplierSheetConfig
from shared.suppliers.supplier_sheet_layout import (
    COLUMNS,
    REQUIRED,
    TAB_TITLE,
    TEXT_FIELDS,
    Lang,
    SheetColumn,
    duplicated,
    header_row,
    locate,
)
from shared.suppliers.text_bounds import MAX_REF_CHARS, ref_too_long

SOURCE = "supplier_sheet"
BEIJING = timezone(timedelta(hours=8))

# What the 处理结果 cell says, in the supplier's language.
RECEIVED = Bilingual("已收到单号，谢谢。", "Tracking number received, thank you.")
DUPLICATE = Bilingual(
    "这个订单号在表格里出现了多次，请只保留一行。",
    "This order ID appears on several rows; keep only one.",
)
DONE = Bilingual("已完成，收件信息已按隐私要求清除。", "Done; recipient details removed for privacy.")
NOT_YOURS = Bilingual(  # cancelled or moved to another supplier, and no number on the row
    "此订单已取消或不再由你发货，请勿发货；收件信息已按隐私要求清除。",
    "This order was cancelled or is no longer yours to ship: do not ship it. "
    "Recipient details removed for privacy.",
)
NO_LONGER_YOURS = Bilingual(  # the same, with a number on the row (the parcel left already)
    "此订单已取消或不再由你发货；收件信息已按隐私要求清除。",
    "This order was cancelled or is no longer yours; recipient details removed for privacy.",
)
YOURS_AGAIN = Bilingual(
    "此订单仍由你发货，请按收件信息发货。",
    "This order is yours to ship after all: ship it to the recipient shown.",
)
# What a row said before recipients were cleared (kept so such a row is recognised as told).
CLOSED = Bilingual(
    "此订单已取消或不再由你发货，请勿发货。",
    "This order was cancelled or is no longer yours to ship: do not ship it.",
)
# A row saying one of these was closed for the supplier (its recipient cleared, or about to be).
_TOLD_CLOSED = frozenset(
    t for texts in (DONE, NOT_YOURS, NO_LONGER_YOURS, CLOSED) for t in (texts.zh, texts.en)
)
RECIPIENT = ("recipient_name", "recipient_phone", "recipient_address")


# The app layer's lookup: the same orders with ``items`` and ``recipient_*`` filled from the shop
# order; an order it cannot read now is left out (it is sent on a later pull).
DetailsLookup = Callable[[Sequence[SupplierOrder]], Sequence[SupplierOrder]]


@dataclass(frozen=True, slots=True)
class _SheetRow:
    number: int  # 1-based sheet row
    cells: dict[str, str]
    numeric: frozenset[str] = frozenset()  # fields the sheet holds as numbers (see SheetPort.read_tab)

    def __getitem__(self, name: str) -> str:
        return self.cells.get(name, "")

    @property
    def has_number(self) -> bool:
        return bool(self["tracking_numbers"].strip())


@dataclass
class _Pull:
    """What one pull found: reports for the tick, and the system cells to change, per sheet row."""

    columns: Mapping[str, int]
    updates: list[ShipmentUpdate] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    changes: list[tuple[_SheetRow, dict[str, str]]] = field(default_factory=list)
    reopened: list[tuple[_SheetRow, SupplierOrder]] = field(default_factory=list)  # recipient to refill

    def change(self, row: _SheetRow, cells: Mapping[str, str]) -> None:
        """Write ``cells`` (field -> text) into ``row``: only columns the tab has, only what differs."""
        wanted = {name: text for name, text in cells.items() if name in self.columns and row[name] != text}
        if wanted:
            self.changes.append((row, wanted))


class SupplierSheetSource:
    """A SupplierSource over one supplier's own spreadsheet (a SupplierFacingSource)."""

    # Pulled even with no open order: a row whose order closed must still be told so.
    pull_when_idle = True

    def __init__(
        self,
        config: SupplierSheetConfig,
        port: SheetPort,
        details: DetailsLookup | None = None,
        *,
        lang: Lang = "zh",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        clearing_only: bool = False,
    ) -> None:
        self.config = config
        self.port = port
        self.details = details
        self.lang = lang
        self.clock = clock
        self.tab = config.tab or TAB_TITLE.pick(lang)
        # A sheet the supplier's row no longer names (its channel or spreadsheet changed): the
        # recipients it still holds are cleared as their orders finish; nothing is read from it,
        # sent to it or created in it. ``drained``: a pull found no recipient left in it.
        self.clearing_only = clearing_only
        self.drained = False

    def __repr__(self) -> str:
        return f"SupplierSheetSource(supplier_id={self.config.supplier_id!r}, tab={self.tab!r})"

    def fetch_updates(
        self, open_orders: Sequence[SupplierOrder], *, closed: Sequence[ClosedOrder] = ()
    ) -> SupplierBatch:
        """``open_orders``: still to ship; ``closed``: this supplier's orders that need no number any
        more (other suppliers' are dropped, as are open ones). An order in neither (moved to another
        supplier, or gone from the workspace) is finished for this supplier."""
        cfg = self.config
        mine = {o.shop_order_id: o for o in open_orders if o.supplier_id == cfg.supplier_id}
        after = {
            c.shop_order_id: c
            for c in closed
            if c.supplier_id == cfg.supplier_id and c.shop_order_id not in mine
        }
        if self.clearing_only:
            return self._clear_finished(mine, after)
        values = self._read(create=True)
        fresh = not values or not any(str(c).strip() for c in values[0])
        header = header_row(self.lang) if fresh else [str(c) for c in values[0]]
        columns = self._columns(header)
        by_order: dict[str, list[_SheetRow]] = {}
        for row in [] if fresh else _rows(values, columns):
            by_order.setdefault(row["order_id"].strip(), []).append(row)

        pull = _Pull(columns)
        for order_id, found in by_order.items():
            self._follow(found, mine.get(order_id), after.get(order_id), pull)
        wanted = [o for o in mine.values() if o.needs_tracking and o.shop_order_id not in by_order]
        details = self._details([*wanted, *(order for _, order in pull.reopened)])
        for row, order in pull.reopened:
            if order.shop_order_id in details:
                pull.change(
                    row, {**_recipient(details[order.shop_order_id]), "result": YOURS_AGAIN.pick(self.lang)}
                )
        new_lines = [
            self._line(details[o.shop_order_id], header) for o in wanted if o.shop_order_id in details
        ]
        self._write(pull.changes, header if fresh else None, new_lines, len(values))
        return SupplierBatch(tuple(pull.updates), tuple(pull.problems))

    def _clear_finished(
        self, mine: Mapping[str, SupplierOrder], after: Mapping[str, ClosedOrder]
    ) -> SupplierBatch:
        """A sheet no longer in use: blank the recipient of every row whose order is finished (as in
        ``_follow``); rows of open or in-transit orders keep theirs until they finish."""
        try:
            values = self._read(create=False)
        except SheetTabMissing:
            values = []
        except SupplierConfigError as exc:
            if exc.code != 404:
                raise
            values = []  # the spreadsheet itself is gone: nothing of ours is left in it
        if not values or not any(str(c).strip() for c in values[0]):
            self.drained = True
            return SupplierBatch()
        columns = self._columns([str(c) for c in values[0]])
        pull = _Pull(columns)
        rows = _rows(values, columns)
        for row in rows:
            order_id = row["order_id"].strip()
            later = after.get(order_id)
            if order_id not in mine and not self._in_transit(later):
                pull.change(row, self._finished(row, later))
        self.drained = not any(row[name].strip() for row in rows for name in RECIPIENT)
        self._write(pull.changes, None, [], len(values))
        return SupplierBatch()

    def _columns(self, header: Sequence[str]) -> dict[str, int]:
        # Checked before anything is read or written: nothing is sent to, cleared in or taken from a
        # tab whose header no longer says where each thing is.
        columns = locate(header)
        missing = [c for c in COLUMNS if c.field in REQUIRED and c.field not in columns]
        if missing:
            self._header_error(
                missing,
                "缺少列：{names}。请恢复表头。",
                "lacks the column(s) {names}; restore the header row.",
            )
        twice = [c for c in COLUMNS if c.field in duplicated(header) and c.field in REQUIRED]
        if twice:
            self._header_error(
                twice,
                "的列 {names} 出现了不止一次。请只保留一列。",
                "has the column(s) {names} more than once; keep one.",
            )
        return columns

    def _header_error(self, columns: Sequence[SheetColumn], zh: str, en: str) -> NoReturn:
        names = "、".join(c.header(self.lang) for c in columns)
        # Both languages kept apart: the 供应商 row's 状态 cell says which column is missing.
        raise SupplierSettingsError(
            Bilingual(
                f"供应商表格「{self.tab}」{zh.format(names=names)}",
                f"The supplier sheet tab '{self.tab}' {en.format(names=names)}",
            ),
            supplier_id=self.config.supplier_id,
            code="columns",
        )

    # -- deciding -----------------------------------------------------------------------------------

    def _follow(
        self, found: list[_SheetRow], order: SupplierOrder | None, later: ClosedOrder | None, pull: _Pull
    ) -> None:
        """The rows of one order id: what to report, and which system cells to change."""
        if order is None and not self._in_transit(later):
            for row in found:  # every copy: none of them needs the recipient any more
                pull.change(row, self._finished(row, later))
            return
        if len(found) > 1:
            pull.problems.append(self._problem(found[0], "duplicate_order", DUPLICATE))
            for row in found:
                pull.change(row, {"result": DUPLICATE.pick(self.lang)})
            return
        row = found[0]
        if order is None:
            assert later is not None  # in transit
            if row.has_number:
                self._shipped(row, later, pull)
        elif row.has_number:
            self._received(row, self._update(row, order.shop_order_id, order.supplier_order_no), pull)
        elif order.needs_tracking and row["result"] in _TOLD_CLOSED:
            pull.reopened.append((row, order))  # back to this supplier after its row was closed

    def _in_transit(self, later: ClosedOrder | None) -> bool:
        """Shipped, and not longer ago than ``keep_address_days`` (unknown: still in transit)."""
        if later is None or later.stage != "shipped":
            return False
        if later.shipped_at is None:
            return True
        return self.clock() - later.shipped_at <= timedelta(days=self.config.keep_address_days)

    def _finished(self, row: _SheetRow, later: ClosedOrder | None) -> dict[str, str]:
        """The cells that close a row for good: the recipient blanked, and why in 处理结果."""
        if later is not None and later.stage in ("shipped", "delivered"):
            text = DONE
        else:  # cancelled, moved to another supplier, or no longer in the workspace at all
            text = NO_LONGER_YOURS if row.has_number else NOT_YOURS
        return {**dict.fromkeys(RECIPIENT, ""), "result": text.pick(self.lang)}

    def _shipped(self, row: _SheetRow, later: ClosedOrder, pull: _Pull) -> None:
        """A shipped order's row: reported only when its numbers are no longer the order row's."""
        outcome = self._update(row, later.shop_order_id, None)
        same = isinstance(outcome, ShipmentUpdate) and set(outcome.tracking_numbers) == set(
            later.tracking_numbers
        )
        if same:
            # Nothing new: nothing to write either, unless the cell still shows an earlier complaint
            # (a typo the supplier has since undone).
            if row["result"].strip():
                pull.change(row, {"result": RECEIVED.pick(self.lang)})
            return
        self._received(row, outcome, pull)

    def _received(self, row: _SheetRow, outcome: ShipmentUpdate | SourceProblem, pull: _Pull) -> None:
        if isinstance(outcome, SourceProblem):
            pull.problems.append(outcome)
            pull.change(row, {"result": outcome.message.pick(self.lang)})
        else:
            pull.updates.append(outcome)
            pull.change(row, {"result": RECEIVED.pick(self.lang)})

    # -- reading ------------------------------------------------------------------------------------

    def _read(self, *, create: bool) -> list[list[object]]:
        cfg = self.config
        try:
            return self.port.read_tab(cfg.spreadsheet_id, self.tab)
        except SheetTabMissing:
            if not create:
                raise
            self.port.add_tab(cfg.spreadsheet_id, self.tab)
            return []

    def _details(self, orders: Sequence[SupplierOrder]) -> dict[str, SupplierOrder]:
        """The lookup's answer by order id (without a lookup: the orders as given)."""
        if not orders:
            return {}
        found = self.details(orders) if self.details is not None else orders
        return {o.shop_order_id: o for o in found}

    def _update(
        self, row: _SheetRow, shop_order_id: str, supplier_order_no: str | None
    ) -> ShipmentUpdate | SourceProblem:
        parsed = [name for name in ("tracking_numbers", "supplier_order_no") if name in row.numeric]
        if parsed:
            # Their sheet turned what was typed into a number: digits past the 15th and leading zeros
            # are gone, so the value is never taken.
            label = next(c.title for c in COLUMNS if c.field == parsed[0])
            return self._problem(
                row,
                "stored_as_number",
                Bilingual(
                    f"「{label.zh}」被表格存成了数字，可能丢了位数，没有采用：请把这一列设为纯文本"
                    "（格式 → 数字 → 纯文本）后重新填写。",
                    f"'{label.en}' was stored as a number and may have lost digits, so it was not used: "
                    "format the column as plain text (Format → Number → Plain text) and type it again.",
                ),
            )
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
                row, first.code, Bilingual(f"单号有误：{first.message.zh}", f"Invalid: {first.message.en}")
            )
        couriers = {line.validation.courier for line in check.lines}
        typed_no = row["supplier_order_no"].strip()
        if len(typed_no) > MAX_REF_CHARS:
            refused = ref_too_long("", len(typed_no))
            return self._problem(row, refused.code, refused.message)
        return ShipmentUpdate(
            supplier_id=self.config.supplier_id,
            supplier_order_no=typed_no or supplier_order_no,
            shop_order_id=shop_order_id,
            courier_text=courier_text,
            courier=couriers.pop() if len(couriers) == 1 else None,
            tracking_numbers=check.numbers,
            source=SOURCE,
            source_ref=f"{self.config.supplier_id} {self.tab} row {row.number}",
        )

    def _problem(self, row: _SheetRow, code: str, message: Bilingual) -> SourceProblem:
        return SourceProblem(f"{self.config.supplier_id} {self.tab} row {row.number}", code, message)

    # -- writing ------------------------------------------------------------------------------------

    def _line(self, order: SupplierOrder, header: Sequence[str]) -> list[str]:
        sent = self.clock().astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
        values = {
            "order_id": order.shop_order_id,
            "supplier_order_no": order.supplier_order_no or "",
            "items": "\n".join(f"{i.title or i.sku or ''} × {i.quantity}" for i in order.items),
            "quantity": str(sum(i.quantity for i in order.items)) if order.items else "",
            **_recipient(order),
            "sent_at": sent,
        }
        columns = locate(header)
        line = [""] * (max(columns.values()) + 1)
        for name, index in columns.items():
            line[index] = values.get(name, "")
        return line

    def _write(
        self,
        changes: list[tuple[_SheetRow, dict[str, str]]],
        header: list[str] | None,
        new_lines: list[list[str]],
        last_row: int,
    ) -> None:
        """``last_row``: the last row that held anything at the read (new lines go under it, or under
        a later re-read's last row)."""
        cfg = self.config
        cells: list[CellValue] = []
        if header is not None:
            last_row = max(last_row, 1)
            cells += [CellValue(1, i + 1, text) for i, text in enumerate(header)]
            # What the supplier types into these stays text (a 19-digit order no. survives).
            found = locate(header)
            text_columns = [
                found[c.field] + 1 for c in COLUMNS if c.field in TEXT_FIELDS and c.field in found
            ]
            self.port.format_as_text(cfg.spreadsheet_id, self.tab, text_columns)
        if changes:
            # Re-read right before writing: a change goes to the row that holds its order now.
            now = self._read(create=False)
            last_row = max(len(now), 1 if header is not None else 0)
            header_now = [str(c) for c in now[0]] if now else []
            columns = locate(header_now)
            # The header broke since the read: write nothing, the next pull reports it.
            if all(f in columns for f in REQUIRED) and not duplicated(header_now):
                at: dict[str, list[int]] = {}
                for number, raw in enumerate(now[1:], start=2):
                    key = _cell(raw, columns["order_id"]).strip()
                    if key:
                        at.setdefault(key, []).append(number)
                for row, texts in changes:
                    places = at.get(row["order_id"].strip(), [])
                    still = row.number in places
                    target = row.number if still else (places[0] if len(places) == 1 else None)
                    if target is None:
                        continue  # gone, or ambiguous now: the next pull decides again
                    cells += [
                        CellValue(target, columns[name] + 1, text)
                        for name, text in texts.items()
                        if name in columns
                    ]
        if cells:
            self.port.write_cells(cfg.spreadsheet_id, self.tab, cells)
        if new_lines:
            self.port.append_rows(cfg.spreadsheet_id, self.tab, new_lines, last_row)


def _recipient(order: SupplierOrder) -> dict[str, str]:
    return {
        "recipient_name": order.recipient_name or "",
        "recipient_phone": order.recipient_phone or "",
        "recipient_address": order.recipient_address or "",
    }


def _cell(raw: Sequence[object], index: int) -> str:
    return str(raw[index]) if index < len(raw) and raw[index] is not None else ""


def _rows(values: Sequence[Sequence[object]], columns: dict[str, int]) -> list[_SheetRow]:
    rows = []
    for number, raw in enumerate(values[1:], start=2):
        cells = {name: _cell(raw, index) for name, index in columns.items()}
        numeric = frozenset(name for name, index in columns.items() if _is_number(raw, index))
        if cells.get("order_id", "").strip():
            rows.append(_SheetRow(number, cells, numeric))
    return rows


def _is_number(raw: Sequence[object], index: int) -> bool:
    value = raw[index] if index < len(raw) else None
    return isinstance(value, int | float) and not isinstance(value, bool)


def with_details(order: SupplierOrder, found: SupplierOrder) -> SupplierOrder:
    """``order`` with the items and recipient of ``found`` (the lookup's answer)."""
    return replace(
        order,
        items=found.items or order.items,
        recipient_name=found.recipient_name,
        recipient_phone=found.recipient_phone,
        recipient_address=found.recipient_address,
    )


# mypy checks here that the adapter keeps the SupplierFacingSource contract (and so SupplierSource's).
_AS_SOURCE: Callable[[SupplierSheetConfig, SheetPort], SupplierFacingSource] = SupplierSheetSource
