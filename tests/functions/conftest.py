"""The functions as deployed: served by functions-framework on loopback, configured by environment."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from demo.local_functions import LocalFunctions, serve
from functions import deps as function_deps
from tests.e2e.world import World, world


@dataclass
class Deployed:
    world: World
    functions: LocalFunctions

    def settle(self) -> None:
        """Wait until the work the public functions handed on (Pub/Sub) is done by refresh/sync."""
        assert self.functions.settle(60), "the handed-on work did not finish within 60 s"


@pytest.fixture
def deployed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deployed]:
    with world(tmp_path) as w:
        for name, value in w.env(tmp_path / "journal").items():
            monkeypatch.setenv(name, value)
        function_deps.reset()
        served = serve()
        for name, value in served.pubsub_env().items():
            monkeypatch.setenv(name, value)
        try:
            yield Deployed(w, served)
        finally:
            served.stop()
            function_deps.reset()
