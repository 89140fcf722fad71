"""Which shop a command works on (shared/cli/shop_choice.py): without a registry as before, with one
a named shop's own settings, and every refusal in Chinese and English with the right exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.cli.shop_choice import ShopChoiceError, config_for, configs_for

SHOPS = json.dumps(
    {
        "north": {"appid": "wxnorth", "spreadsheet_id": "sheet-north"},
        "south": {
            "appid": "wxsouth",
            "spreadsheet_id": "sheet-south",
            "settings": {"WAYBILL_SHEET_LANG": "en"},
        },
    }
)


def _env(tmp_path: Path, shops: str = "") -> dict[str, str]:
    env = {
        "WAYBILL_JOURNAL_DIR": str(tmp_path),
        "WAYBILL_WECHAT_APPID": "wxdeployment",
        "WAYBILL_SPREADSHEET_ID": "deployment-sheet",
        "WAYBILL_SHOP_NORTH_SECRET": "north-secret",
        "WAYBILL_SHOP_SOUTH_SECRET": "south-secret",
    }
    return {**env, "WAYBILL_SHOPS": shops} if shops else env


def test_without_a_registry_the_deployments_one_shop_as_before(tmp_path: Path) -> None:
    config = config_for(_env(tmp_path), None)
    assert (config.env["WAYBILL_SPREADSHEET_ID"], config.shop, config.journal_shop) == (
        "deployment-sheet",
        "",
        "",
    )
    assert [k for k, _ in configs_for(_env(tmp_path), None)] == [""]


def test_without_a_registry_a_shop_names_nothing(tmp_path: Path) -> None:
    for choose in (config_for, configs_for):
        with pytest.raises(ShopChoiceError) as refused:
            choose(_env(tmp_path), "north")
        assert refused.value.exit_code == 2
        assert "WAYBILL_SHOPS" in refused.value.text.zh and "names nothing" in refused.value.text.en


def test_with_a_registry_the_named_shops_settings_and_journal(tmp_path: Path) -> None:
    config = config_for(_env(tmp_path, SHOPS), "south")
    assert (config.env["WAYBILL_SPREADSHEET_ID"], config.shop, config.journal_shop) == (
        "sheet-south",
        "south",
        "shops/south",
    )
    assert config.env["WAYBILL_SHEET_LANG"] == "en"
    assert config.env["WAYBILL_WECHAT_SECRET"] == "south-secret"


def test_one_shop_must_be_named_and_known(tmp_path: Path) -> None:
    with pytest.raises(ShopChoiceError) as missing:
        config_for(_env(tmp_path, SHOPS), None)
    assert missing.value.exit_code == 2
    assert "north、south" in missing.value.text.zh and "--shop: north, south" in missing.value.text.en
    with pytest.raises(ShopChoiceError) as unknown:
        config_for(_env(tmp_path, SHOPS), "west")
    assert unknown.value.exit_code == 2 and "'west'" in unknown.value.text.en
    assert "north, south" in unknown.value.text.en


def test_every_shop_in_registry_order_or_the_one_named(tmp_path: Path) -> None:
    every = configs_for(_env(tmp_path, SHOPS), None)
    assert [(k, c.env["WAYBILL_SPREADSHEET_ID"]) for k, c in every] == [
        ("north", "sheet-north"),
        ("south", "sheet-south"),
    ]
    assert [k for k, _ in configs_for(_env(tmp_path, SHOPS), "north")] == ["north"]


def test_a_broken_registry_is_a_problem_to_fix_not_a_bad_argument(tmp_path: Path) -> None:
    broken = json.dumps({"North!": {"appid": "wx1"}})
    with pytest.raises(ShopChoiceError) as refused:
        configs_for(_env(tmp_path, broken), None)
    assert refused.value.exit_code == 1
    assert refused.value.text.zh.startswith("WAYBILL_SHOPS 有误：")
    assert (
        refused.value.text.en.startswith("WAYBILL_SHOPS is invalid: ") and "North!" in refused.value.text.en
    )
