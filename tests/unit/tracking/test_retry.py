"""The tracking client's reading of failures (shared/tracking/retry_rules.py) in the one retry loop:
backoff with jitter, Retry-After, and what is never retried."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shared import retry
from shared.retry import RetryPolicy
from shared.tracking import NoResultYet, ProviderUnavailable, ReplyOutOfBounds
from shared.tracking.retry_rules import classify


class Flaky:
    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def with_retry(
    call: Callable[[], str], policy: RetryPolicy, *, sleep: Callable[[float], None], rand: float
) -> str:
    return retry.call(call, classify, policy, sleep=sleep, rand=lambda: rand)


def test_backoff_grows_and_is_jittered() -> None:
    sleeps: list[float] = []
    call = Flaky(ProviderUnavailable("busy"), ProviderUnavailable("busy"), ProviderUnavailable("busy"))
    policy = RetryPolicy(attempts=4, base_delay=1.0, max_delay=3.0)
    assert with_retry(call, policy, sleep=sleeps.append, rand=0.0) == "ok"
    assert sleeps == [0.5, 1.0, 1.5]  # the jitter's floor: half of min(3, 1, 2, 4)
    assert call.calls == 4


def test_bounded() -> None:
    sleeps: list[float] = []
    call = Flaky(*(ProviderUnavailable("busy") for _ in range(5)))
    with pytest.raises(ProviderUnavailable):
        with_retry(call, RetryPolicy(attempts=3), sleep=sleeps.append, rand=1.0)
    assert call.calls == 3 and len(sleeps) == 2


def test_retry_after_wins_and_a_long_one_is_not_waited_for() -> None:
    sleeps: list[float] = []
    call = Flaky(ProviderUnavailable("busy", retry_after=7))
    assert with_retry(call, RetryPolicy(), sleep=sleeps.append, rand=0.0) == "ok"
    assert sleeps == [7]
    long_wait = Flaky(ProviderUnavailable("busy", retry_after=3600))
    with pytest.raises(ProviderUnavailable):
        with_retry(long_wait, RetryPolicy(), sleep=sleeps.append, rand=0.0)
    assert long_wait.calls == 1 and sleeps == [7]


@pytest.mark.parametrize(
    "error", [NoResultYet("查询无结果", return_code="500"), ReplyOutOfBounds("reply too large")]
)
def test_answers_and_out_of_bounds_replies_are_not_retried(error: Exception) -> None:
    call = Flaky(error)
    with pytest.raises(type(error)):
        with_retry(call, RetryPolicy(), sleep=lambda _s: None, rand=0.0)
    assert call.calls == 1
