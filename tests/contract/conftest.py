from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulators.control import Kuaidi100Control
from emulators.kuaidi100 import Kuaidi100Emulator
from tests.contract.kuaidi100_harness import Callback, FakeClock, Rig, serve_callback


@pytest.fixture
def rig(kuaidi100_emulator: Kuaidi100Emulator) -> Iterator[Rig]:
    with Kuaidi100Control(kuaidi100_emulator.base_url) as control:
        yield Rig(kuaidi100_emulator, control, FakeClock(), [])


@pytest.fixture
def callback() -> Iterator[Callback]:
    yield from serve_callback(Callback(salt="s3cret-salt"))
