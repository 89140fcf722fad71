"""The 供应商 tab's 对接方式 and 接入设置 cells (pure parsing; secrets only by environment-variable name)."""

from __future__ import annotations

import pytest

from shared.suppliers.supplier_settings import (
    SupplierSettingsError,
    channel_of,
    check_secret_names,
    http_config,
    parse_settings_cell,
    sheet_config,
)

SECRET = "s3cr3t-VALUE-123"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("API", "api"),
        (" api ", "api"),
        ("供应商表格", "sheet"),
        ("Supplier  sheet", "sheet"),
        ("微信/手动", "manual"),
        ("WeChat / manual", "manual"),
        ("", "manual"),
    ],
)
def test_channel_from_the_dropdown_in_either_language(text: str, expected: str) -> None:
    assert channel_of(text) == expected


def test_an_unknown_channel_is_refused_in_both_languages() -> None:
    with pytest.raises(SupplierSettingsError) as err:
        channel_of("电话", "甲")
    assert "对接方式" in err.value.message.zh and "channel" in err.value.message.en


def test_pairs_split_on_semicolons_of_either_width() -> None:
    cell = "endpoint=https://a.example/orders?x=1; token_env=WR_A；records_path=data.list;"
    assert parse_settings_cell(cell) == {
        "endpoint": "https://a.example/orders?x=1",
        "token_env": "WR_A",
        "records_path": "data.list",
    }


def test_one_pair_per_line_lets_a_value_hold_semicolons() -> None:
    cell = "Status_Map=SENT=shipped; CLOSED=cancelled\r\ntracking_path=expressNo\n\n"
    assert parse_settings_cell(cell) == {
        "status_map": "SENT=shipped; CLOSED=cancelled",
        "tracking_path": "expressNo",
    }


@pytest.mark.parametrize("key", ["token", "password", "app_secret", "api_key", "AccessKey", "pwd"])
def test_a_key_holding_a_secret_is_refused_without_repeating_the_value(key: str) -> None:
    with pytest.raises(SupplierSettingsError) as err:
        parse_settings_cell(f"endpoint=https://a.example; {key}={SECRET}", "甲")
    assert "密钥" in err.value.message.zh and "secret" in err.value.message.en
    assert SECRET not in str(err.value)


def test_a_pair_without_equals_is_refused_without_repeating_it() -> None:
    with pytest.raises(SupplierSettingsError) as err:
        parse_settings_cell(f"endpoint=https://a.example; {SECRET}")
    assert SECRET not in str(err.value) and err.value.code == "settings"


def test_a_key_given_twice_is_refused() -> None:
    with pytest.raises(SupplierSettingsError, match="tab"):
        parse_settings_cell("tab=a; tab=b")


def test_names_that_carry_secret_words_but_are_not_secrets_pass() -> None:
    cell = "token_env=WR_A; secret_env=WR_B; sign_param=sig; app_key=demo"
    assert len(parse_settings_cell(cell)) == 4


def test_a_secret_written_where_a_variable_name_belongs_is_refused_unrepeated() -> None:
    with pytest.raises(SupplierSettingsError) as err:
        check_secret_names({"token_env": SECRET})
    assert SECRET not in str(err.value) and "更换" in err.value.message.zh


def test_only_wr_variables_can_be_named_so_our_own_secrets_cannot_be_sent_away() -> None:
    with pytest.raises(SupplierSettingsError, match="WR_"):
        check_secret_names({"token_env": "WAYBILL_WECHAT_SECRET"})
    check_secret_names({"token_env": "WR_ACME_TOKEN", "secret_env": "WR_ACME_SECRET"})


def test_http_config_from_a_row_reads_the_secret_from_the_environment() -> None:
    settings = parse_settings_cell(
        "endpoint=https://acme.example/api/orders; token_env=WR_ACME_TOKEN; records_path=data.list; "
        "order_no_path=orderNo; tracking_path=expressNo"
    )
    env = {"WR_ACME_TOKEN": "tok", "WAYBILL_SUPPLIER_HOSTS": '{"WR_ACME_TOKEN": ["acme.example"]}'}
    config = http_config("ACME", settings, env, default_courier="中通快递")
    assert config.supplier_id == "ACME" and config.default_courier == "中通快递"
    assert config.secret is not None and config.secret.reveal() == "tok"
    assert "tok" not in repr(config)


def test_http_config_errors_keep_both_languages() -> None:
    settings = parse_settings_cell("endpoint=https://acme.example/x; records_path=a")
    with pytest.raises(SupplierSettingsError) as err:
        http_config("ACME", settings, {"WAYBILL_SUPPLIER_HOSTS": '{"WR_ACME_TOKEN": "acme.example"}'})
    assert "WR_ACME_TOKEN" in err.value.message.zh and "WR_ACME_TOKEN" in err.value.message.en


def test_supplier_id_comes_from_the_name_column_only() -> None:
    with pytest.raises(SupplierSettingsError, match="supplier_id"):
        http_config("ACME", {"supplier_id": "OTHER"}, {})


def test_sheet_config_takes_an_id_or_the_spreadsheet_url() -> None:
    url = "https://docs.google.com/spreadsheets/d/1AbC-d_9/edit#gid=0"
    assert sheet_config("甲", {"spreadsheet_id": url}).spreadsheet_id == "1AbC-d_9"
    config = sheet_config("甲", {"spreadsheet_id": "1AbC", "tab": "发货"}, "顺丰")
    assert (config.spreadsheet_id, config.tab, config.default_courier) == ("1AbC", "发货", "顺丰")


def test_sheet_config_keeps_a_shipped_recipient_7_days_unless_told_otherwise() -> None:
    assert sheet_config("甲", {"spreadsheet_id": "1AbC"}).keep_address_days == 7
    assert sheet_config("甲", {"spreadsheet_id": "1AbC", "keep_address_days": " 14 "}).keep_address_days == 14
    assert sheet_config("甲", {"spreadsheet_id": "1AbC", "keep_address_days": "0"}).keep_address_days == 0


@pytest.mark.parametrize("days", ["-1", "1.5", "seven", "91", "７"])
def test_sheet_config_refuses_a_keep_address_days_that_is_not_a_day_count(days: str) -> None:
    with pytest.raises(SupplierSettingsError) as err:
        sheet_config("甲", {"spreadsheet_id": "1AbC", "keep_address_days": days})
    assert "keep_address_days" in err.value.message.zh and "keep_address_days" in err.value.message.en


@pytest.mark.parametrize(
    "settings", [{}, {"spreadsheet_id": "a b"}, {"spreadsheet_id": "x", "endpoint": "y"}]
)
def test_sheet_config_refuses_what_it_cannot_use(settings: dict[str, str]) -> None:
    with pytest.raises(SupplierSettingsError):
        sheet_config("甲", settings)
