"""Building a supplier's API config from a 供应商-tab row, and refusing bad rows clearly."""

from __future__ import annotations

import pytest

from shared.suppliers.errors import SupplierConfigError
from shared.suppliers.http_config import HttpConfigError, HttpSupplierConfig, Secret
from tests.unit.suppliers.rows import ENV, acme_row


def build(**changes: str) -> HttpSupplierConfig:
    return HttpSupplierConfig.from_row(acme_row(**changes), ENV)


def refused(row: dict[str, str], env: dict[str, str] = ENV) -> SupplierConfigError:
    with pytest.raises(SupplierConfigError) as caught:
        HttpSupplierConfig.from_row(row, env)
    return caught.value


def test_a_full_row_builds() -> None:
    cfg = build()
    assert cfg.records_path == ("data", "list")
    assert cfg.status_map["LACK_STOCK"] == "out_of_stock"
    assert cfg.secret == Secret("tok-123456")
    assert (cfg.page_size, cfg.max_pages, cfg.first_page) == (20, 50, 1)


def test_the_secret_never_shows() -> None:
    cfg = build()
    assert "tok-123456" not in repr(cfg)
    assert "tok-123456" not in str(cfg.secret)


def test_hmac_needs_an_app_key_and_a_secret_env() -> None:
    cfg = build(auth="hmac", app_key="acme-app", secret_env="WR_ACME_SECRET", token_env="<drop>")
    assert cfg.secret == Secret("sec-abcdef") and cfg.app_key == "acme-app"
    error = refused(acme_row(auth="hmac", secret_env="WR_ACME_SECRET", token_env="<drop>"))
    assert error.code == "app_key"


def test_a_secret_pasted_into_the_sheet_is_refused_without_echoing_it() -> None:
    error = refused(acme_row(token_env="tok-abc.def/ghi"))
    assert error.code == "token_env"
    assert "环境变量" in str(error) and "environment variable" in str(error)
    assert "tok-abc.def/ghi" not in str(error)
    error = refused(acme_row(endpoint="ftp://bob:pw-123@x/?token=tk-456"))
    assert "pw-123" not in str(error) and "tk-456" not in str(error)


def test_a_missing_environment_variable_is_named() -> None:
    error = refused(acme_row(token_env="WR_NOBODY"))
    assert "WR_NOBODY" in str(error) and error.supplier_id == "acme"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"supplier_id": ""}, "supplier_id"),
        ({"endpoint": "ftp://x"}, "endpoint"),
        ({"endpoint": "http://erp.acme.example/api"}, "endpoint"),
        ({"endpoint": "https://erp.acme.example/api?access_token=abc"}, "endpoint"),
        ({"endpoint": "https://bob:pw@erp.acme.example/api"}, "endpoint"),
        ({"endpoint": "http://[::1"}, "endpoint"),
        ({"auth": "basic"}, "auth"),
        ({"records_path": "<drop>"}, "records_path"),
        ({"records_path": "data..list"}, "records_path"),
        ({"tracking_path": "<drop>"}, "tracking_path"),
        ({"order_no_path": "<drop>", "shop_order_id_path": "<drop>"}, "order_no_path"),
        ({"courier_path": "<drop>"}, "courier_path"),
        ({"status_map": "<drop>"}, "status_map"),
        ({"status_map": "SENT=delivered"}, "status_map"),
        ({"status_map": "SENT"}, "status_map"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "many"}, "page_size"),
        ({"since_format": "unix"}, "since_format"),
        ({"paging": "cursor"}, "next_cursor_path"),
        ({"expressNoo": "x"}, "expressNoo"),
    ],
)
def test_bad_rows_are_refused_with_the_key_in_both_languages(changes: dict[str, str], key: str) -> None:
    error = refused(acme_row(**changes))
    assert isinstance(error, HttpConfigError)
    assert error.code == key
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message.zh)
    assert "「" not in error.message.en and key in error.message.en
    assert str(error).startswith(f"{error.message.zh} / {error.message.en}")


def test_loopback_may_use_plain_http_and_unknown_keys_pass_when_not_strict() -> None:
    assert build(endpoint="http://127.0.0.1:8091/api/v1/orders").endpoint.startswith("http://127")
    row = {**acme_row(), "备注": "联系人 王经理"}
    assert HttpSupplierConfig.from_row(row, ENV, strict=False).supplier_id == "acme"


def test_status_map_as_a_mapping_and_a_default_courier() -> None:
    cfg = build(courier_path="<drop>", default_courier="中通")
    assert cfg.default_courier == "中通"
    row: dict[str, object] = {**acme_row(), "status_map": {"2": "shipped", "9": "cancelled"}}
    assert dict(HttpSupplierConfig.from_row(row, ENV).status_map) == {"2": "shipped", "9": "cancelled"}


def test_fixed_query_parameters_in_the_endpoint_are_allowed() -> None:
    assert build(endpoint="https://erp.acme.example/api?shopId=12").endpoint.endswith("shopId=12")


def test_a_preset_fills_the_mapping_and_the_rows_own_keys_win() -> None:
    row = {
        "preset": "erp_json",
        "supplier_id": "acme",
        "endpoint": "https://erp.acme.example/api/v1/orders",
        "token_env": "WR_ACME_TOKEN",
        "page_size": "20",
        "courier_path": "carrier.name",
    }
    spelled_out = HttpSupplierConfig.from_row({**acme_row(), "courier_path": "carrier.name"}, ENV)
    assert HttpSupplierConfig.from_row(row, ENV) == spelled_out


def test_an_unknown_preset_is_a_clear_error() -> None:
    error = refused({**acme_row(), "preset": "sap_xml"})
    assert error.code == "preset" and "erp_json" in error.message.zh and "sap_xml" in error.message.en
