"""The invocation's deadline: opened once, read by every loop inside, carried into thread pools."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from shared.retry import Deadline, active_deadline, carry, within


class Clock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_remaining_counts_down_to_zero() -> None:
    clock = Clock(100.0)
    deadline = Deadline.after(30.0, clock=clock)
    assert deadline.remaining() == 30.0 and deadline.allows(30.0) and not deadline.allows(30.5)
    clock.now = 125.0
    assert deadline.remaining() == 5.0
    clock.now = 200.0
    assert deadline.remaining() == 0.0 and deadline.allows(0.0) and not deadline.allows(0.1)


def test_a_block_has_the_deadline_and_an_inner_block_cannot_extend_it() -> None:
    clock = Clock()
    outer, later, sooner = (Deadline(at, clock) for at in (10.0, 20.0, 5.0))
    assert active_deadline() is None
    with within(outer):
        assert active_deadline() is outer
        with within(later) as effective:
            assert effective is outer and active_deadline() is outer
        with within(sooner):
            assert active_deadline() is sooner
        assert active_deadline() is outer
    assert active_deadline() is None


def seen(_n: int) -> Deadline | None:
    return active_deadline()


def test_a_thread_pool_sees_the_deadline_only_when_carried() -> None:
    deadline = Deadline(10.0, Clock())
    with within(deadline), ThreadPoolExecutor(max_workers=2) as pool:
        bare = list(pool.map(seen, range(2)))
        carried = list(pool.map(carry(seen), range(2)))
    assert bare == [None, None] and carried == [deadline, deadline]
