"""What reconcile reads besides sheet rows and shop orders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from shared.domain.pushes import RefusalReason
from shared.domain.text import Bilingual

ReportStatus = Literal["shipped", "out_of_stock", "cancelled"]
NO_MESSAGE = Bilingual("", "")


@dataclass(frozen=True, slots=True)
class SupplierReport:
    """A supplier's update already matched to a shop order (see shared.suppliers.matching)."""

    order_id: str
    supplier_id: str
    courier: str | None
    courier_text: str | None
    tracking_numbers: tuple[str, ...]
    status: ReportStatus = "shipped"
    units: int | None = None
    source_ref: str = ""
    supplier_order_no: str | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    """A push the platform refused for a reason a retry cannot change (an invalid number or courier,
    more parcels than the order can hold ...): the same push is not sent again; a changed cell is."""

    kind: str  # ship | correct
    courier: str
    waybills: tuple[str, ...]
    reason: RefusalReason

    def same_push(self, kind: str, courier: str, waybills: tuple[str, ...]) -> bool:
        return (self.kind, self.courier, tuple(self.waybills)) == (kind, courier, tuple(waybills))


@dataclass(frozen=True, slots=True)
class JournalFacts:
    """What the journal remembers per order.

    ``agreed``: the waybills the sheet and the shop last agreed on (after our push or fill), so a
    difference tells who changed: the sheet (a correction to push) or the shop (someone edited it
    there). ``corrections_used``: corrections pushed so far (the platform allows a few).
    ``unresolved``: orders with a push intent and no outcome (read back before anything else).
    ``corrected``: orders whose last change was a successful correction.
    ``known``: orders that have had a row on the 订单 tab -> whether they were open when last seen
    (a known order missing from the sheet is restored while open, never added again once closed).
    ``foreign``: 订单号 texts on the sheet that the shop does not know (their rows are never pushed).
    ``refused``: the last push the platform refused for good, per order (not sent again unchanged).
    """

    agreed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    corrections_used: Mapping[str, int] = field(default_factory=dict)
    unresolved: frozenset[str] = frozenset()
    corrected: frozenset[str] = frozenset()
    refused: Mapping[str, Refusal] = field(default_factory=dict)
    known: Mapping[str, bool] = field(default_factory=dict)
    foreign: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LogisticsView:
    """The tracking state of a shipped order, from the logistics watch (issue 7).

    ``courier``: our courier code that the tracking provider confirmed for every number of the row
    (its answer under that courier had data), or None. When the sheet names that courier and the
    shop records another, reconcile pushes a courier correction.
    """

    text: str
    delivered: bool = False
    exception_code: str | None = None
    message: Bilingual = NO_MESSAGE
    courier: str | None = None
