"""The loop: the adapter's verdicts, the policy's refusals and the deadline, with a fake clock that
the fake sleep moves (no test sleeps)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared import retry
from shared.retry import AGAIN, GIVE_UP, REFRESH, Deadline, RetryPolicy, Verdict, again_after

POLICY = RetryPolicy(attempts=4, base_delay=1.0, max_delay=8.0, max_wait=30.0)


class Busy(Exception):
    """Retryable, with an optional hint."""

    def __init__(self, after: float | None = None) -> None:
        super().__init__("busy")
        self.after = after


class Stale(Exception):
    """The credentials went stale."""


class Refused(Exception):
    """Not retryable."""


def classify(error: Exception) -> Verdict:
    if isinstance(error, Busy):
        return again_after(error.after)
    if isinstance(error, Stale):
        return REFRESH
    return GIVE_UP


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Script:
    """Raises the given errors in turn, then answers "ok"."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def run(
    script: Callable[[], str],
    clock: Clock,
    *,
    policy: RetryPolicy = POLICY,
    deadline: Deadline | None = None,
    refresh: Callable[[], object] | None = None,
    rand: float = 0.0,
) -> str:
    return retry.call(
        script, classify, policy, sleep=clock.sleep, rand=lambda: rand, refresh=refresh, deadline=deadline
    )


def test_a_first_answer_is_returned_without_waiting() -> None:
    clock = Clock()
    assert run(Script(), clock) == "ok" and clock.slept == []


def test_retries_back_off_then_the_answer_comes_back() -> None:
    clock, script = Clock(), Script(Busy(), Busy(), Busy())
    assert run(script, clock) == "ok"
    assert script.calls == 4 and clock.slept == [0.5, 1.0, 2.0]
    assert all(type(s) is float for s in clock.slept)  # plain floats, not tenacity's own type


def test_the_last_failure_is_raised_unchanged_after_the_attempts() -> None:
    last = Busy()
    clock, script = Clock(), Script(Busy(), Busy(), Busy(), last, Busy())
    with pytest.raises(Busy) as raised:
        run(script, clock)
    assert raised.value is last and script.calls == 4 and len(clock.slept) == 3


def test_a_failure_the_adapter_gives_up_on_is_raised_at_once() -> None:
    refused = Refused()
    clock, script = Clock(), Script(Busy(), refused)
    with pytest.raises(Refused) as raised:
        run(script, clock)
    assert raised.value is refused and script.calls == 2 and clock.slept == [0.5]


def test_an_interrupt_is_never_retried_nor_classified() -> None:
    asked: list[BaseException] = []

    def nosy(error: Exception) -> Verdict:
        asked.append(error)
        return AGAIN

    script = Script(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        retry.call(script, nosy, POLICY, sleep=Clock().sleep)
    assert script.calls == 1 and asked == []


def test_a_hint_longer_than_the_longest_wait_ends_the_call() -> None:
    clock, script = Clock(), Script(Busy(after=31.0))
    with pytest.raises(Busy):
        run(script, clock)
    assert script.calls == 1 and clock.slept == []


def test_a_stale_credential_is_refreshed_once_before_the_next_try() -> None:
    order: list[str] = []
    clock = Clock()

    def attempt() -> str:
        order.append("try")
        return script()

    script = Script(Stale(), Busy())
    assert run(attempt, clock, refresh=lambda: order.append("refresh")) == "ok"
    assert order == ["try", "refresh", "try", "try"] and clock.slept == [0.5]

    again = Script(Stale(), Stale())
    with pytest.raises(Stale):
        run(again, clock, refresh=lambda: order.append("refresh"))
    assert again.calls == 2


def test_without_a_refresh_a_stale_credential_ends_the_call() -> None:
    script = Script(Stale())
    with pytest.raises(Stale):
        run(script, Clock())
    assert script.calls == 1


def test_a_failing_refresh_is_read_like_any_failure() -> None:
    refreshes = Script(Busy())  # the first refresh fails with a retryable error
    clock, script = Clock(), Script(Stale())
    assert run(script, clock, refresh=refreshes) == "ok"
    assert refreshes.calls == 1 and script.calls == 2 and clock.slept == [0.5]


def test_a_wait_past_the_deadline_is_not_taken() -> None:
    clock = Clock()
    deadline = Deadline(at=2.0, clock=lambda: clock.now)
    last = Busy()
    script = Script(Busy(), Busy(), last, Busy())
    with pytest.raises(Busy) as raised:
        run(script, clock, deadline=deadline)
    # 0.5 s, then 1.0 s (ends at 1.5); the next 2.0 s would end at 3.5: the call ends at once
    assert clock.slept == [0.5, 1.0] and script.calls == 3 and raised.value is last


def test_the_invocation_deadline_applies_without_being_passed() -> None:
    clock = Clock()
    with retry.within(Deadline(at=1.0, clock=lambda: clock.now)):
        with pytest.raises(Busy):
            run(Script(Busy(after=1.5)), clock)
        assert run(Script(Busy(after=1.0)), clock) == "ok"  # ends exactly at the deadline
    assert clock.slept == [1.0]
    assert run(Script(Busy(after=1.5)), clock) == "ok"  # outside: only the policy bounds it


@settings(max_examples=200, deadline=None)
@given(
    budget=st.floats(min_value=0.0, max_value=120.0),
    calls=st.lists(
        st.lists(st.one_of(st.none(), st.floats(min_value=0.0, max_value=40.0)), max_size=6), max_size=8
    ),
    rand=st.floats(min_value=0.0, max_value=1.0),
)
def test_all_the_waits_of_an_invocation_together_stay_within_its_deadline(
    budget: float, calls: list[list[float | None]], rand: float
) -> None:
    clock = Clock()
    with retry.within(Deadline.after(budget, clock=lambda: clock.now)):
        for hints in calls:
            with contextlib.suppress(Busy):
                run(Script(*(Busy(after=h) for h in hints)), clock, rand=rand)
    assert sum(clock.slept) <= budget + 1e-9
