"""What the command-line tests share: a command run in this process with no deployment configured
(no credentials, no emulator, no shops), its exit code and what it printed on stderr."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shared.cli.__main__ import main

OfflineRun = Callable[[list[str]], tuple[int, str]]


@pytest.fixture
def offline_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> OfflineRun:
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "WAYBILL_SHEETS_API_BASE", "WAYBILL_SHOPS"):
        monkeypatch.delenv(name, raising=False)

    def run(argv: list[str]) -> tuple[int, str]:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
        return code, capsys.readouterr().err

    return run
