"""``python -m emulators.supplier_api --port N`` as a developer runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]


def test_the_module_serves_on_the_given_port() -> None:
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
