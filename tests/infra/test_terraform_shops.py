"""infra/terraform/shops.tf against the code it configures: the shops map becomes WAYBILL_SHOPS as
shared/app/shops.py parses it, each shop's secrets are declared and mounted under the very names the
registry reads by default, and the Terraform refuses what the registry would refuse. Static (the
files parsed with python-hcl2): no Google account, no terraform binary."""

from __future__ import annotations

import re

from shared.app.shops import _JOURNAL, _KEY, FIELDS, MAX_SHOPS, SECRET_FIELDS, SHOP_SETTINGS, default_variable
from tests.infra.terraform_files import locals_, variables

# In shops.tf a shop's secret is "WAYBILL_SHOP_${name}_<WHAT>" with name = upper(replace(key, "-", "_")).
_SECRET_NAME = re.compile(r'"WAYBILL_SHOP_\$\{name\}_([A-Z_]+)"')


def _whats(local: str) -> set[str]:
    return set(_SECRET_NAME.findall(str(locals_()[local])))


def _validations() -> list[dict[str, str]]:
    rules: list[dict[str, str]] = variables()["shops"]["validation"]
    return rules


def test_each_shops_secrets_have_the_names_the_registry_reads() -> None:
    assert (
        locals_()["shop_variable_keys"]
        == '${{for key in keys(var.shops) : key => upper(replace(key, "-", "_"))}}'
    )
    # default_variable's own spelling of the same rule, for a key with a dash.
    assert default_variable("north-2", "SECRET") == "WAYBILL_SHOP_NORTH_2_SECRET"
    by_job = {what: _whats(f"shop_{what}_secrets") for what in ("app", "push", "edit")}
    assert by_job == {
        "app": {"SECRET"},
        "push": {"PUSH_TOKEN", "AES_KEY", "AES_KEY_PREVIOUS"},
        "edit": {"EDIT_SECRET"},
    }
    assert set().union(*by_job.values()) == set(SECRET_FIELDS.values())
    assert "var.shops[key].rotating_aes_key" in str(locals_()["shop_push_secrets"])
    assert locals_()["shop_secrets"] == (
        "${concat(local.shop_app_secrets, local.shop_push_secrets, local.shop_edit_secrets)}"
    )


def test_the_registry_setting_holds_only_fields_the_parser_knows_and_no_secret() -> None:
    registry = str(locals_()["shop_registry"])
    used = set(re.findall(r"\b(\w+) = shop\.\w+", registry))
    assert used == {"appid", "spreadsheet_id", "journal", "settings"}
    assert used <= FIELDS
    assert "secret" not in registry.lower()  # names only by default; never a value
    assert locals_()["shops_setting"] == '${local.many_shops ? jsonencode(local.shop_registry) : ""}'
    assert locals_()["plain_env"]["WAYBILL_SHOPS"] == "${local.shops_setting}"
    attributes = str(variables()["shops"]["type"])
    for name in ("appid", "spreadsheet_id", "journal", "settings", "rotating_aes_key"):
        assert name in attributes, name


def test_the_variable_refuses_what_the_registry_refuses() -> None:
    conditions = " ".join(str(rule["condition"]) for rule in _validations())
    assert f"^{_KEY.pattern}$" in conditions
    assert f"^{_JOURNAL.pattern}$" in conditions
    assert f"length(var.shops) <= {MAX_SHOPS}" in conditions
    allowed = set(re.findall(r'"([A-Z0-9_]+)"', conditions))
    assert allowed == set(SHOP_SETTINGS)
    assert "distinct([for shop in values(var.shops) : shop.appid])" in conditions
    assert "distinct([for shop in values(var.shops) : shop.spreadsheet_id])" in conditions
    for rule in _validations():
        assert re.search(r"[\u4e00-\u9fff]", rule["error_message"]), rule["error_message"]


def test_with_shops_the_single_shops_secrets_are_not_mounted() -> None:
    single = set(locals_()["single_shop_secrets"])
    assert single == {
        "WAYBILL_WECHAT_SECRET",
        "WAYBILL_WECHAT_PUSH_TOKEN",
        "WAYBILL_WECHAT_AES_KEY",
        "WAYBILL_WECHAT_AES_KEY_PREVIOUS",
        "WAYBILL_EDIT_SECRET",
    }
    assert single <= set(locals_()["setting_secrets"])
    assert locals_()["not_mounted"] == (
        "${concat(var.unused_secrets, local.many_shops ? local.single_shop_secrets : [])}"
    )
    assert "local.not_mounted" in str(locals_()["mounted_secrets"])


def test_the_dead_letter_helper_is_pubsubs_own_agent() -> None:
    agent = str(locals_()["pubsub_agent"])
    assert agent == (
        "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
    )
