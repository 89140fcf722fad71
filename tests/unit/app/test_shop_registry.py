"""WAYBILL_SHOPS: the registry parser refuses what would mix shops, names every problem in zh + en."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.app.shops import (
    MAX_BYTES,
    MAX_SHOPS,
    ShopRegistryError,
    default_variable,
    parse_registry,
    registry_from_env,
)


def entry(n: int, **more: Any) -> dict[str, Any]:
    return {"appid": f"wx{n:016x}", "spreadsheet_id": f"sheet-{n}", **more}


def test_no_registry_is_one_shop_as_before() -> None:
    assert registry_from_env({}) is None
    assert registry_from_env({"WAYBILL_SHOPS": "  "}) is None


def test_a_minimal_entry_gets_derived_names_and_journal() -> None:
    shop = parse_registry(json.dumps({"north-2": entry(1)})).shops[0]
    assert shop.key == "north-2"
    assert shop.secret_var == "WAYBILL_SHOP_NORTH_2_SECRET"
    assert shop.push_token_var == "WAYBILL_SHOP_NORTH_2_PUSH_TOKEN"
    assert shop.aes_key_var == "WAYBILL_SHOP_NORTH_2_AES_KEY"
    assert shop.aes_key_previous_var == "WAYBILL_SHOP_NORTH_2_AES_KEY_PREVIOUS"
    assert shop.edit_secret_var == "WAYBILL_SHOP_NORTH_2_EDIT_SECRET"
    assert shop.journal_prefix == "shops/north-2"
    assert dict(shop.settings) == {}


def test_named_variables_journal_and_settings_are_taken() -> None:
    text = json.dumps(
        {
            "a": entry(
                1,
                secret_var="A_SECRET",
                edit_secret_var="WAYBILL_EDIT_SECRET",
                journal="old-a",
                settings={"WAYBILL_SHEET_LANG": "en", "KUAIDI100_BUDGET": "10"},
            )
        }
    )
    shop = parse_registry(text).shops[0]
    assert (shop.secret_var, shop.edit_secret_var, shop.journal_prefix) == (
        "A_SECRET",
        "WAYBILL_EDIT_SECRET",
        "shops/old-a",
    )
    assert dict(shop.settings) == {"WAYBILL_SHEET_LANG": "en", "KUAIDI100_BUDGET": "10"}


def test_lookups_by_key_app_id_and_spreadsheet() -> None:
    registry = parse_registry(json.dumps({"a": entry(1), "b": entry(2)}))
    assert registry.keys == ("a", "b")
    assert registry.by_appid(f"wx{2:016x}").key == "b"  # type: ignore[union-attr]
    assert registry.by_spreadsheet("sheet-1").key == "a"  # type: ignore[union-attr]
    assert registry.get("c") is None and registry.by_appid("wxnone") is None


@pytest.mark.parametrize(
    ("registry", "zh", "en"),
    [
        ("not json", "不是合法的 JSON", "not valid JSON"),
        ("[]", "非空 JSON 对象", "non-empty JSON object"),
        ("{}", "非空 JSON 对象", "non-empty JSON object"),
        ('{"a": 1}', "须为 JSON 对象", "shop a must be a JSON object"),
        ({"North": entry(1)}, "店铺键", "shop key 'North'"),
        ({"1a": entry(1)}, "店铺键", "shop key '1a'"),
        ({"a" * 21: entry(1)}, "店铺键", "at most 20 characters"),
        ({"a": entry(1, secret="x")}, "无法识别", "unknown field 'secret'"),
        ({"a": {"spreadsheet_id": "s"}}, "appid 缺失", "appid is missing"),
        ({"a": {"appid": "wx1"}}, "spreadsheet_id 缺失", "spreadsheet_id is missing"),
        ({"a": entry(1, appid="wx 1")}, "appid", "appid is missing or malformed"),
        ({"a": entry(1, secret_var="lower_case")}, "secret_var", "secret_var is missing or malformed"),
        ({"a": entry(1, journal="../b")}, "journal", "journal is missing or malformed"),
        ({"a": entry(1, settings={"WAYBILL_SHEETS_READS_PER_MINUTE": "6"})}, "不能单独设置", "per-shop"),
        ({"a": entry(1, settings={"WAYBILL_SPREADSHEET_ID": "x"})}, "不能单独设置", "not a per-shop"),
        ({"a": entry(1, settings={"WAYBILL_SHEET_LANG": 1})}, "须为不超过", "must be text"),
        ({"a": entry(1, settings=[])}, "settings 须为", "settings must be an object"),
        (
            {"a": entry(1), "b": entry(1, spreadsheet_id="other")},
            "同一个AppID",
            "a and b have the same appid",
        ),
        ({"a": entry(1), "b": entry(2, spreadsheet_id="sheet-1")}, "同一个工作表格", "same spreadsheet_id"),
        ({"a": entry(1), "b": entry(2, journal="a")}, "同一个日志前缀", "same journal"),
        ('{"a": {"appid": "wx1", "appid": "wx2", "spreadsheet_id": "s"}}', "重复", "appears twice"),
        ('{"a": {"appid": "wx1", "spreadsheet_id": "s"}, "a": {}}', "重复", "appears twice"),
    ],
)
def test_a_bad_registry_is_refused_bilingually(registry: Any, zh: str, en: str) -> None:
    text = registry if isinstance(registry, str) else json.dumps(registry)
    with pytest.raises(ShopRegistryError) as refused:
        parse_registry(text)
    message = str(refused.value)
    assert "WAYBILL_SHOPS" in message and zh in message and en in message


def test_every_problem_is_reported_at_once() -> None:
    text = json.dumps({"a": entry(1, colour="red"), "B": entry(2), "c": {"appid": "wx3"}})
    with pytest.raises(ShopRegistryError) as refused:
        parse_registry(text)
    assert len(refused.value.problems) == 3


def test_size_and_count_are_bounded() -> None:
    with pytest.raises(ShopRegistryError, match="bytes"):
        parse_registry(json.dumps({"a": entry(1, journal="a")}) + " " * MAX_BYTES)
    many = {f"s{n}": entry(n) for n in range(MAX_SHOPS + 1)}
    with pytest.raises(ShopRegistryError, match=f"more than {MAX_SHOPS} shops"):
        parse_registry(json.dumps(many))
    assert len(parse_registry(json.dumps(dict(list(many.items())[:MAX_SHOPS]))).shops) == MAX_SHOPS


keys = st.from_regex(r"[a-z][a-z0-9-]{0,19}", fullmatch=True)


@given(st.lists(keys, min_size=1, max_size=8, unique=True))
def test_distinct_shops_always_parse_with_distinct_journals(names: list[str]) -> None:
    registry = parse_registry(json.dumps({k: entry(n) for n, k in enumerate(names)}))
    assert registry.keys == tuple(names)
    assert len({s.journal_prefix for s in registry.shops}) == len(names)
    assert all(s.secret_var == default_variable(s.key, "SECRET") for s in registry.shops)


@given(st.lists(keys, min_size=2, max_size=6, unique=True), st.data())
def test_any_shared_app_id_or_spreadsheet_is_refused(names: list[str], data: st.DataObject) -> None:
    shops = {k: entry(n) for n, k in enumerate(names)}
    first, second = data.draw(st.sampled_from(names)), data.draw(st.sampled_from(names))
    if first == second:
        return
    which = data.draw(st.sampled_from(["appid", "spreadsheet_id"]))
    shops[second][which] = shops[first][which]
    with pytest.raises(ShopRegistryError, match=f"same {which}"):
        parse_registry(json.dumps(shops))


@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused_as_config(text: str) -> None:
    try:
        parse_registry(text)
    except ShopRegistryError as refused:
        assert refused.problems
