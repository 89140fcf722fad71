"""A supplier row may use only its own secret, and only towards a host the deployment allows for it
(shared/suppliers/secret_binding.py, applied by supplier_settings.http_config; pure, no request)."""

from __future__ import annotations

import json

import pytest

from shared.app.supplier_feed import failure_sentence
from shared.suppliers.errors import SupplierDataError
from shared.suppliers.secret_binding import HOSTS_VARIABLE, secret_variable, supplier_key
from shared.suppliers.supplier_settings import SupplierSettingsError, http_config, parse_settings_cell

MAPPING = "records_path=data.list; order_no_path=orderNo; tracking_path=expressNo; default_courier=中通快递"


def env(hosts: dict[str, object], **secrets: str) -> dict[str, str]:
    return {HOSTS_VARIABLE: json.dumps(hosts), **secrets}


def refusal(name: str, cell: str, environment: dict[str, str]) -> SupplierSettingsError:
    with pytest.raises(SupplierSettingsError) as err:
        http_config(name, parse_settings_cell(f"{cell}; {MAPPING}"), environment)
    return err.value


def test_the_supplier_key_comes_from_the_row_name() -> None:
    assert supplier_key("Acme Ltd.") == "ACME_LTD" and supplier_key(" acme ") == "ACME"
    assert secret_variable("Acme Ltd.") == "WR_ACME_LTD_TOKEN"
    assert secret_variable("Acme Ltd.", "secret_env") == "WR_ACME_LTD_SECRET"
    # A Chinese name: a stable digest, different for every name (even with the same ASCII part).
    key = supplier_key("丁工厂")
    assert key == supplier_key(" 丁工厂") and key.startswith("S") and len(key) == 11
    assert supplier_key("ACME 华东") != supplier_key("ACME 华南")
    assert supplier_key("ACME 华东").isascii() and supplier_key("丁工厂").isupper()


def test_a_row_naming_another_suppliers_secret_is_refused() -> None:
    hosts = env({"WR_OTHER_TOKEN": ["api.other.example"]}, WR_OTHER_TOKEN="their-token")
    err = refusal("ACME", "endpoint=https://api.other.example/o; token_env=WR_OTHER_TOKEN", hosts)
    assert err.code == "token_env" and "WR_ACME_TOKEN" in err.message.zh and "WR_ACME_TOKEN" in err.message.en
    assert "their-token" not in str(err)
    err = refusal(
        "ACME", "auth=hmac; app_key=k; secret_env=WR_OTHER_SECRET; endpoint=https://a.example", hosts
    )
    assert err.code == "secret_env" and "WR_ACME_SECRET" in err.message.en


def test_the_own_secret_is_used_without_naming_it() -> None:
    environment = env({"WR_ACME_TOKEN": ["api.acme.example"]}, WR_ACME_TOKEN="tok")
    config = http_config(
        "acme", parse_settings_cell(f"endpoint=https://API.acme.example./o; {MAPPING}"), environment
    )
    assert config.secret is not None and config.secret.reveal() == "tok"
    named = parse_settings_cell(f"endpoint=https://api.acme.example/o; token_env=WR_ACME_TOKEN; {MAPPING}")
    assert http_config("acme", named, environment).secret is not None


@pytest.mark.parametrize(
    ("endpoint", "hosts"),
    [
        ("https://metadata.google.internal/computeMetadata/v1/", {"WR_ACME_TOKEN": ["api.acme.example"]}),
        ("https://api.acme.example/o", {}),  # nothing allowed at all
        ("https://api.acme.example/o", {"WR_OTHER_TOKEN": ["api.acme.example"]}),  # allowed for another
        ("https://api.acme.example@evil.example/o", {"WR_ACME_TOKEN": ["api.acme.example"]}),
        ("https://api.acme.example\\@evil.example/o", {"WR_ACME_TOKEN": ["api.acme.example"]}),
        ("https://api.acme.example:8443/o", {"WR_ACME_TOKEN": ["api.acme.example:443"]}),
        ("https://api.acme.example.evil.example/o", {"WR_ACME_TOKEN": ["api.acme.example"]}),
    ],
)
def test_an_endpoint_host_the_deployment_did_not_allow_for_the_secret_is_refused(
    endpoint: str, hosts: dict[str, object]
) -> None:
    err = refusal("ACME", f"endpoint={endpoint}", env(hosts, WR_ACME_TOKEN="tok"))
    assert err.code == "endpoint" and "tok" not in str(err)
    assert err.message.zh and err.message.en.isascii()


def test_allowed_hosts_may_fix_the_port() -> None:
    environment = env({"WR_ACME_TOKEN": ["127.0.0.1:8099"]}, WR_ACME_TOKEN="tok")
    assert http_config(
        "ACME", parse_settings_cell(f"endpoint=http://127.0.0.1:8099/o; {MAPPING}"), environment
    )
    refusal("ACME", "endpoint=http://127.0.0.1:8100/o", environment)


def test_hmac_is_allowed_by_its_secret_and_no_auth_by_the_token_name() -> None:
    hmac_env = env({"WR_ACME_SECRET": ["api.acme.example"]}, WR_ACME_SECRET="s")
    cell = f"auth=hmac; app_key=k; endpoint=https://api.acme.example/o; {MAPPING}"
    assert http_config("ACME", parse_settings_cell(cell), hmac_env).auth == "hmac"
    refusal(
        "ACME",
        "auth=hmac; app_key=k; endpoint=https://api.acme.example/o",
        env({"WR_ACME_TOKEN": ["api.acme.example"]}, WR_ACME_SECRET="s"),
    )
    open_env = env({"WR_ACME_TOKEN": ["api.acme.example"]})
    assert http_config(
        "ACME", parse_settings_cell(f"auth=none; endpoint=https://api.acme.example/o; {MAPPING}"), open_env
    )
    refusal("ACME", "auth=none; endpoint=https://intranet.example/o", open_env)


@pytest.mark.parametrize("raw", ["not json", "[]", '{"WR_ACME_TOKEN": 3}', '{"WR_ACME_TOKEN": [1]}'])
def test_an_unreadable_allowlist_refuses_and_says_where_to_fix_it(raw: str) -> None:
    err = refusal("ACME", "endpoint=https://api.acme.example/o", {HOSTS_VARIABLE: raw, "WR_ACME_TOKEN": "t"})
    assert "supplier_api_hosts" in err.message.zh and "supplier_api_hosts" in err.message.en


def test_a_pull_failure_never_repeats_what_the_supplier_answered() -> None:
    """A business code is part of the reply body: a misdirected endpoint could put anything there."""
    sentence = failure_sentence(SupplierDataError("supplier answered with an error", code="13800138000"))
    zh, en = sentence.zh, sentence.en
    assert "13800138000" not in zh and "13800138000" not in en
    sentence = failure_sentence(SupplierDataError("not JSON", code=502))
    zh, en = sentence.zh, sentence.en
    assert "502" in zh and "502" in en
