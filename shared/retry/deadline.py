"""The deadline of an invocation: the moment after which no retry wait may end.

A function has a time limit; the waits inside it must not push it past that limit, however many
clients and calls a tick makes. The invocation creates one :class:`Deadline` when it starts (for
the deployed functions: ``shared.app.wiring.invocation_deadline``) and opens it with :func:`within`;
every retry loop run inside that block reads it with :func:`active_deadline`. The clients are built
once per process and shared between invocations, so the deadline is not a constructor argument:
it travels with the invocation (a context variable), not with the client.

A thread pool does not inherit it: a client that fans out wraps its work with :func:`carry`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Deadline:
    """``at`` is a reading of ``clock`` (monotonic seconds by default)."""

    at: float
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> Deadline:
        """The deadline ``seconds`` from now on ``clock``."""
        return cls(clock() + max(0.0, seconds), clock)

    def remaining(self) -> float:
        """Seconds left (0.0 once passed)."""
        return max(0.0, self.at - self.clock())

    def allows(self, wait: float) -> bool:
        """Whether a wait of ``wait`` seconds starting now ends by the deadline."""
        return wait <= self.remaining()


_ACTIVE: ContextVar[Deadline | None] = ContextVar("waybill_retry_deadline", default=None)


def active_deadline() -> Deadline | None:
    """The deadline of the invocation running here, or None outside any (no bound but the policy's)."""
    return _ACTIVE.get()


@contextmanager
def within(deadline: Deadline) -> Iterator[Deadline]:
    """Run the block under ``deadline``. Inside a block that already has one, the earlier one holds."""
    outer = _ACTIVE.get()
    effective = deadline if outer is None or deadline.remaining() < outer.remaining() else outer
    token = _ACTIVE.set(effective)
    try:
        yield effective
    finally:
        _ACTIVE.reset(token)


def carry(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn``, run under the deadline active where ``carry`` is called, in whichever thread runs it."""
    deadline = _ACTIVE.get()
    if deadline is None:
        return fn

    def under_deadline(*args: P.args, **kwargs: P.kwargs) -> R:
        with within(deadline):
            return fn(*args, **kwargs)

    return under_deadline
