"""Each emulator's command line (``python -m emulators.<name>``) as a developer runs it: a subprocess
that prints where it serves, then answers there."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def test_supplier_api_serves_on_the_given_port() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "emulators.supplier_api", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        url = banner.split(" on ")[1].split()[0]
        answer = httpx.get(url + "/api/v1/orders", headers={"Authorization": "Bearer test-token"}, timeout=5)
        assert answer.json()["data"]["total"] == 0
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_wechat_shop_prints_credentials_and_serves() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "emulators.wechat_shop",
            "--port",
            "0",
            "--appid",
            "wxcli",
            "--secret",
            "s3cret",
            "--seed",
            "3",
            "--orders",
            "2",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        url = lines[0].split()[-1]
        assert "wxcli" in lines[1] and "s3cret" in lines[2]
        token = httpx.get(
            f"{url}/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": "wxcli", "secret": "s3cret"},
        ).json()
        assert token["expires_in"] == 7200
        assert len(httpx.get(f"{url}/_emulator/orders").json()["orders"]) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_sheets_serves_and_saves_on_sigterm(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulators.sheets", "--port", "0", "--state", str(state)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split(" on ", 1)[1].split(" ", 1)[0]
        r = httpx.post(f"{url}/v4/spreadsheets", json={"properties": {"title": "cli"}})
        assert r.status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert '"title": "cli"' in state.read_text(encoding="utf-8")


def test_kuaidi100_runs_as_a_module() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulators.kuaidi100", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split(" on ")[1].split(" ")[0]
        deadline = time.monotonic() + 10
        while True:
            try:
                assert httpx.get(url + "/_emulator/clock").status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
