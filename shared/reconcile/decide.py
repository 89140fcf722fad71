"""One row's decision (pure): its state, message, the cells to fill, the push, alerts and audit notes.

Order of questions, first answer wins:
1. Is the order cancelled, or in an open after-sale before shipping? -> cancelled (stop the supplier).
   Does an identifier cell hold a number the sheet parsed (not plain text)? -> invalid, nothing else
   is trusted on that row until it is typed again.
2. What do the supplier's reports add? Fill empty operator cells; a disagreement is a mismatch,
   never an overwrite, and its message shows both values (also for a shipped row whose supplier
   changed the number afterwards: nothing is pushed until the operator changes the sheet).
3. Has the shop shipped it? Compare the shop's waybills with the sheet's: equal -> shipped (or
   delivered / logistics exception / corrected); the sheet changed since we agreed -> a correction;
   the shop changed -> mismatch.
4. Not shipped: no supplier order -> awaiting_supplier_order; no number -> awaiting_tracking
   (urgent near the deadline); an invalid number -> invalid; no courier chosen and the format does
   not name one for certain -> confirm_courier; more numbers than the order has product lines ->
   invalid; the number is on another recipient's order -> number_reused (held until a person
   confirms it with the menu); the same push the platform refused for good -> invalid (not sent
   again until the cell changes); otherwise ready, and pushed when auto-push is on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.couriers import CellCheck, by_code, by_wechat_delivery_id, cell_numbers, check_cell, find
from shared.couriers.registry import same_wechat_courier
from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.pushes import RefusalReason
from shared.domain.rows import SheetRow
from shared.domain.settings import Settings
from shared.domain.states import FINISHED, SHIPPED_LIKE, RowState, Variant
from shared.domain.text import Bilingual
from shared.reconcile import messages as msg
from shared.reconcile.deadline import countdown, from_sheet_time, hours_left
from shared.reconcile.inputs import JournalFacts, LogisticsView, SupplierReport
from shared.reconcile.plan import Alert, AuditNote, CellFill, Push, RowDecision

# Identifier columns whose cell may arrive as a number (first named wins the message).
_IDENTIFIER_LABELS = {
    "tracking_numbers": Bilingual("快递单号", "Tracking no."),
    "supplier_order_no": Bilingual("供应商单号", "Supplier order no."),
    "order_id": Bilingual("订单号", "Order ID"),
}


@dataclass(slots=True)
class RowOutcome:
    decision: RowDecision | None = None
    fills: list[CellFill] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    audits: list[AuditNote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a row decision may consult besides the row itself."""

    facts: JournalFacts
    settings: Settings
    now: datetime
    shared_numbers: dict[str, tuple[str, ...]]  # waybill -> other orders (different recipient) using it


def _decision(row: SheetRow, state: RowState, text: Bilingual, variant: Variant | None = None) -> RowDecision:
    return RowDecision(row.order_id, row.row, state, variant, text)


def _courier_code(name: str) -> str | None:
    found = find(name) if name.strip() else None
    return found.code if found else None


def _shop_courier(order: ShopOrder) -> str | None:
    """Our code for the courier the shop records (EMS covers two of ours: take the first)."""
    for package in order.packages:
        ours = by_wechat_delivery_id(package.delivery_id)
        if ours:
            return ours[0].code
    return None


def decide(
    row: SheetRow,
    order: ShopOrder | None,
    reports: list[SupplierReport],
    logistics: LogisticsView | None,
    ctx: Context,
) -> RowOutcome:
    out = RowOutcome()
    if order is not None and _stopped(row, order, reports, out):
        return out
    if row.numeric:
        # Sheets parsed what was typed (the column is not plain text): the digits shown may not be the
        # ones typed, so nothing on this row is pushed, matched or compared until it is typed again.
        field = next(f for f in _IDENTIFIER_LABELS if f in row.numeric)
        shown = {"tracking_numbers": row.tracking_cell, "supplier_order_no": row.supplier_order_no}
        out.decision = _decision(
            row,
            RowState.INVALID,
            msg.cell_is_a_number(_IDENTIFIER_LABELS[field], shown.get(field, row.order_id)),
        )
        return out
    if order is None and row.state in FINISHED:
        return out  # nothing to re-decide without news from the shop
    if order is None and row.state in SHIPPED_LIKE:
        # Shipped, and the shop was not read this tick (it did not change, and the sheet still shows
        # the agreed numbers, or the tick would have read it): only the logistics, or a supplier who
        # now reports other numbers, can move the row. Deciding it as "not shipped" would push the same
        # number again on every tick.
        reported = _latest_shipment(reports)
        changed = _disagreement(row, reported, ctx) if reported is not None and row.has_tracking else None
        if changed is not None:
            out.decision = _decision(row, RowState.MISMATCH, changed)
            out.alerts.append(Alert(row.order_id, "supplier_mismatch", changed))
            return out
        numbers = cell_numbers(row.courier or None, row.tracking_cell)
        out.decision = _delivery_state(row, numbers, logistics, ctx, out)
        return out

    courier_cell, tracking_cell = row.courier, row.tracking_cell
    supplier_no = row.supplier_order_no
    latest = _latest_shipment(reports)
    mismatch: Bilingual | None = None
    if not supplier_no:
        report_no = next((r.supplier_order_no for r in reports if r.supplier_order_no), None)
        if report_no:
            out.fills.append(
                CellFill(
                    row.order_id,
                    row.row,
                    "supplier_order_no",
                    report_no,
                    "supplier",
                    "supplier reported its order no.",
                )
            )
            supplier_no = report_no
    if latest is not None:
        courier_cell, tracking_cell, mismatch = _merge_report(row, latest, ctx, out)

    shipped = order is not None and (order.is_shipped or bool(order.packages))
    if shipped and order is not None:
        _shipped(row, order, courier_cell, tracking_cell, mismatch, logistics, ctx, out)
        return out
    _not_shipped(row, order, supplier_no, courier_cell, tracking_cell, mismatch, reports, ctx, out)
    return out


def _stopped(row: SheetRow, order: ShopOrder, reports: list[SupplierReport], out: RowOutcome) -> bool:
    """Cancelled, or an open after-sale before shipping: tell the operator to stop the supplier."""
    pending_aftersale = order.aftersale_open and not (order.is_shipped or order.packages)
    if not (order.is_cancelled or pending_aftersale):
        return False
    supplier_shipped = row.has_tracking or any(r.tracking_numbers for r in reports if r.status == "shipped")
    text = msg.stopped(order.is_cancelled, supplier_shipped, row.supplier_order_no)
    out.decision = _decision(
        row, RowState.CANCELLED, text, Variant.SUPPLIER_SHIPPED if supplier_shipped else None
    )
    if supplier_shipped or row.supplier_order_no:
        kind = "cancelled_after_supplier_shipped" if supplier_shipped else "cancelled_stop_supplier"
        out.alerts.append(Alert(row.order_id, kind, text, msg.stop_action(supplier_shipped)))
    return True


def _latest_shipment(reports: list[SupplierReport]) -> SupplierReport | None:
    shipped = [r for r in reports if r.status == "shipped" and r.tracking_numbers]
    return shipped[-1] if shipped else None


def _merge_report(
    row: SheetRow, report: SupplierReport, ctx: Context, out: RowOutcome
) -> tuple[str, str, Bilingual | None]:
    """Fill empty operator cells from the supplier; a disagreement is reported, never written."""
    courier_cell, tracking_cell = row.courier, row.tracking_cell
    reported = "\n".join(report.tracking_numbers)
    report_courier = by_code(report.courier).name.zh if report.courier else (report.courier_text or "")
    if not row.has_tracking:
        out.fills.append(
            CellFill(
                row.order_id,
                row.row,
                "tracking_numbers",
                reported,
                "supplier",
                f"reported by {report.supplier_id} ({report.source_ref})",
            )
        )
        out.audits.append(
            AuditNote(
                row.order_id,
                "fill",
                "tracking_numbers",
                "",
                reported,
                f"supplier:{report.supplier_id}",
                report.source_ref,
            )
        )
        tracking_cell = reported
        if not row.courier.strip() and report_courier:
            out.fills.append(
                CellFill(
                    row.order_id,
                    row.row,
                    "courier",
                    report_courier,
                    "supplier",
                    f"reported by {report.supplier_id}",
                )
            )
            courier_cell = report_courier
        elif report.courier and _courier_code(row.courier) not in (None, report.courier):
            return courier_cell, tracking_cell, msg.courier_disagrees(row.courier, report_courier)
        return courier_cell, tracking_cell, None
    return courier_cell, tracking_cell, _disagreement(row, report, ctx)


def _disagreement(row: SheetRow, report: SupplierReport, ctx: Context) -> Bilingual | None:
    """A report about a row that has numbers: None when it says the same, else the message showing
    both values. Numbers the shop already has (agreed) that the supplier changed get their own."""
    sheet = cell_numbers(row.courier or None, row.tracking_cell)
    same_numbers = set(sheet) == set(report.tracking_numbers)
    same_courier = report.courier is None or _courier_code(row.courier) in (None, report.courier)
    if same_numbers and same_courier:
        return None
    report_courier = by_code(report.courier).name.zh if report.courier else (report.courier_text or "")
    agreed = ctx.facts.agreed.get(row.order_id)
    if not same_numbers and agreed is not None and set(agreed) == set(sheet):
        return msg.supplier_changed_after_push(report_courier, report.tracking_numbers, sheet)
    return msg.supplier_disagrees(report_courier, report.tracking_numbers, row.courier.strip(), sheet)


def _shipped(
    row: SheetRow,
    order: ShopOrder,
    courier_cell: str,
    tracking_cell: str,
    mismatch: Bilingual | None,
    logistics: LogisticsView | None,
    ctx: Context,
    out: RowOutcome,
) -> None:
    shop_numbers = order.waybills
    if not tracking_cell.strip():
        # Shipped in the shop backend by hand: bring the numbers into the sheet (empty cells only).
        value = "\n".join(shop_numbers)
        out.fills.append(
            CellFill(row.order_id, row.row, "tracking_numbers", value, "shop", "shipped in the shop")
        )
        _courier_from_shop(row, order, courier_cell, out, "shipped in the shop")
        out.audits.append(
            AuditNote(row.order_id, "fill", "tracking_numbers", "", value, "shop", "shipped in the shop")
        )
        out.decision = _delivery_state(row, order.waybills, logistics, ctx, out)
        return
    checked = check_cell(courier_cell or None, tracking_cell)
    sheet_numbers = checked.numbers
    if set(sheet_numbers) == set(shop_numbers):
        if mismatch is not None:
            out.decision = _decision(row, RowState.MISMATCH, mismatch)
            out.alerts.append(Alert(row.order_id, "supplier_mismatch", mismatch))
            return
        if _courier_to_correct(order, courier_cell, logistics):
            _correction(row, order, checked, courier_cell, ctx, out, courier_only=True)
            return
        # An empty courier cell next to the shop's numbers (its fill was lost with a failed sheet
        # write, say): the shop knows the courier, and a later correction needs it.
        _courier_from_shop(row, order, courier_cell, out, "the shop's courier for these numbers")
        out.decision = _delivery_state(row, order.waybills, logistics, ctx, out)
        return
    agreed = ctx.facts.agreed.get(row.order_id)
    if order.status is ShopStatus.PARTIALLY_SHIPPED and set(shop_numbers) < set(sheet_numbers):
        _push_or_invalid(
            row,
            checked,
            courier_cell,
            ctx,
            out,
            tuple(n for n in sheet_numbers if n not in shop_numbers),
            order=order,
        )
        return
    if agreed is not None and set(agreed) == set(shop_numbers):
        _correction(row, order, checked, courier_cell, ctx, out)
        return
    if agreed is not None and set(agreed) == set(sheet_numbers):
        text = msg.shop_changed_elsewhere(shop_numbers)
    else:
        text = msg.sheet_vs_shop(sheet_numbers, shop_numbers)
    out.decision = _decision(row, RowState.MISMATCH, text)
    out.alerts.append(Alert(row.order_id, "shop_mismatch", text))


def _courier_from_shop(row: SheetRow, order: ShopOrder, courier_cell: str, out: RowOutcome, why: str) -> None:
    code = _shop_courier(order)
    if code and not courier_cell.strip():
        out.fills.append(CellFill(row.order_id, row.row, "courier", by_code(code).name.zh, "shop", why))


def _delivery_state(
    row: SheetRow,
    waybills: tuple[str, ...],
    logistics: LogisticsView | None,
    ctx: Context,
    out: RowOutcome,
) -> RowDecision:
    if logistics is not None and logistics.delivered:
        return _decision(row, RowState.DELIVERED, msg.delivered(logistics.text))
    if logistics is not None and logistics.exception_code:
        text = logistics.message
        out.alerts.append(Alert(row.order_id, f"logistics_{logistics.exception_code}", text))
        return _decision(row, RowState.LOGISTICS_EXCEPTION, text)
    if row.order_id in ctx.facts.corrected:
        return _decision(row, RowState.CORRECTED, msg.corrected(waybills))
    text = msg.shipped(waybills, logistics.text if logistics else "")
    shared_with = sorted({o for n in waybills for o in ctx.shared_numbers.get(n, ()) if o != row.order_id})
    if shared_with:  # still worth a look after shipping: the buyer may get someone else's parcel
        text = msg.join(text, msg.number_reused(shared_with))
        reused = msg.number_reused(shared_with)
        out.alerts.append(Alert(row.order_id, "number_reused", reused))
        return _decision(row, RowState.SHIPPED, text, Variant.REUSED)
    return _decision(row, RowState.SHIPPED, text)


def _courier_to_correct(order: ShopOrder, courier_cell: str, logistics: LogisticsView | None) -> bool:
    """The sheet names the courier the tracking provider confirmed, and the shop records another one
    (the supplier gave the wrong courier; the operator fixed the cell): the shop must be corrected.
    Only on the provider's word: a courier cell alone never overrides what the shop recorded."""
    confirmed = logistics.courier if logistics is not None else None
    if not confirmed or _courier_code(courier_cell) != confirmed:
        return False
    wanted = by_code(confirmed)
    return any(not same_wechat_courier(wanted, p.delivery_id) for p in order.packages)


def _correction(
    row: SheetRow,
    order: ShopOrder,
    checked: CellCheck,
    courier_cell: str,
    ctx: Context,
    out: RowOutcome,
    courier_only: bool = False,
) -> None:
    """The sheet's numbers (or, ``courier_only``, its courier) changed after shipping: push a correction
    within the platform's budget."""
    if not checked.ok:
        out.decision = _decision(row, RowState.INVALID, msg.invalid_correction(checked.problems[0]))
        return
    used = ctx.facts.corrections_used.get(row.order_id, 0)
    old, new = order.waybills, checked.numbers
    shop_courier = _shop_courier(order) or ""
    out.audits.append(
        AuditNote(
            row.order_id,
            "edit_detected",
            "courier" if courier_only else "tracking_numbers",
            shop_courier if courier_only else "\n".join(old),
            (_courier_code(courier_cell) or "") if courier_only else "\n".join(new),
            "sheet",
            "the tracking provider confirms the sheet's courier, the shop records another"
            if courier_only
            else "the sheet differs from the shop after shipping",
        )
    )
    if used >= ctx.settings.edit_budget:
        text = msg.budget_exhausted(used)
        out.decision = _decision(row, RowState.CORRECTION_PENDING, text)
        out.alerts.append(Alert(row.order_id, "edit_budget_exhausted", text, msg.budget_action()))
        return
    if len(new) != len(old):
        # The platform changes a parcel's number, it does not add or remove parcels.
        out.decision = _decision(
            row, RowState.INVALID, msg.push_refused(RefusalReason.COUNT_CHANGED, retry=False)
        )
        return
    code = _resolved_courier(courier_cell, checked)
    draft = msg.buyer_message(row.order_id, code, new)
    pending = (
        msg.courier_correction_pending(shop_courier, code, ctx.settings.auto_push)
        if courier_only and code is not None
        else msg.correction_pending(old, new, ctx.settings.auto_push)
    )
    refused = ctx.facts.refused.get(row.order_id)
    if code is not None and refused is not None and refused.same_push("correct", code, new):
        out.decision = _decision(row, RowState.INVALID, msg.push_refused(refused.reason, retry=False))
        return
    if row.order_id in ctx.facts.unresolved:
        # A push for this order is unsettled (its answer was lost): nothing new until it is read back.
        out.decision = _decision(row, RowState.CORRECTION_PENDING, msg.push_unconfirmed())
        return
    out.decision = _decision(row, RowState.CORRECTION_PENDING, pending)
    if ctx.settings.auto_push and code is not None:
        reason = "the courier was corrected" if courier_only else "the operator corrected the number"
        out.pushes.append(Push(row.order_id, "correct", code, new, old, reason, draft))


def _resolved_courier(courier_cell: str, checked: CellCheck) -> str | None:
    code = _courier_code(courier_cell)
    if code is not None:
        return code
    suggestions = {line.validation.suggestion for line in checked.lines}
    return suggestions.pop() if len(suggestions) == 1 else None


def _not_shipped(
    row: SheetRow,
    order: ShopOrder | None,
    supplier_no: str,
    courier_cell: str,
    tracking_cell: str,
    mismatch: Bilingual | None,
    reports: list[SupplierReport],
    ctx: Context,
    out: RowOutcome,
) -> None:
    ship_by = order.ship_by if order is not None else from_sheet_time(row.ship_by)
    clock_zh, clock_en, overdue = countdown(ship_by, ctx.now)
    left = hours_left(ship_by, ctx.now)
    urgent = left is not None and left <= ctx.settings.urgent_hours
    stock = next((r for r in reversed(reports) if r.status in ("out_of_stock", "cancelled")), None)
    if mismatch is not None:
        out.decision = _decision(row, RowState.MISMATCH, mismatch)
        out.alerts.append(Alert(row.order_id, "supplier_mismatch", mismatch))
        return
    if not tracking_cell.strip():
        if stock is not None:
            text = msg.supplier_status(stock.status, stock.supplier_id)
            out.alerts.append(Alert(row.order_id, f"supplier_{stock.status}", text, msg.stock_action()))
            out.decision = _decision(
                row, RowState.AWAITING_TRACKING, msg.join(text, Bilingual(clock_zh, clock_en)), Variant.URGENT
            )
            return
        if not supplier_no and not row.supplier.strip():
            out.decision = _decision(
                row,
                RowState.AWAITING_SUPPLIER_ORDER,
                msg.join(msg.place_supplier_order(), Bilingual(clock_zh, clock_en)),
                Variant.URGENT if urgent else None,
            )
            return
        if overdue:
            out.alerts.append(
                Alert(row.order_id, "overdue", Bilingual(clock_zh, clock_en), msg.chase_action())
            )
        out.decision = _decision(
            row,
            RowState.AWAITING_TRACKING,
            msg.join(msg.waiting_for_number(), Bilingual(clock_zh, clock_en)),
            Variant.URGENT if urgent else None,
        )
        return
    courier_cell = _supplier_default(row, courier_cell, tracking_cell, ctx, out)
    checked = check_cell(courier_cell or None, tracking_cell)
    _push_or_invalid(
        row,
        checked,
        courier_cell,
        ctx,
        out,
        checked.numbers,
        units=_reported_units(reports),
        order=order,
    )


def _supplier_default(
    row: SheetRow, courier_cell: str, tracking_cell: str, ctx: Context, out: RowOutcome
) -> str:
    """An empty courier cell next to a number: the supplier's 默认快递 (供应商 tab) when the number
    fits that courier's formats and its own format does not name another courier. Suppliers mostly
    ship with one courier, and bare 12-13 digit numbers fit several (SF, YTO, STO ...); the number's
    format still wins when it is distinctive (an SF... number from a supplier whose default is ZTO).
    Filled into the cell like any detected courier, with the reason in the journal."""
    code = ctx.settings.default_courier(row.supplier)
    if courier_cell.strip() or not tracking_cell.strip() or code is None:
        return courier_cell
    lines = check_cell(None, tracking_cell).lines
    alone = {line.validation.suggestion for line in lines}
    if len(alone) == 1 and None not in alone and alone != {code}:
        return courier_cell  # the format names its courier on its own
    # Only a courier the number's own format points to: a default without number formats (其他,
    # 丰网 ...) would otherwise turn anything typed there, a phone number say, into a push.
    if not lines or not all(code in {c.code for c in line.validation.detection.candidates} for line in lines):
        return courier_cell
    name = by_code(code).name.zh
    if not check_cell(name, tracking_cell).ok:
        return courier_cell  # not this courier's format: the usual checks say what is wrong
    out.fills.append(
        CellFill(row.order_id, row.row, "courier", name, "supplier_default", "the supplier's default courier")
    )
    return name


def _reported_units(reports: list[SupplierReport]) -> int | None:
    latest = _latest_shipment(reports)
    return latest.units if latest else None


def _push_or_invalid(
    row: SheetRow,
    checked: CellCheck,
    courier_cell: str,
    ctx: Context,
    out: RowOutcome,
    waybills: tuple[str, ...],
    units: int | None = None,
    order: ShopOrder | None = None,
) -> None:
    code = _resolved_courier(courier_cell, checked)
    errors = [p for p in checked.problems if p.severity == "error" and p.code != "missing_courier"]
    if errors:
        out.decision = _decision(row, RowState.INVALID, errors[0].message)
        return
    if code is None:
        # No courier chosen, and the format does not name one for certain: a person chooses (never a
        # push on a guess; the message lists the couriers the number fits).
        missing = next((p for p in checked.problems if p.code == "missing_courier"), None)
        text = missing.message if missing is not None else msg.choose_courier()
        out.decision = _decision(row, RowState.CONFIRM_COURIER, text)
        return
    slots = _package_slots(order)
    if slots is not None and len(waybills) > slots:
        out.decision = _decision(row, RowState.INVALID, msg.too_many_numbers(len(waybills), slots))
        return
    if not courier_cell.strip():
        out.fills.append(
            CellFill(
                row.order_id,
                row.row,
                "courier",
                by_code(code).name.zh,
                "detected",
                "the number's format names the courier",
            )
        )
    if order is not None and units is not None and units < order.units:
        text = msg.quantity_short(units, order.units)
        out.decision = _decision(row, RowState.MISMATCH, text)
        out.alerts.append(Alert(row.order_id, "quantity_mismatch", text))
        return
    warnings = [p for p in checked.problems if p.severity == "warning"]
    shared_with = sorted({o for n in waybills for o in ctx.shared_numbers.get(n, ()) if o != row.order_id})
    reason = "validated and ready"
    text = msg.ready(ctx.settings.auto_push)
    if shared_with:
        reused = msg.number_reused(shared_with)
        out.alerts.append(Alert(row.order_id, "number_reused", reused))
        if not ctx.settings.confirmed:
            # Another recipient's order carries this number: pushing it may be false shipping for one
            # of the two buyers. It waits for a person (the menu's 推送所选行 is the confirmation).
            out.decision = _decision(row, RowState.NUMBER_REUSED, msg.number_reused_held(shared_with))
            return
        reason = "the operator confirmed a number that is also on another recipient's order"
        text = msg.join(text, msg.number_reused(shared_with))
    elif warnings:
        text = msg.join(text, warnings[0].message)
    refused = ctx.facts.refused.get(row.order_id)
    if refused is not None and refused.same_push("ship", code, waybills):
        # The platform refused exactly this before, for a reason a retry cannot change.
        out.decision = _decision(row, RowState.INVALID, msg.push_refused(refused.reason, retry=False))
        return
    if row.order_id in ctx.facts.unresolved:
        # A push for this order is unsettled (its answer was lost): nothing new until it is read back.
        out.decision = _decision(row, RowState.READY, msg.push_unconfirmed())
        return
    out.decision = _decision(row, RowState.READY, text)
    # Only onto an order read from the shop this very pass: its status, after-sale and waybills are
    # what make a push safe (docs/invariants.md#never-push-where-the-shop-would-not-want-it).
    if ctx.settings.auto_push and order is not None and waybills:
        out.pushes.append(Push(row.order_id, "ship", code, waybills, (), reason))


def _package_slots(order: ShopOrder | None) -> int | None:
    """How many parcels the platform can record for an order not shipped yet: one per product line with
    units left (a line cannot be split across parcels in one call). None when unknown (no order read,
    or part of it already shipped: the platform's own check then applies)."""
    if order is None or order.packages:
        return None
    return sum(1 for line in order.lines if line.quantity - line.refunded > 0) or None
