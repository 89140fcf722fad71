"""The supplier API adapter in the one retry loop: which answers are tried again, how long it waits,
and the error it raises when the loop gives up. Answers come from httpx.MockTransport (no socket, no
sleep, a fixed random draw)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from shared.retry import Deadline, RetryPolicy, within
from shared.suppliers.errors import SupplierAuthError, SupplierConfigError, SupplierError, SupplierUnavailable
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from shared.suppliers.model import SupplierBatch, SupplierOrder
from tests.unit.suppliers.rows import ENV, acme_row

POLICY = RetryPolicy(attempts=4, base_delay=1.0, max_delay=3.0, max_wait=30.0)
OPEN = SupplierOrder(supplier_id="acme", supplier_order_no=None, shop_order_id="S1")
EMPTY_PAGE = b'{"code": 0, "data": {"total": 0, "list": []}}'

Step = int | tuple[int, dict[str, str]] | httpx.HTTPError


class Supplier:
    """Answers each request with the next step: a status (with headers), or a transport error."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        step = self.steps.pop(0)
        if isinstance(step, httpx.HTTPError):
            raise step
        status, headers = step if isinstance(step, tuple) else (step, {})
        return httpx.Response(status, headers=headers, content=EMPTY_PAGE if status == 200 else b"{}")


def pull(supplier: Supplier, rand: float = 0.5, clock: Callable[[], float] = lambda: 0.0) -> list[float]:
    """Pull once; the waits the adapter took."""
    slept: list[float] = []
    config = HttpSupplierConfig.from_row(acme_row(), ENV)
    client = httpx.Client(transport=httpx.MockTransport(supplier))
    with HttpApiSource(
        config, client=client, policy=POLICY, sleep=slept.append, rand=lambda: rand, clock=clock
    ) as source:
        batch = source.fetch_updates(
            [SupplierOrder(supplier_id="acme", supplier_order_no=None, shop_order_id="S1")]
        )
    assert batch == SupplierBatch()
    return slept


def test_exponential_backoff_with_jitter_then_success() -> None:
    supplier = Supplier(503, 500, httpx.ConnectTimeout("slow"), 200)
    assert pull(supplier, rand=0.0) == [0.5, 1.0, 1.5]  # half of 1, 2, min(4, 3): the jitter floor
    assert supplier.requests == 4


def test_retry_after_is_used_instead_of_backoff() -> None:
    assert pull(Supplier((429, {"Retry-After": "7"}), 200)) == [7.0]


def test_retry_after_as_an_http_date_is_honoured() -> None:
    now = 1_795_665_600.0  # Wed, 26 Nov 2026 04:00:00 GMT
    late = Supplier((503, {"Retry-After": "Wed, 26 Nov 2026 04:00:12 GMT"}), 200)
    assert pull(late, clock=lambda: now) == [12.0]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, SupplierConfigError),
        (401, SupplierAuthError),
        (403, SupplierAuthError),
        (404, SupplierConfigError),
    ],
)
def test_non_retryable_statuses_come_back_at_once(status: int, error: type[SupplierError]) -> None:
    supplier = Supplier(status)
    with pytest.raises(error) as caught:
        pull(supplier)
    assert caught.value.code == status and supplier.requests == 1


def test_attempts_are_bounded() -> None:
    supplier = Supplier(503, 503, 503, 503, 200)
    with pytest.raises(SupplierUnavailable) as caught:
        pull(supplier)
    assert caught.value.code == 503 and "4 times" in str(caught.value)
    assert supplier.requests == 4


def test_transport_errors_never_escape_raw() -> None:
    error = httpx.ConnectError("refused")
    with pytest.raises(SupplierUnavailable) as caught:
        pull(Supplier(error, error, error, error))
    assert "ConnectError" in str(caught.value) and caught.value.code is None


def test_a_long_retry_after_ends_the_pull_without_sleeping() -> None:
    supplier = Supplier((503, {"Retry-After": "600"}))
    with pytest.raises(SupplierUnavailable) as caught:
        pull(supplier)
    assert supplier.requests == 1 and "600" in str(caught.value)


def test_a_wait_past_the_deadline_ends_the_pull_at_once() -> None:
    supplier = Supplier((503, {"Retry-After": "5"}), 200)
    with within(Deadline(at=4.0, clock=lambda: 0.0)), pytest.raises(SupplierUnavailable) as caught:
        pull(supplier)
    assert supplier.requests == 1 and caught.value.code == 503
