"""The 1688 mapping on hand-written purchase orders (tests/golden/alibaba_1688_mapping.json), and the
mapping's small readers (ids, dates, couriers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.suppliers.alibaba_1688 import mapping
from shared.suppliers.model import ShipmentUpdate, SourceProblem

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "alibaba_1688_mapping.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]


def _plain(update: ShipmentUpdate) -> dict[str, Any]:
    return {
        "supplier_order_no": update.supplier_order_no,
        "courier": update.courier,
        "courier_text": update.courier_text,
        "tracking_numbers": list(update.tracking_numbers),
        "status": update.status,
        "items": [[i.sku, i.title, i.quantity] for i in update.items],
        "shipped_at": update.shipped_at.isoformat() if update.shipped_at else None,
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_order(case: dict[str, Any]) -> None:
    view = mapping.order_view(case["trade"])
    assert view is not None
    got = mapping.updates("甲工厂", view, case["parcels"], "ref")
    if "problem" in case:
        assert isinstance(got, SourceProblem) and got.code == case["problem"]
        assert got.message.zh and got.message.en
    else:
        assert not isinstance(got, SourceProblem), got
        assert [_plain(u) for u in got] == case["updates"]
        assert all(u.source == mapping.SOURCE and u.supplier_id == "甲工厂" for u in got)


def test_golden_set_size() -> None:
    assert len(CASES) >= 10


def test_a_cancelled_order_is_a_cancelled_update() -> None:
    view = mapping.order_view({"baseInfo": {"idOfStr": "3400000000000000020", "status": "cancel"}})
    assert view is not None and view.closed and not view.has_parcels
    update = mapping.cancelled("甲工厂", view, "ref")
    assert (update.status, update.supplier_order_no, update.tracking_numbers) == (
        "cancelled",
        "3400000000000000020",
        (),
    )


@pytest.mark.parametrize(
    ("status", "line_status", "expected"),
    [
        ("waitsellersend", 1, False),
        ("waitsellersend", 5, True),
        ("waitbuyerreceive", 1, True),
        ("waitbuyerpay", None, False),
    ],
)
def test_whether_the_parcels_are_worth_a_call(status: str, line_status: int | None, expected: bool) -> None:
    items = [{"subItemID": 1, "quantity": 1, "logisticsStatus": line_status}]
    view = mapping.order_view({"baseInfo": {"idOfStr": "1", "status": status}, "productItems": items})
    assert view is not None and view.has_parcels is expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("3400000000000000001", True),
        ("58218860983545941", True),
        ("PO-123", False),
        ("12345", False),
        (None, False),
    ],
)
def test_a_1688_order_id(text: str | None, ok: bool) -> None:
    assert mapping.is_order_id(text) is ok


def test_dates_keep_their_offset() -> None:
    moment = mapping.parse_time("20180807152315000-0700")
    assert moment is not None and moment.isoformat() == "2018-08-07T15:23:15-07:00"
    assert mapping.parse_time("2018-08-07 15:23:15") is None
