"""The pure policy: one jitter rule, hints as floors, and the four reasons a wait is refused."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.retry import AGAIN, Refusal, RetryPolicy, again_after

POLICY = RetryPolicy(attempts=5, base_delay=1.0, max_delay=8.0, max_wait=30.0, max_total_wait=40.0)


def test_the_step_doubles_up_to_its_cap() -> None:
    assert [POLICY.backoff(n, 1.0) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_the_jitter_spans_half_to_all_of_the_step() -> None:
    assert POLICY.backoff(3, 0.0) == 2.0  # the floor: half of 4
    assert POLICY.backoff(3, 0.5) == 3.0
    assert POLICY.backoff(3, 1.0) == 4.0
    assert POLICY.backoff(3, 0.999) == pytest.approx(3.998)


@settings(max_examples=300, deadline=None)
@given(
    retry_number=st.integers(min_value=1, max_value=64),
    rand=st.floats(min_value=0.0, max_value=1.0),
    base=st.floats(min_value=0.0, max_value=100.0),
    cap=st.floats(min_value=0.0, max_value=1000.0),
)
def test_a_jittered_wait_stays_between_half_and_all_of_its_step(
    retry_number: int, rand: float, base: float, cap: float
) -> None:
    policy = RetryPolicy(base_delay=base, max_delay=cap)
    step = min(cap, base * 2 ** (retry_number - 1))
    wait = policy.backoff(retry_number, rand)
    assert step / 2 <= wait <= step


@settings(max_examples=100, deadline=None)
@given(retry_number=st.integers(min_value=1, max_value=10**6), rand=st.floats(allow_nan=False))
def test_any_draw_and_any_retry_number_stay_within_the_cap(retry_number: int, rand: float) -> None:
    wait = POLICY.backoff(retry_number, rand)
    assert 0.0 <= wait <= POLICY.max_delay and math.isfinite(wait)


def test_a_hint_is_a_floor_not_a_replacement() -> None:
    assert POLICY.wait(again_after(7.0), 1, 0.0) == 7.0  # longer than the step: the hint
    assert POLICY.wait(again_after(0.1), 3, 0.0) == 2.0  # shorter than the step: the step
    assert POLICY.wait(AGAIN, 2, 0.5) == 1.5


def test_the_attempt_cap_counts_the_first_try() -> None:
    assert POLICY.refusal(failed=4, wait=1.0, waited=0.0, remaining=None) is None
    assert POLICY.refusal(failed=5, wait=1.0, waited=0.0, remaining=None) is Refusal.ATTEMPTS


def test_a_single_wait_above_the_longest_is_refused() -> None:
    assert POLICY.refusal(failed=1, wait=30.0, waited=0.0, remaining=None) is None
    assert POLICY.refusal(failed=1, wait=30.5, waited=0.0, remaining=None) is Refusal.TOO_LONG


def test_the_waits_of_one_call_are_bounded_together() -> None:
    assert POLICY.refusal(failed=2, wait=10.0, waited=30.0, remaining=None) is None
    assert POLICY.refusal(failed=2, wait=10.5, waited=30.0, remaining=None) is Refusal.TOTAL


def test_a_wait_that_would_end_after_the_deadline_is_refused() -> None:
    assert POLICY.refusal(failed=1, wait=3.0, waited=0.0, remaining=3.0) is None
    assert POLICY.refusal(failed=1, wait=3.0, waited=0.0, remaining=2.9) is Refusal.DEADLINE
    assert POLICY.refusal(failed=1, wait=0.5, waited=0.0, remaining=0.0) is Refusal.DEADLINE


@pytest.mark.parametrize(
    "bad",
    [
        {"attempts": 0},
        {"base_delay": -1.0},
        {"max_wait": -0.5},
    ],
)
def test_a_policy_that_cannot_work_is_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**bad)  # type: ignore[arg-type]
