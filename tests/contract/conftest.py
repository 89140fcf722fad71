from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulators.kuaidi100 import Kuaidi100Emulator
from tests.contract.kuaidi100_harness import Callback, Control, FakeClock, Rig, serve_callback


@pytest.fixture
def rig(kuaidi100_emulator: Kuaidi100Emulator) -> Iterator[Rig]:
    control = Control(kuaidi100_emulator.base_url)
    yield Rig(kuaidi100_emulator, control, FakeClock(), [])
    control.http.close()


@pytest.fixture
def callback() -> Iterator[Callback]:
    yield from serve_callback(Callback(salt="s3cret-salt"))
