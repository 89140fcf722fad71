"""The WeChat client's reading of failures (shared/wechat/retry_rules.py) in the one retry loop
(shared/retry), with a fake sleep and a fixed random draw (no test sleeps)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from shared import retry
from shared.retry import RetryPolicy
from shared.wechat.errors import (
    BusyError,
    ConcurrentUpdateError,
    DailyQuotaError,
    InvalidWaybillError,
    MinuteQuotaError,
    ServerError,
    TokenInvalidError,
    TransportError,
    WeChatError,
    error_for,
)
from shared.wechat.retry_rules import DEFAULT_RETRY, classify


class Script:
    """Raises the given errors in turn, then returns "ok"; counts calls."""

    def __init__(self, *errors: WeChatError) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def run(
    fn: Callable[[], str],
    policy: RetryPolicy,
    *,
    rand: float = 0.5,
    now: float = 1000.0,
    idempotent: bool = True,
) -> tuple[str, list[float]]:
    sleeps: list[float] = []
    result = retry.call(
        fn,
        lambda error: classify(error, idempotent=idempotent, now=now),
        policy,
        sleep=sleeps.append,
        rand=lambda: rand,
    )
    return result, sleeps


def busy() -> BusyError:
    return BusyError(-1, "system error rid: 1-2-3")


def test_busy_is_retried_with_exponential_backoff_and_jitter() -> None:
    script = Script(busy(), busy(), busy())
    result, sleeps = run(script, replace(DEFAULT_RETRY, attempts=5, base_delay=1.0), rand=0.0)
    assert result == "ok" and script.calls == 4
    assert sleeps == [0.5, 1.0, 2.0]  # half of 1, 2, 4 with rand=0
    _, sleeps_hi = run(Script(busy(), busy()), replace(DEFAULT_RETRY, base_delay=1.0), rand=0.999)
    assert sleeps_hi[0] == pytest.approx(0.9995) and sleeps_hi[1] == pytest.approx(1.999)


def test_attempts_are_bounded_and_the_last_error_is_raised() -> None:
    script = Script(busy(), busy(), busy(), busy())
    with pytest.raises(BusyError):
        run(script, replace(DEFAULT_RETRY, attempts=3))
    assert script.calls == 3


def test_backoff_is_capped_and_a_wait_over_the_cap_is_not_taken() -> None:
    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=4.0, max_wait=4.0)
    _, sleeps = run(Script(*[busy() for _ in range(5)]), policy, rand=1.0)  # the top of the jitter
    assert sleeps == [1.0, 2.0, 4.0, 4.0, 4.0]
    slow = ServerError(None, "HTTP 503", retry_after=30.0)
    script = Script(slow)
    with pytest.raises(ServerError):
        run(script, policy, rand=1.0)
    assert script.calls == 1


def test_retry_after_is_honoured() -> None:
    _, sleeps = run(
        Script(ServerError(None, "HTTP 503", retry_after=7.0)), replace(DEFAULT_RETRY, base_delay=1.0)
    )
    assert sleeps == [7.0]


def test_minute_quota_waits_for_the_next_minute() -> None:
    error = error_for(45011, "api minute-quota reach limit")
    assert isinstance(error, MinuteQuotaError)
    _, sleeps = run(Script(error), replace(DEFAULT_RETRY, base_delay=1.0), now=6000.0 + 42.0)
    assert sleeps == [19.0]  # 18 s to the boundary plus one


@pytest.mark.parametrize(
    "error",
    [
        DailyQuotaError(45009, "reach max api daily quota limit"),
        InvalidWaybillError(606005, ", waybill_id invalid"),
        WeChatError(999999, "unknown"),
    ],
)
def test_non_retryable_errors_are_raised_at_once(error: WeChatError) -> None:
    script = Script(error)
    with pytest.raises(type(error)):
        run(script, DEFAULT_RETRY)
    assert script.calls == 1


def test_concurrent_update_is_retried() -> None:
    result, sleeps = run(Script(ConcurrentUpdateError(100003, "too frequent")), DEFAULT_RETRY)
    assert result == "ok" and len(sleeps) == 1


def test_transport_errors_of_writes_are_retried_only_when_nothing_was_sent() -> None:
    lost = TransportError("ReadTimeout", request_sent=True)
    script = Script(lost)
    with pytest.raises(TransportError):
        run(script, DEFAULT_RETRY, idempotent=False)
    assert script.calls == 1
    result, _ = run(
        Script(TransportError("ConnectError", request_sent=False)), DEFAULT_RETRY, idempotent=False
    )
    assert result == "ok"
    result, _ = run(Script(TransportError("ReadTimeout", request_sent=True)), DEFAULT_RETRY, idempotent=True)
    assert result == "ok"


def test_non_wechat_exceptions_are_not_swallowed() -> None:
    def boom() -> str:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run(boom, DEFAULT_RETRY)


def test_a_stale_token_is_refreshed_once_per_call_without_a_wait() -> None:
    stale = TokenInvalidError(42001, "access_token expired")
    refreshes: list[str] = []

    def refresh() -> None:
        refreshes.append("new")

    script = Script(stale, busy())
    sleeps: list[float] = []
    result = retry.call(
        script,
        lambda error: classify(error, idempotent=True, now=0.0),
        DEFAULT_RETRY,
        sleep=sleeps.append,
        rand=lambda: 0.0,
        refresh=refresh,
    )
    assert (result, script.calls, refreshes) == ("ok", 3, ["new"])
    assert sleeps == [0.5]  # the busy answer waited; the replay after the refresh did not

    twice = Script(TokenInvalidError(40001, "invalid credential"), TokenInvalidError(40001, "again"))
    with pytest.raises(TokenInvalidError):
        retry.call(
            twice,
            lambda error: classify(error, idempotent=True, now=0.0),
            DEFAULT_RETRY,
            sleep=sleeps.append,
            refresh=refresh,
        )
    assert twice.calls == 2 and refreshes == ["new", "new"]


def test_a_refresh_does_not_use_up_an_attempt() -> None:
    script = Script(TokenInvalidError(42001, "expired"), busy())
    result, _ = run_with_refresh(script, replace(DEFAULT_RETRY, attempts=2))
    assert result == "ok" and script.calls == 3


def run_with_refresh(fn: Callable[[], str], policy: RetryPolicy) -> tuple[str, list[float]]:
    sleeps: list[float] = []
    result = retry.call(
        fn,
        lambda error: classify(error, idempotent=True, now=0.0),
        policy,
        sleep=sleeps.append,
        rand=lambda: 0.5,
        refresh=lambda: None,
    )
    return result, sleeps
