"""``shared.cli.track`` against the emulator: one query, the normalised state and alerts as JSON."""

from __future__ import annotations

import json

import pytest

from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY
from shared.cli import track
from tests.contract.kuaidi100_harness import Rig


@pytest.fixture
def env(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> Rig:
    monkeypatch.setenv("KUAIDI100_CUSTOMER", DEFAULT_CUSTOMER)
    monkeypatch.setenv("KUAIDI100_KEY", DEFAULT_KEY)
    monkeypatch.setenv("KUAIDI100_BASE_URL", rig.emulator.base_url)
    return rig


def test_track_prints_state_and_alerts(env: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    env.control.add_parcel("78000000000003", "zhongtong", "rejected", phone="13800002222")
    pushed = env.control.now().isoformat()
    env.control.advance(hours=35)
    code = track.main(["78000000000003", "--courier", "中通", "--phone", "2222", "--pushed-at", pushed])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["state"] == "rejected" and out["provider_code"] == "14"
    assert [a["code"] for a in out["alerts"]] == ["rejected"]
    assert out["cell"].startswith("拒收 · ")


def test_track_reports_provider_errors(env: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    code = track.main(["78000000000004", "--courier", "ZTO", "--phone", "2222"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["error"]["class"] == "NoResultYet" and out["error"]["return_code"] == "500"
    assert DEFAULT_KEY not in json.dumps(out)


def test_track_usage(env: Rig, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert track.main(["78000000000004", "--courier", "nosuch"]) == 2
    monkeypatch.delenv("KUAIDI100_KEY")
    assert track.main(["78000000000004", "--courier", "ZTO"]) == 2
    assert track.main([]) == 2
