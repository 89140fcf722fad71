from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulators.control import Kuaidi100Control
from emulators.kuaidi100 import Kuaidi100Emulator
from tests.contract.kuaidi100_harness import Callback, FakeClock, Rig, serve_callback


@pytest.fixture
def rig() -> Iterator[Rig]:
    with Kuaidi100Emulator(push_timeout=5) as emulator, Kuaidi100Control(emulator.base_url) as control:
        yield Rig(emulator, control, FakeClock(), [])


@pytest.fixture
def callback() -> Iterator[Callback]:
    yield from serve_callback(Callback(salt="s3cret-salt"))
