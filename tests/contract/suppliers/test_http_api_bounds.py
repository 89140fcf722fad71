"""The generic adapter reads every answer with a byte cap and an overall deadline (issue 14 item 5).

httpx's timeout is per read: without the deadline a supplier that drips its answer would hold the
sync for ever, and without the cap a runaway page would fill memory. Both against the emulator.
"""

from __future__ import annotations

import pytest

from emulators.control import SupplierControl
from emulators.supplier_api.server import SupplierApiServer
from shared.suppliers.errors import SupplierDataError, SupplierUnavailable
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from tests.contract.suppliers.test_http_api_contract import ENV, calls, open_order, row, seed


def source(
    emulator: SupplierApiServer, *, max_body_bytes: int = 8 << 20, deadline_seconds: float = 30.0
) -> HttpApiSource:
    config = HttpSupplierConfig.from_row(row(emulator.url), ENV)
    return HttpApiSource(
        config,
        sleep=lambda _: None,
        rand=lambda: 0.5,
        max_body_bytes=max_body_bytes,
        deadline_seconds=deadline_seconds,
    )


def test_an_answer_above_the_cap_is_refused_and_none_of_it_used(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    seed(control, {"shop_order_id": "3700000001"})
    control.set_scenario(huge_next=1, huge_bytes=3_000_000)
    with source(emulator, max_body_bytes=1_000_000) as api, pytest.raises(SupplierDataError) as caught:
        api.fetch_updates([open_order("3700000001")])
    assert "1000000" in str(caught.value) and "page_size" in str(caught.value)
    assert len(calls(control)) == 1  # a too-large answer is not asked for again within the tick


def test_the_same_answer_under_the_cap_is_read(emulator: SupplierApiServer, control: SupplierControl) -> None:
    seed(control, {"shop_order_id": "3700000001"})
    with source(emulator, max_body_bytes=1_000_000) as api:
        assert len(api.fetch_updates([open_order("3700000001")]).updates) == 1


def test_a_slow_drip_ends_at_the_deadline_and_is_not_retried(
    emulator: SupplierApiServer, control: SupplierControl
) -> None:
    seed(control, {"shop_order_id": "3700000001"})
    # ~600 bytes at 16 bytes per 30 ms: every read is quick, the whole answer takes over a second.
    control.set_scenario(drip_next=1, drip_ms=30)
    with source(emulator, deadline_seconds=0.3) as api, pytest.raises(SupplierUnavailable) as caught:
        api.fetch_updates([open_order("3700000001")])
    assert "0.3" in str(caught.value)
    assert len(calls(control)) == 1
    # The drip was one answer: the next pull reads normally.
    with source(emulator, deadline_seconds=30) as api:
        assert len(api.fetch_updates([open_order("3700000001")]).updates) == 1
