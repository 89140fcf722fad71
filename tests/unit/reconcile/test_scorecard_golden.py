"""The scorecard's numbers for a small journal, worked out by hand (shared/reconcile/scorecard.py).

Six orders over two suppliers; ``now`` is 2026-12-05 12:00 UTC. Every expected number below is
written out, not computed: the comments show the arithmetic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.reconcile.causes import Cause
from shared.reconcile.scorecard import (
    OVERALL,
    ExceptionKind,
    LogisticsIssue,
    NumberError,
    OrderFacts,
    ScoreInputs,
    compute,
)

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


def _order(
    order_id: str, supplier: str, paid_ago: timedelta, number_after: timedelta | None, **kw: object
) -> OrderFacts:
    paid = NOW - paid_ago
    numbered = paid + number_after if number_after is not None else None
    return OrderFacts(order_id, supplier, paid, kw.pop("ship_by", paid + 48 * H), numbered, **kw)  # type: ignore[arg-type]


INPUTS = ScoreInputs(
    orders=(
        _order("A1", "甲", 10 * D, 10 * H),  # 30-day window only; on time
        _order("A2", "甲", 2 * D, 30 * H),  # on time
        _order("A3", "甲", 3 * D, None),  # deadline passed without a number: late
        _order("B1", "乙", 1 * D, 4 * H, parcels=2),  # on time, two parcels
        _order("B2", "乙", 20 * D, 60 * H, cancelled_after_shipped=True),  # 12 h late
        _order("B3", "乙", 1 * H, None),  # deadline ahead: not judged yet
    ),
    errors=(
        NumberError("A2", Cause.SUPPLIER_WRONG),
        NumberError("A3", None),
        NumberError("B2", Cause.SUPPLIER_CHANGED),
    ),
    issues=(
        LogisticsIssue("B1", ExceptionKind.STALLED),
        LogisticsIssue("B1", ExceptionKind.STALLED),  # the same kind twice on one order counts once
        LogisticsIssue("B2", ExceptionKind.RETURNED),
        LogisticsIssue("A1", ExceptionKind.NO_PICKUP),
    ),
)

CARD = compute(INPUTS, NOW)


def _line(supplier: str, days: int):  # type: ignore[no-untyped-def]
    score = CARD.of(supplier, days)
    assert score is not None
    return score


def test_lines_per_supplier_then_overall() -> None:
    assert [(s.supplier, s.days) for s in CARD.scores] == [
        ("乙", 7),
        ("乙", 30),
        ("甲", 7),
        ("甲", 30),
        (OVERALL, 7),
        (OVERALL, 30),
    ]
    assert CARD.suppliers == ("乙", "甲")


def test_supplier_a_seven_days() -> None:
    a = _line("甲", 7)  # A2, A3
    assert (a.orders, a.numbered, a.parcels) == (2, 1, 1)
    assert a.median_hours_to_number == pytest.approx(30)
    assert a.p90_hours_to_number == pytest.approx(30)
    assert a.on_time_rate == pytest.approx(1 / 2)  # A2 on time, A3 late
    assert a.wrong_per_100 == pytest.approx(100)  # 2 errors / 2 orders
    assert a.wrong_by_cause == (("supplier_wrong", pytest.approx(50)), ("unknown", pytest.approx(50)))
    assert a.exceptions_per_100_parcels == ()
    assert a.cancelled_after_shipped == 0


def test_supplier_a_thirty_days() -> None:
    a = _line("甲", 30)  # A1, A2, A3
    assert (a.orders, a.numbered, a.parcels) == (3, 2, 2)
    assert a.median_hours_to_number == pytest.approx(20)  # (10 + 30) / 2
    assert a.p90_hours_to_number == pytest.approx(30)  # rank ceil(1.8) = 2 of [10, 30]
    assert a.on_time_rate == pytest.approx(2 / 3)
    assert a.wrong_per_100 == pytest.approx(200 / 3)
    assert a.exceptions_per_100_parcels == (("no_pickup", pytest.approx(50)),)  # 1 of 2 parcels


def test_supplier_b() -> None:
    week, month = _line("乙", 7), _line("乙", 30)
    assert (week.orders, week.numbered, week.parcels) == (2, 1, 2)  # B1 (two parcels), B3
    assert week.median_hours_to_number == pytest.approx(4)
    assert week.on_time_rate == pytest.approx(1.0)  # B3 not judged yet
    assert week.wrong_per_100 == pytest.approx(0)
    assert week.wrong_by_cause == ()
    assert week.exceptions_per_100_parcels == (("stalled", pytest.approx(50)),)
    assert (month.orders, month.numbered, month.parcels) == (3, 2, 3)
    assert month.median_hours_to_number == pytest.approx(32)  # (4 + 60) / 2
    assert month.p90_hours_to_number == pytest.approx(60)
    assert month.on_time_rate == pytest.approx(1 / 2)  # B2 numbered 60 h after payment, deadline 48 h
    assert month.wrong_by_cause == (("supplier_changed", pytest.approx(100 / 3)),)
    assert month.exceptions_per_100_parcels == (
        ("stalled", pytest.approx(100 / 3)),
        ("returned", pytest.approx(100 / 3)),
    )
    assert month.cancelled_after_shipped == 1


def test_overall() -> None:
    week, month = _line(OVERALL, 7), _line(OVERALL, 30)
    assert (week.orders, week.parcels) == (4, 3)
    assert week.median_hours_to_number == pytest.approx(17)  # (4 + 30) / 2
    assert week.on_time_rate == pytest.approx(2 / 3)  # A2, B1 on time; A3 late
    assert week.wrong_per_100 == pytest.approx(50)
    assert (month.orders, month.numbered, month.parcels) == (6, 4, 5)
    assert month.median_hours_to_number == pytest.approx(20)  # (10 + 30) / 2 of [4, 10, 30, 60]
    assert month.p90_hours_to_number == pytest.approx(60)  # rank ceil(3.6) = 4
    assert month.on_time_rate == pytest.approx(3 / 5)
    assert month.wrong_per_100 == pytest.approx(50)
    assert month.wrong_by_cause == (
        ("supplier_wrong", pytest.approx(100 / 6)),
        ("supplier_changed", pytest.approx(100 / 6)),
        ("unknown", pytest.approx(100 / 6)),
    )
    assert month.exceptions_per_100_parcels == (
        ("no_pickup", pytest.approx(20)),
        ("stalled", pytest.approx(20)),
        ("returned", pytest.approx(20)),
    )
    assert month.cancelled_after_shipped == 1


def test_nothing_to_measure_is_none_not_zero() -> None:
    card = compute(ScoreInputs(orders=(_order("C1", "丙", 1 * H, None),)), NOW)
    line = card.of("丙", 7)
    assert line is not None
    assert line.orders == 1
    assert (line.median_hours_to_number, line.p90_hours_to_number, line.on_time_rate) == (None, None, None)
    assert line.exceptions_per_100_parcels == ()
    assert (
        card.of("丙", 30) is not None and compute(ScoreInputs(()), NOW).of(OVERALL, 7).wrong_per_100 is None
    )  # type: ignore[union-attr]


def test_cancelled_before_any_number_is_not_late() -> None:
    card = compute(ScoreInputs((_order("C2", "丙", 3 * D, None, cancelled=True),)), NOW)
    assert card.of("丙", 7).on_time_rate is None  # type: ignore[union-attr]


def test_on_time_by_week() -> None:
    from shared.reconcile.scorecard import on_time_by_week

    weeks = on_time_by_week(INPUTS, NOW, weeks=3)
    assert [w.start for w in weeks] == [NOW - 21 * D, NOW - 14 * D, NOW - 7 * D]
    # suppliers in name order: 乙, 甲
    assert weeks[0].rates == (pytest.approx(0.0), None)  # B2 (paid 20 days ago) late; 甲 had no order
    assert weeks[1].rates == (None, pytest.approx(1.0))  # A1 (10 days ago) on time
    assert weeks[2].rates == (pytest.approx(1.0), pytest.approx(0.5))  # B1 (B3 not judged); A2, A3
