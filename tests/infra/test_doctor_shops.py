"""``python -m shared.cli doctor`` with a shop registry (WAYBILL_SHOPS), in a subprocess against the
emulators: one table per shop on that shop's own settings, secrets and journal; a shop missing its
secret is named under its own variable while the other shop's table is green; ``--shop`` checks one.
The other commands that work on one workspace refuse to guess which shop (shared/cli/shop_choice.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.app.tick import WATERMARK
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from tests.e2e.world import AES_KEY, EDIT_SECRET, PUSH_TOKEN, World, another_shop, world

ROOT = Path(__file__).resolve().parents[2]
_OURS = ("WAYBILL_", "KUAIDI100_", "AWS_", "GOOGLE_APPLICATION_CREDENTIALS")
B_APPID, B_SECRET = "wx0d0c0d0c0d0c0d0c", "doctor-shop-b-secret-0123456789"


@dataclass
class Shops:
    env: dict[str, str]
    a: World
    b: World
    journal: Path


@pytest.fixture
def shops(tmp_path: Path) -> Iterator[Shops]:
    journal = tmp_path / "journal"
    journal.mkdir()
    b_journal = Journal(LocalDirStore(journal / "shops" / "b"))
    with world(tmp_path) as a, another_shop(a, B_APPID, B_SECRET, b_journal) as b:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
        env.update(a.env(journal))
        registry = {
            "a": {"appid": a.shop.appid, "spreadsheet_id": a.spreadsheet_id},
            "b": {"appid": B_APPID, "spreadsheet_id": b.spreadsheet_id},
        }
        env["WAYBILL_SHOPS"] = json.dumps(registry)
        for key, secret in (("A", a.shop_secret), ("B", B_SECRET)):
            env[f"WAYBILL_SHOP_{key}_SECRET"] = secret
            env[f"WAYBILL_SHOP_{key}_PUSH_TOKEN"] = PUSH_TOKEN
            env[f"WAYBILL_SHOP_{key}_AES_KEY"] = AES_KEY
            env[f"WAYBILL_SHOP_{key}_EDIT_SECRET"] = EDIT_SECRET
        yield Shops(env, a, b, journal)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def _tables(stdout: str) -> dict[str, str]:
    """Each shop's part of the output, by key (its heading is "店铺 KEY / shop KEY")."""
    parts: dict[str, str] = {}
    key = ""
    for line in stdout.splitlines():
        if line.startswith("店铺 ") and " / shop " in line:
            key = line.rsplit(" ", 1)[-1]
            parts[key] = ""
        elif key:
            parts[key] += line + "\n"
    return parts


def _line(table: str, system: str) -> str:
    return next(line for line in table.splitlines() if system in line)


def test_every_shop_is_checked_on_its_own_settings_and_journal(shops: Shops) -> None:
    # Shop b has ticked (its own journal under shops/b/), shop a never has.
    Journal(LocalDirStore(shops.journal / "shops" / "b")).set_watermark(WATERMARK, datetime.now(UTC))
    result = _cli(shops.env, "doctor")
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    tables = _tables(result.stdout)
    assert list(tables) == ["a", "b"]
    for key in ("a", "b"):
        for system in ("Settings", "Google Sheet", "WeChat Shop"):
            assert _line(tables[key], system).startswith("OK"), (key, system)
    assert "no sync tick has run yet" in _line(tables["a"], "Sync timer")
    assert _line(tables["b"], "Sync timer").startswith("OK")


def test_a_shop_missing_its_secret_is_named_and_the_other_is_green(shops: Shops) -> None:
    env = {**shops.env, "WAYBILL_SHOP_B_SECRET": ""}
    result = _cli(env, "doctor")
    print(result.stdout)
    assert result.returncode == 1
    tables = _tables(result.stdout)
    assert "FAIL" not in tables["a"] and "FAIL" in tables["b"]
    assert "missing WAYBILL_SHOP_B_SECRET" in _line(tables["b"], "Settings")  # its own variable
    one = _cli(env, "doctor", "--shop", "a")
    assert one.returncode == 0, one.stdout + one.stderr
    assert list(_tables(one.stdout)) == ["a"]


def test_commands_on_one_workspace_need_the_shop_named(shops: Shops) -> None:
    for args in (("find", "3720000000001"), ("rebuild-log",), ("doctor", "--shop", "west")):
        refused = _cli(shops.env, *args)
        assert refused.returncode == 2, (args, refused.stdout, refused.stderr)
        assert "--shop" in refused.stderr or "west" in refused.stderr
        assert "a, b" in refused.stderr and "a、b" in refused.stderr
    found = _cli(shops.env, "find", "3720000000001", "--shop", "b")
    assert found.returncode == 1 and "nothing found" in found.stdout  # b's workspace, searched


def test_a_broken_registry_is_reported_not_a_traceback(shops: Shops) -> None:
    result = _cli({**shops.env, "WAYBILL_SHOPS": '{"A!": {}}'}, "doctor")
    assert result.returncode == 1
    assert "WAYBILL_SHOPS 有误" in result.stderr and "Traceback" not in result.stderr
