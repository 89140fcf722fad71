"""A 1688 row of the 供应商 tab: its channel, its variables (named for the supplier, never in the
sheet) and the source it builds (no I/O: nothing is fetched here)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.app.supplier_tab import build_sources
from shared.sheets.layout import TableLayout, build_table
from shared.suppliers.alibaba_1688.config import BASE_VARIABLE, DEFAULT_BASE, alibaba_config, variable
from shared.suppliers.alibaba_1688.source import AlibabaSource
from shared.suppliers.errors import SupplierSettingsError
from shared.suppliers.model import faces_supplier
from shared.suppliers.supplier_settings import channel_of
from sheet_templates.workspace import SUPPLIER_CHANNELS, SUPPLIERS

HEADER = ["供应商", "对接方式", "联系人", "联系方式", "默认快递", "备注", "接入设置", "状态"]


def _env(name: str, **extra: str) -> dict[str, str]:
    return {
        variable(name, "app_key_env"): "1234567",
        variable(name, "secret_env"): "s3cret",
        variable(name, "refresh_token_env"): "refresh-1",
        **extra,
    }


def test_the_channel_is_in_the_dropdown_and_read_in_either_spelling() -> None:
    assert "1688" in [c.zh for c in SUPPLIER_CHANNELS]
    assert channel_of("1688") == channel_of(" Alibaba ") == "alibaba"


def test_variables_are_named_for_the_supplier() -> None:
    assert variable("Yiwu Cups", "app_key_env") == "WR_YIWU_CUPS_APP_KEY"
    assert variable("Yiwu Cups", "refresh_token_env") == "WR_YIWU_CUPS_REFRESH_TOKEN"
    config = alibaba_config("Yiwu Cups", {}, _env("Yiwu Cups"))
    assert (config.app_key, config.app_secret.reveal(), config.base_url) == (
        "1234567",
        "s3cret",
        DEFAULT_BASE,
    )
    assert "s3cret" not in repr(config)


def test_the_base_url_is_the_deployments_never_the_rows() -> None:
    config = alibaba_config("甲", {}, _env("甲", **{BASE_VARIABLE: "http://127.0.0.1:8096/"}))
    assert config.base_url == "http://127.0.0.1:8096"
    with pytest.raises(SupplierSettingsError) as refused:
        alibaba_config("甲", {"base_url": "https://evil.example"}, _env("甲"))
    assert refused.value.code == "settings"


def test_another_suppliers_variable_is_refused_and_a_missing_one_is_named() -> None:
    with pytest.raises(SupplierSettingsError) as borrowed:
        alibaba_config("甲", {"secret_env": "WAYBILL_WECHAT_SECRET"}, _env("甲"))
    assert borrowed.value.code == "secret_env"
    with pytest.raises(SupplierSettingsError) as missing:
        alibaba_config("甲", {}, {})
    assert variable("甲", "app_key_env") in missing.value.message.zh
    assert variable("甲", "app_key_env") in missing.value.message.en


def test_no_refresh_token_still_builds_and_fails_at_the_first_call() -> None:
    env = _env("甲")
    del env[variable("甲", "refresh_token_env")]
    assert alibaba_config("甲", {}, env).refresh_token is None


def test_a_1688_row_builds_a_source_that_follows_shipped_orders() -> None:
    layout = TableLayout.from_template(SUPPLIERS, "zh")
    tab = build_table(
        layout, [HEADER, ["甲", "1688", "", "", "", "", "", ""], ["乙", "1688", "", "", "", "", "", ""]]
    )
    built = build_sources(
        tab, _env("甲"), lambda: None, None, "zh", lambda: datetime(2026, 11, 26, tzinfo=UTC)
    )  # type: ignore[arg-type,return-value]
    kinds = {name: type(source) for name, source in built.sources}
    assert kinds == {"甲": AlibabaSource}
    assert all(faces_supplier(source) for _, source in built.sources)
    texts = {r.key: built.statuses[r.number] for r in tab.rows}
    assert texts["甲"].startswith("已启用：1688")
    assert texts["乙"].startswith("设置有误") and variable("乙", "app_key_env") in texts["乙"]
    built.close()
