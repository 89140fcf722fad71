"""``python -m shared.cli doctor`` in a subprocess, with the environment a deployed function gets,
against the emulators (WeChat Shop, Sheets, Kuaidi100) and an S3 journal on moto's server: all green;
then with systems down: each one named, with how to fix it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from emulators.kuaidi100.server import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator
from emulators.supplier_api.server import serve as serve_suppliers
from emulators.supplier_api.state import DEFAULT_TOKEN
from shared.app.config import AppConfig
from shared.app.health import Status, check_settings, check_suppliers, check_timer
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import WATERMARK
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.journal.s3_store import make_client
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from tests.e2e.world import world

ROOT = Path(__file__).resolve().parents[2]
_OURS = ("WAYBILL_", "KUAIDI100_", "AWS_", "GOOGLE_APPLICATION_CREDENTIALS")


@dataclass
class Deployment:
    env: dict[str, str]
    kuaidi100: Kuaidi100Emulator


@pytest.fixture
def deployment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moto_endpoint: str, kuaidi100_emulator: Kuaidi100Emulator
) -> Iterator[Deployment]:
    endpoint, tracking = moto_endpoint, kuaidi100_emulator
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"doctor-journal-{uuid.uuid4().hex[:8]}"  # moto's server is the session's
    make_client(endpoint).create_bucket(Bucket=bucket)
    with world(tmp_path) as w:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
        env.update(w.env(tmp_path / "journal"))
        env.update(
            {
                "WAYBILL_JOURNAL_BUCKET": bucket,
                "WAYBILL_JOURNAL_ENDPOINT": endpoint,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "KUAIDI100_CUSTOMER": DEFAULT_CUSTOMER,
                "KUAIDI100_KEY": DEFAULT_KEY,
                "KUAIDI100_BASE_URL": tracking.base_url,
            }
        )
        yield Deployment(env, tracking)


def _doctor(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", "doctor"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _line(output: str, system: str) -> str:
    found = [line for line in output.splitlines() if system in line]
    assert found, f"no line for {system} in:\n{output}"
    return found[0]


def _fix_after(output: str, system: str) -> str:
    lines = output.splitlines()
    index = next(i for i, line in enumerate(lines) if system in line)
    return lines[index + 1]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # nothing listens there any more


def test_all_green_against_the_emulators(deployment: Deployment) -> None:
    result = _doctor(deployment.env)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    for system in ("Settings", "Google Sheet", "WeChat Shop", "Kuaidi100", "Journal ", "conditional writes"):
        assert _line(result.stdout, system).startswith("OK"), system
    assert _line(result.stdout, "Supplier APIs").startswith("SKIP")
    assert _line(result.stdout, "Sync timer").startswith("WARN")  # no tick has run in this deployment
    assert "FAIL" not in result.stdout and "all configured systems work" in result.stdout


def test_systems_down_are_named_with_how_to_fix_them(deployment: Deployment) -> None:
    env = {**deployment.env, "WAYBILL_WECHAT_API_BASE": f"http://127.0.0.1:{_closed_port()}"}
    deployment.kuaidi100.stop()  # the tracking provider's emulator is gone
    result = _doctor(env)
    print(result.stdout)
    assert result.returncode == 1
    assert _line(result.stdout, "WeChat Shop").startswith("FAIL")
    assert "WAYBILL_WECHAT_API_BASE" in _fix_after(result.stdout, "WeChat Shop")
    assert _line(result.stdout, "Kuaidi100").startswith("FAIL")
    assert "KUAIDI100_BASE_URL" in _fix_after(result.stdout, "Kuaidi100")
    assert _line(result.stdout, "Google Sheet").startswith("OK")  # the others still work
    assert "2 项需要修复 / 2 to fix" in result.stdout


def test_a_sheet_that_is_not_there_says_which_setting_to_check(deployment: Deployment) -> None:
    result = _doctor({**deployment.env, "WAYBILL_SPREADSHEET_ID": "no-such-sheet"})
    assert result.returncode == 1
    assert _line(result.stdout, "Google Sheet").startswith("FAIL")
    assert "WAYBILL_SPREADSHEET_ID" in _fix_after(result.stdout, "Google Sheet")


def test_missing_settings_are_named() -> None:
    env = {"WAYBILL_WECHAT_APPID": "wx1", "WAYBILL_WECHAT_SECRET": "s", "WAYBILL_SPREADSHEET_ID": "x"}
    check = check_settings(AppConfig.from_env(env), env)
    assert check.status is Status.FAIL
    for name in ("WAYBILL_EDIT_SECRET", "WAYBILL_WECHAT_PUSH_TOKEN", "WAYBILL_WECHAT_AES_KEY"):
        assert name in check.detail
    assert "AppSecret" not in check.detail  # present settings are not listed


def test_a_bad_aes_key_is_reported_without_its_value() -> None:
    env = {
        "WAYBILL_WECHAT_APPID": "wx1",
        "WAYBILL_WECHAT_SECRET": "s",
        "WAYBILL_SPREADSHEET_ID": "x",
        "WAYBILL_EDIT_SECRET": "e",
        "WAYBILL_WECHAT_PUSH_TOKEN": "t",
        "WAYBILL_WECHAT_AES_KEY": "too-short-key-value",
    }
    check = check_settings(AppConfig.from_env(env), env)
    assert check.status is Status.FAIL and "43" in check.fix
    assert "too-short-key-value" not in check.detail + check.fix


def _supplier(url: str, token_env: str) -> HttpApiSource:
    row = {
        "supplier_id": "acme",
        "endpoint": url + "/api/v1/orders",
        "auth": "bearer",
        "token_env": token_env,
        "records_path": "data.list",
        "total_path": "data.total",
        "code_path": "code",
        "message_path": "msg",
        "order_no_path": "orderNo",
        "shop_order_id_path": "outOrderNo",
        "tracking_path": "expressNo",
        "courier_path": "expressCompany",
    }
    env = {"WR_GOOD": DEFAULT_TOKEN, "WR_BAD": "not-the-token"}
    return HttpApiSource(HttpSupplierConfig.from_row(row, env))


def test_supplier_apis_answer_or_are_named() -> None:
    server = serve_suppliers(port=0)
    try:
        good, bad = _supplier(server.url, "WR_GOOD"), _supplier(server.url, "WR_BAD")
        ok = check_suppliers(SupplierFeed([("acme", good)]))
        failed = check_suppliers(SupplierFeed([("acme", bad)]))
    finally:
        server.close()
    assert [c.status for c in ok] == [Status.OK] and "acme" in ok[0].system
    assert [c.status for c in failed] == [Status.FAIL] and "acme" in failed[0].system
    assert "credentials" in failed[0].fix


def test_the_sync_timer_is_judged_by_the_last_successful_tick(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    never = check_timer(journal, now)
    assert never.status is Status.WARN and "no sync tick has run yet" in never.detail
    assert "Cloud Scheduler" in never.fix
    journal.set_watermark(WATERMARK, now - timedelta(minutes=4))
    recent = check_timer(journal, now)
    assert recent.status is Status.OK and "4 分钟前" in recent.detail
    journal.set_watermark(WATERMARK, now - timedelta(hours=2))
    stale = check_timer(journal, now)
    assert stale.status is Status.WARN and "120 minutes ago" in stale.detail


def test_an_unreadable_sync_time_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    journal.store.replace(f"state/watermarks/{WATERMARK}.json", b"{not json", None)
    check = check_timer(journal, datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    assert check.status is Status.WARN and "cannot be read" in check.detail


def test_a_1688_account_answers_or_is_named() -> None:
    from emulators.alibaba_1688.server import serve as serve_1688
    from emulators.control import AlibabaControl
    from shared.app.health import check_alibaba

    server = serve_1688(port=0)
    try:
        with AlibabaControl(server.url) as control:
            refresh = control.grant()["refresh_token"]
        env = {
            "WAYBILL_1688_BASE": server.url,
            "WR_YIWU_APP_KEY": "1234567",
            "WR_YIWU_SECRET": "emulator-secret",
            "WR_YIWU_REFRESH_TOKEN": refresh,
            "WR_OLD_APP_KEY": "1234567",
            "WR_OLD_SECRET": "emulator-secret",
            "WR_OLD_REFRESH_TOKEN": "revoked",
            "WR_HALF_APP_KEY": "1234567",
        }
        checks = {c.system: c for c in check_alibaba(env)}
    finally:
        server.close()
    assert checks["1688 YIWU"].status is Status.OK
    assert checks["1688 OLD"].status is Status.FAIL and "authorize" in checks["1688 OLD"].fix
    assert checks["1688 HALF"].status is Status.FAIL and "WR_HALF_SECRET" in checks["1688 HALF"].detail
    assert check_alibaba({}) == []
