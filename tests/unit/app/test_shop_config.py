"""A shop's AppConfig: the deployment's settings overlaid by its entry; its journal apart, the Sheets
quota shared by all shops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.app.config import ConfigError
from shared.app.shop_config import shop_callback_url, shop_config
from shared.app.shops import SHOP_KEY_VARIABLE, parse_registry
from shared.app.supplier_tab import shop_tab
from shared.app.wiring import deployment_journal, journal, sheets_quota
from shared.suppliers.supplier_settings import SupplierSheetConfig

REGISTRY = parse_registry(
    json.dumps(
        {
            "a": {"appid": "wxaaaa", "spreadsheet_id": "sheet-a", "settings": {"WAYBILL_SHEET_LANG": "en"}},
            "b": {"appid": "wxbbbb", "spreadsheet_id": "sheet-b", "secret_var": "B_SECRET"},
        }
    )
)


def base_env(tmp_path: Path) -> dict[str, str]:
    return {
        "WAYBILL_JOURNAL_DIR": str(tmp_path),
        "WAYBILL_WECHAT_APPID": "wxdeployment",
        "WAYBILL_WECHAT_SECRET": "deployment-secret",
        "WAYBILL_SPREADSHEET_ID": "deployment-sheet",
        "WAYBILL_SHEET_LANG": "zh",
        "KUAIDI100_CALLBACK_URL": "https://example.invalid/tracking_events",
        "WAYBILL_SHOP_A_SECRET": "secret-a",
        "B_SECRET": "secret-b",
        "WAYBILL_SHOP_A_PUSH_TOKEN": "token-a",
        "WAYBILL_SHOP_A_AES_KEY": "k" * 43,
    }


def test_each_shop_gets_its_ids_secrets_and_settings(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    a, b = (shop_config(env, s) for s in REGISTRY.shops)
    assert (a.shop, a.wechat_appid, a.wechat_secret, a.push_token) == ("a", "wxaaaa", "secret-a", "token-a")
    assert a.env["WAYBILL_SPREADSHEET_ID"] == "sheet-a" and a.env["WAYBILL_SHEET_LANG"] == "en"
    assert (b.wechat_appid, b.wechat_secret, b.env["WAYBILL_SHEET_LANG"]) == ("wxbbbb", "secret-b", "zh")
    # Kuaidi100 pushes to the URL it was subscribed with: the path names the shop.
    assert a.kuaidi100_callback_url == "https://example.invalid/tracking_events/a"
    assert b.kuaidi100_callback_url == "https://example.invalid/tracking_events/b"


def test_the_callback_keeps_a_query_and_stays_off_without_one() -> None:
    assert shop_callback_url("https://h/fn/?x=1", "north") == "https://h/fn/north?x=1"
    assert shop_callback_url("  ", "north") == ""


def test_a_missing_shop_secret_is_named_by_its_variable_never_borrowed(tmp_path: Path) -> None:
    b = shop_config(base_env(tmp_path), REGISTRY.shops[1])
    assert b.push_token == ""  # not the deployment's, not shop a's
    with pytest.raises(ConfigError, match="WAYBILL_SHOP_B_PUSH_TOKEN"):
        b.require("WAYBILL_WECHAT_PUSH_TOKEN")


def test_journals_are_per_shop_and_the_quota_is_the_deployments(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    a, b = (shop_config(env, s) for s in REGISTRY.shops)
    journal(a).store.create("state/lease.json", b"a")
    assert (tmp_path / "shops" / "a" / "state" / "lease.json").read_bytes() == b"a"
    assert journal(b).store.read("state/lease.json") is None
    for config in (a, b):
        quota = sheets_quota(config, deployment_journal(config))
        assert quota is not None
    deployment_journal(a).store.create("state/sheets_quota.json", b"{}")
    assert deployment_journal(b).store.read("state/sheets_quota.json") is not None
    assert (tmp_path / "state" / "sheets_quota.json").exists()


def test_a_shared_supplier_sheet_gets_one_tab_per_shop(tmp_path: Path) -> None:
    named = SupplierSheetConfig("甲工厂", "sheet-x", tab="发货")
    assert shop_tab(SupplierSheetConfig("甲工厂", "sheet-x"), "a", "zh").tab == "待发货 a"
    assert shop_tab(named, "b", "en").tab == "发货 b"
    assert shop_tab(named, "", "zh") == named  # no shops: the row's own tab, as before
    assert shop_config(base_env(tmp_path), REGISTRY.shops[1]).env[SHOP_KEY_VARIABLE] == "b"
