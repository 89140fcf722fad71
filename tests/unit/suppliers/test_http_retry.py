"""The one retry loop: bounded, exponential backoff with jitter, Retry-After honoured."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from shared.suppliers.errors import SupplierUnavailable
from shared.suppliers.http_retry import RetryPolicy, backoff, retry_after_seconds, send_with_retry

POLICY = RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=3.0, max_retry_after=30.0)


def scripted(*steps: int | Exception, headers: dict[str, str] | None = None) -> Callable[[], httpx.Response]:
    queue = list(steps)

    def send() -> httpx.Response:
        step = queue.pop(0)
        if isinstance(step, Exception):
            raise step
        return httpx.Response(step, headers=headers or {})

    return send


def run(send: Callable[[], httpx.Response], rand: float = 0.5) -> tuple[httpx.Response, list[float]]:
    slept: list[float] = []
    response = send_with_retry(send, POLICY, supplier_id="acme", sleep=slept.append, rand=lambda: rand)
    return response, slept


def test_exponential_backoff_with_jitter_then_success() -> None:
    response, slept = run(scripted(503, 500, httpx.ConnectTimeout("slow"), 200), rand=0.0)
    assert response.status_code == 200
    assert slept == [0.5, 1.0, 1.5]  # half of 1, 2, min(4, 3): the jitter floor


def test_jitter_stays_between_half_and_all_of_the_step() -> None:
    assert backoff(2, POLICY, lambda: 0.0) == 1.0
    assert backoff(2, POLICY, lambda: 0.999) == pytest.approx(2.0, abs=0.01)


def test_retry_after_is_used_instead_of_backoff() -> None:
    response, slept = run(scripted(429, 200, headers={"Retry-After": "7"}))
    assert response.status_code == 200 and slept == [7.0]


def test_non_retryable_statuses_come_back_at_once() -> None:
    for status in (200, 400, 401, 403, 404):
        response, slept = run(scripted(status))
        assert (response.status_code, slept) == (status, [])


def test_attempts_are_bounded() -> None:
    with pytest.raises(SupplierUnavailable) as caught:
        run(scripted(503, 503, 503, 503, 200))
    assert caught.value.code == 503 and "4 times" in str(caught.value)


def test_transport_errors_never_escape_raw() -> None:
    error = httpx.ConnectError("refused")
    with pytest.raises(SupplierUnavailable) as caught:
        run(scripted(error, error, error, error))
    assert "ConnectError" in str(caught.value)


def test_a_long_retry_after_ends_the_pull_without_sleeping() -> None:
    slept: list[float] = []
    with pytest.raises(SupplierUnavailable):
        send_with_retry(
            scripted(503, headers={"Retry-After": "600"}),
            POLICY,
            supplier_id="acme",
            sleep=slept.append,
            rand=lambda: 0.5,
        )
    assert slept == []


def test_retry_after_as_seconds_or_http_date() -> None:
    now = lambda: 1_795_665_600.0  # noqa: E731 - Wed, 26 Nov 2026 04:00:00 GMT
    assert retry_after_seconds("12", now) == 12.0
    assert retry_after_seconds("Wed, 26 Nov 2026 04:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Wed, 26 Nov 2026 03:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
