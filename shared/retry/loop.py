"""The one retry loop. tenacity runs it; every decision in it is ours.

``call(attempt, classify, policy)`` tries ``attempt()`` until it returns, or until a failure may not
be retried; then that failure is raised unchanged, so each adapter keeps its own error family:

* ``classify`` (the adapter's) reads each exception as a :class:`~shared.retry.policy.Verdict`:
  give up, retry (with the other side's hint), or refresh the credentials and retry at once.
* the policy turns a retry into a wait (one jitter rule) or refuses it (attempts, longest wait,
  total of the call's waits, the deadline), see :mod:`shared.retry.policy`.
* the deadline is the invocation's (:func:`~shared.retry.deadline.active_deadline`) unless one is
  passed in.

tenacity's three hooks map onto these: ``retry`` asks the adapter, ``wait`` asks the policy for the
wait, ``stop`` asks the policy whether that wait may be taken. A refresh runs at the start of the
next try (so a failure of the refresh itself is classified like any other), is not counted as an
attempt and is not waited for; a second stale answer in the same call ends it.

``sleep`` is called once before every retry but a refresh, with the wait in seconds; ``rand``
(a draw in [0, 1)) once per such wait. Both are injected so no test sleeps or depends on chance.
Only this module imports tenacity.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Generic, TypeVar

import tenacity

from shared.retry.deadline import Deadline, active_deadline
from shared.retry.policy import GIVE_UP, RetryPolicy, Verdict

T = TypeVar("T")

log = logging.getLogger(__name__)


def call(
    attempt: Callable[[], T],
    classify: Callable[[Exception], Verdict],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    rand: Callable[[], float] = random.random,
    refresh: Callable[[], object] | None = None,
    deadline: Deadline | None = None,
) -> T:
    """``attempt()``, retried as ``classify`` and ``policy`` allow; its last failure is raised as is.

    ``refresh``: renews the credentials when ``classify`` answers ``REFRESH`` (without it, such an
    answer ends the call). Exceptions that are not ``Exception`` (KeyboardInterrupt ...) are never
    retried.
    """
    run = _Run(
        attempt, classify, policy, rand, refresh, deadline if deadline is not None else active_deadline()
    )
    retrying = tenacity.Retrying(
        retry=run.retry,
        wait=run.wait,
        stop=run.stop,
        sleep=lambda seconds: run.sleep(sleep, float(seconds)),
        reraise=True,
    )
    return retrying(run.attempt)


class _Run(Generic[T]):
    """The state of one call: tries that failed, seconds waited, whether the refresh was used."""

    def __init__(
        self,
        attempt: Callable[[], T],
        classify: Callable[[Exception], Verdict],
        policy: RetryPolicy,
        rand: Callable[[], float],
        refresh: Callable[[], object] | None,
        deadline: Deadline | None,
    ) -> None:
        self._attempt, self._classify, self._policy = attempt, classify, policy
        self._rand, self._refresh, self._deadline = rand, refresh, deadline
        self.failed = 0
        self.waited = 0.0
        self.refreshed = False
        self._replay = False  # the next try follows a refresh: no wait, not counted
        self._verdict = GIVE_UP

    def attempt(self) -> T:
        if self._replay:
            self._replay = False
            assert self._refresh is not None
            self._refresh()
        return self._attempt()

    def retry(self, state: tenacity.RetryCallState) -> bool:
        outcome = state.outcome
        if outcome is None or not outcome.failed:
            return False
        error = outcome.exception()
        if not isinstance(error, Exception):
            return False
        verdict = self._classify(error)
        if verdict.refresh:
            if self._refresh is None or self.refreshed:
                return False
            self.refreshed = self._replay = True
            log.info("retry: %s, refreshing the credentials once", type(error).__name__)
            return True
        if not verdict.retry:
            return False
        self.failed += 1
        self._verdict = verdict
        return True

    def wait(self, state: tenacity.RetryCallState) -> float:
        if self._replay:
            return 0.0
        return self._policy.wait(self._verdict, self.failed, self._rand())

    def stop(self, state: tenacity.RetryCallState) -> bool:
        if self._replay:
            return False
        wait = state.upcoming_sleep
        remaining = self._deadline.remaining() if self._deadline is not None else None
        refusal = self._policy.refusal(failed=self.failed, wait=wait, waited=self.waited, remaining=remaining)
        if refusal is not None:
            error = state.outcome.exception() if state.outcome is not None else None
            log.info("retry: giving up on %s: %s (%.3g s)", type(error).__name__, refusal.value, wait)
            return True
        self.waited += wait
        return False

    def sleep(self, sleep: Callable[[float], None], seconds: float) -> None:
        if not self._replay:
            sleep(seconds)
