"""The supplier scorecard (pure): per supplier and overall, over the last 7 and 30 days.

Input is what the journal and the 订单/异常 tabs already hold, as frozen facts (``ScoreInputs``);
``now`` is injected. The definitions, each the one place it is decided:

* an order belongs to a window when it was paid within the window's days before ``now``;
* **hours to number**: from payment to the first time a number was on the shop (our push accepted,
  or numbers found on the shop); median (the mean of the two middle values for an even count) and
  90th percentile (nearest rank: the value at rank ⌈0.9·n⌉ in ascending order);
* **on time**: the number was on the shop at or before the ship-by deadline. An order counts once its
  fate is known: it has a number, or its deadline has passed without one. Orders without a deadline
  and orders cancelled before any number are left out;
* **wrong or changed numbers per 100 orders**, by cause (``shared/reconcile/causes.py``; an unknown
  cause counts under ``unknown``): every correction and refused number of the window's orders;
* **logistics exceptions per 100 parcels**, by kind (no pickup, stalled, returned, refused): each
  order's kinds counted once per kind; parcels are the window's orders with a number, one per number;
* **cancellations after the supplier shipped**: a count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from shared.domain.text import Bilingual
from shared.reconcile.causes import Cause

WINDOWS: tuple[int, ...] = (7, 30)
OVERALL = ""  # the supplier key of the all-suppliers line
UNKNOWN_CAUSE = "unknown"


class ExceptionKind(Enum):
    NO_PICKUP = "no_pickup"
    STALLED = "stalled"
    RETURNED = "returned"
    REFUSED = "refused"

    @property
    def label(self) -> Bilingual:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ExceptionKind.NO_PICKUP: Bilingual("未揽收", "No pickup"),
    ExceptionKind.STALLED: Bilingual("停滞", "Stalled"),
    ExceptionKind.RETURNED: Bilingual("退回", "Returned"),
    ExceptionKind.REFUSED: Bilingual("拒收", "Refused"),
}


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """One order as the scorecard needs it. ``numbered_at``: first time a number was on the shop
    (None: never yet); ``parcels``: how many numbers it carries; ``cancelled``: cancelled at all;
    ``cancelled_after_shipped``: cancelled after its supplier had shipped."""

    order_id: str
    supplier: str
    paid_at: datetime
    ship_by: datetime | None = None
    numbered_at: datetime | None = None
    parcels: int = 1
    cancelled: bool = False
    cancelled_after_shipped: bool = False


@dataclass(frozen=True, slots=True)
class NumberError:
    """A correction or a refused number of ``order_id``; ``cause`` None: not known (yet)."""

    order_id: str
    cause: Cause | None = None


@dataclass(frozen=True, slots=True)
class LogisticsIssue:
    order_id: str
    kind: ExceptionKind


@dataclass(frozen=True, slots=True)
class ScoreInputs:
    orders: tuple[OrderFacts, ...]
    errors: tuple[NumberError, ...] = ()
    issues: tuple[LogisticsIssue, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    """One line of the scorecard: one supplier (``OVERALL``: all of them) over ``days`` days.
    Rates are None when nothing was there to measure; ``*_per_100`` keys are cause / kind codes."""

    supplier: str
    days: int
    orders: int
    numbered: int
    median_hours_to_number: float | None
    p90_hours_to_number: float | None
    on_time_rate: float | None
    wrong_per_100: float | None
    wrong_by_cause: tuple[tuple[str, float], ...]
    exceptions_per_100_parcels: tuple[tuple[str, float], ...]
    parcels: int
    cancelled_after_shipped: int


@dataclass(frozen=True, slots=True)
class Scorecard:
    at: datetime
    scores: tuple[Score, ...]

    def of(self, supplier: str, days: int) -> Score | None:
        for one in self.scores:
            if one.supplier == supplier and one.days == days:
                return one
        return None

    @property
    def suppliers(self) -> tuple[str, ...]:
        """The suppliers scored, in the scorecard's order (overall not included)."""
        seen: dict[str, None] = {}
        for one in self.scores:
            if one.supplier != OVERALL:
                seen.setdefault(one.supplier, None)
        return tuple(seen)


def compute(inputs: ScoreInputs, now: datetime, windows: Sequence[int] = WINDOWS) -> Scorecard:
    """Every supplier's line (by name) then the overall line, for each window."""
    suppliers = sorted({o.supplier for o in inputs.orders if o.supplier})
    scores = []
    for supplier in [*suppliers, OVERALL]:
        for days in windows:
            since = now - timedelta(days=days)
            orders = [
                o
                for o in inputs.orders
                if since <= o.paid_at <= now and (supplier == OVERALL or o.supplier == supplier)
            ]
            scores.append(_score(supplier, days, orders, inputs, now))
    return Scorecard(now, tuple(scores))


def _score(
    supplier: str, days: int, orders: Sequence[OrderFacts], inputs: ScoreInputs, now: datetime
) -> Score:
    ids = {o.order_id for o in orders}
    hours = sorted(
        (o.numbered_at - o.paid_at).total_seconds() / 3600 for o in orders if o.numbered_at is not None
    )
    judged = [o for o in orders if _judged(o, now)]
    on_time = sum(
        1
        for o in judged
        if o.numbered_at is not None and o.ship_by is not None and o.numbered_at <= o.ship_by
    )
    errors = [e for e in inputs.errors if e.order_id in ids]
    by_cause: dict[str, int] = {}
    for error in errors:
        code = error.cause.value if error.cause is not None else UNKNOWN_CAUSE
        by_cause[code] = by_cause.get(code, 0) + 1
    parcels = sum(max(1, o.parcels) for o in orders if o.numbered_at is not None)
    kinds: dict[str, set[str]] = {}
    for issue in inputs.issues:
        if issue.order_id in ids:
            kinds.setdefault(issue.kind.value, set()).add(issue.order_id)
    return Score(
        supplier=supplier,
        days=days,
        orders=len(orders),
        numbered=len(hours),
        median_hours_to_number=_median(hours),
        p90_hours_to_number=_nearest_rank(hours, 0.9),
        on_time_rate=on_time / len(judged) if judged else None,
        wrong_per_100=_per_100(len(errors), len(orders)),
        wrong_by_cause=_rates(by_cause, len(orders), [c.value for c in Cause] + [UNKNOWN_CAUSE]),
        exceptions_per_100_parcels=_rates(
            {k: len(v) for k, v in kinds.items()}, parcels, [k.value for k in ExceptionKind]
        ),
        parcels=parcels,
        cancelled_after_shipped=sum(1 for o in orders if o.cancelled_after_shipped),
    )


def _judged(order: OrderFacts, now: datetime) -> bool:
    """Whether the order's on-time fate is known (see the module docstring)."""
    if order.ship_by is None:
        return False
    if order.numbered_at is not None:
        return True
    return not order.cancelled and order.ship_by < now


def _median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def _nearest_rank(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    return values[max(1, math.ceil(share * len(values))) - 1]


def _per_100(count: int, base: int) -> float | None:
    return 100 * count / base if base else None


def _rates(counts: dict[str, int], base: int, order: Iterable[str]) -> tuple[tuple[str, float], ...]:
    """(code, per 100 of ``base``) for each code counted, in ``order``; nothing when ``base`` is 0."""
    if not base:
        return ()
    return tuple((code, 100 * counts[code] / base) for code in order if counts.get(code))


@dataclass(frozen=True, slots=True)
class WeekRates:
    """The on-time rate of each supplier (in ``Scorecard.suppliers`` order) for the orders paid in
    ``[start, start + 7 days)``; None when none of them was judged yet."""

    start: datetime
    rates: tuple[float | None, ...]


def on_time_by_week(inputs: ScoreInputs, now: datetime, weeks: int = 4) -> tuple[WeekRates, ...]:
    """The last ``weeks`` weeks, oldest first, each ending ``7·k`` days before ``now``; judged as of
    ``now`` (the same rule as the scorecard's on-time rate)."""
    suppliers = sorted({o.supplier for o in inputs.orders if o.supplier})
    out = []
    for k in range(weeks - 1, -1, -1):
        end = now - timedelta(days=7 * k)
        start = end - timedelta(days=7)
        rates = []
        for supplier in suppliers:
            orders = [o for o in inputs.orders if o.supplier == supplier and start <= o.paid_at < end]
            rates.append(_score(supplier, 7, orders, inputs, now).on_time_rate)
        out.append(WeekRates(start, tuple(rates)))
    return tuple(out)
