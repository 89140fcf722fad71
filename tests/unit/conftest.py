"""The unit lane (``make unit``): the pure core and parsing, in-process. No test here opens a network
socket or starts a process; the guard below makes either one fail the test, so the lane cannot drift
into needing a server (those tests belong in tests/contract or the e2e lane: see the Makefile).

Unix sockets stay allowed (asyncio's self-pipe is one).
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest


class NotInTheUnitLane(AssertionError):
    """A unit test reached for the network or a subprocess."""


def _network_refused(original: Any) -> Any:
    def guarded(self: socket.socket, address: Any, *args: Any) -> Any:
        if self.family == socket.AF_UNIX:
            return original(self, address, *args)
        raise NotInTheUnitLane(f"a unit test used a network socket ({address!r}): move it out of tests/unit")

    return guarded


@pytest.fixture(autouse=True)
def _no_network_no_processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("connect", "connect_ex", "bind"):
        monkeypatch.setattr(socket.socket, name, _network_refused(getattr(socket.socket, name)))

    def no_process(*args: Any, **kwargs: Any) -> None:
        raise NotInTheUnitLane(f"a unit test started a process ({args[1:2]!r}): move it out of tests/unit")

    monkeypatch.setattr(subprocess.Popen, "__init__", no_process)
    yield
