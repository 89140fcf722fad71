"""One rig (the emulators, the supplier API and moto's S3 server) for the quick slice and the
self-test: building it once keeps the slice within its time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.fworld import Rig, rig


@pytest.fixture(scope="package")
def fault_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    with rig(Path(tmp_path_factory.mktemp("faults")), with_s3=True) as made:
        yield made
