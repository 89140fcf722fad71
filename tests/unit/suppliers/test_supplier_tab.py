"""The 供应商 tab -> sources and 状态 cells (app layer, no I/O: nothing is fetched here)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from shared.app.supplier_feed import failure_sentence
from shared.app.supplier_tab import build_sources, parse_supplier_tab, status_cells
from shared.sheets.layout import TableLayout, build_table
from shared.suppliers.errors import SupplierAuthError, SupplierUnavailable
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.secret_binding import HOSTS_VARIABLE, secret_variable
from shared.suppliers.sheet_port import CellValue
from shared.suppliers.supplier_sheet import SupplierSheetSource
from sheet_templates.workspace import SUPPLIERS

HEADER = ["供应商", "对接方式", "联系人", "联系方式", "默认快递", "备注", "接入设置", "状态"]
API = "endpoint=https://acme.example/o; records_path=l; order_no_path=n; tracking_path=t"
# 乙's token, named for 乙, and the one host the deployment lets it go to.
ENV = {secret_variable("乙"): "tok", HOSTS_VARIABLE: json.dumps({secret_variable("乙"): ["acme.example"]})}


class NoPort:
    """A SheetPort that must not be used while building (it only counts how often it was made)."""

    made = 0

    def read_tab(self, spreadsheet_id: str, tab: str) -> list[list[str]]:
        raise AssertionError("no I/O while building")

    def add_tab(self, spreadsheet_id: str, tab: str) -> None:
        raise AssertionError("no I/O while building")

    def write_cells(self, spreadsheet_id: str, tab: str, cells: Sequence[CellValue]) -> None:
        raise AssertionError("no I/O while building")

    def append_rows(
        self, spreadsheet_id: str, tab: str, rows: Sequence[Sequence[str]], after_row: int
    ) -> None:
        raise AssertionError("no I/O while building")


def table(*rows: list[str]):  # type: ignore[no-untyped-def]
    return build_table(TableLayout.from_template(SUPPLIERS, "zh"), [HEADER, *rows])


def row(name: str, channel: str, settings: str = "", status: str = "", courier: str = "") -> list[str]:
    return [name, channel, "", "", courier, "", settings, status]


def build(tab):  # type: ignore[no-untyped-def]
    port = NoPort()

    def make() -> NoPort:
        port.made += 1
        return port

    built = build_sources(tab, ENV, make, None, "zh", lambda: datetime(2026, 11, 26, tzinfo=UTC))
    return built, port


def test_every_channel_builds_its_adapter_and_a_bad_row_blocks_no_other() -> None:
    tab = table(
        row("甲", "供应商表格", "spreadsheet_id=abc"),
        row("乙", "API", API, courier="中通快递"),
        row("丙", "API", "token=leaked-value"),
        row("丁", "微信/手动"),
        row("戊", "供应商表格", "spreadsheet_id=def"),
    )
    built, port = build(tab)
    kinds = {name: type(source) for name, source in built.sources}
    assert kinds == {"甲": SupplierSheetSource, "乙": HttpApiSource, "戊": SupplierSheetSource}
    assert port.made == 1  # one port shared by every supplier sheet
    texts = {r.key: built.statuses[r.number] for r in tab.rows}
    assert texts["甲"].startswith("已启用：供应商表格") and texts["乙"].startswith("已启用：接口")
    assert texts["丙"].startswith("设置有误") and "leaked-value" not in texts["丙"]
    assert texts["丁"].startswith("手动")
    built.close()


def test_no_supplier_sheet_no_port() -> None:
    built, port = build(table(row("乙", "API", API, courier="中通快递")))
    assert port.made == 0 and len(built.sources) == 1
    built.close()


def test_a_name_given_twice_is_used_once() -> None:
    parsed = parse_supplier_tab(
        table(row("甲", "API", API), row("甲", "供应商表格", "spreadsheet_id=x")).rows
    )
    assert [type(p).__name__ for p in parsed] == ["SupplierEntry", "SupplierRefusal"]


def test_status_cells_write_only_what_changed_and_show_pull_failures() -> None:
    active = "已启用：供应商表格，每次同步自动取回单号。"
    tab = table(
        row("甲", "供应商表格", "spreadsheet_id=a", status=active),
        row("乙", "供应商表格", "spreadsheet_id=b"),
    )
    built, _ = build(tab)
    assert [(c.key, c.value) for c in status_cells(tab, built, {})] == [("乙", active)]
    refused = failure_sentence(SupplierAuthError("HTTP 401 bad token", supplier_id="甲", code=401))
    failed = status_cells(tab, built, {"甲": refused})
    assert [c.key for c in failed] == ["甲", "乙"]
    assert failed[0].value == refused.zh and "401" in refused.zh and "bad token" not in refused.zh


def test_a_supplier_the_deployment_configures_is_shown_active_not_misconfigured() -> None:
    """``make demo`` gives 优品工厂's API source from the environment; its row names only the channel."""
    tab = table(row("优品工厂", "API"), row("乙", "API", API), row("丙", "API"))
    built = build_sources(
        tab, ENV, NoPort, None, "zh", lambda: datetime(2026, 11, 26, tzinfo=UTC), deployed={"优品工厂", "乙"}
    )
    texts = {r.key: built.statuses[r.number] for r in tab.rows}
    assert texts["优品工厂"] == "已启用：接口（部署时配置），每次同步自动取回单号。"
    assert texts["乙"].endswith("本行的接入设置未使用。")  # the deployment's source is the one pulled
    assert texts["丙"].startswith("设置有误")  # not deployed: its missing settings are still refused
    assert [name for name, _ in built.sources] == []
    built.close()


def test_statuses_follow_the_workspace_language() -> None:
    tab = build_table(
        TableLayout.from_template(SUPPLIERS, "en"),
        [
            [
                "Supplier",
                "Channel",
                "Contact",
                "How to reach",
                "Default courier",
                "Remarks",
                "Connection settings",
                "Status",
            ],
            ["A", "Supplier sheet", "", "", "", "", "spreadsheet_id=abc", ""],
            ["B", "API", "", "", "", "", "token=leaked-value", ""],
        ],
    )
    built = build_sources(tab, ENV, NoPort, None, "en", lambda: datetime(2026, 11, 26, tzinfo=UTC))
    texts = {r.key: built.statuses[r.number] for r in tab.rows}
    assert texts["A"] == "Active: supplier sheet, read at every sync."
    assert texts["B"].startswith("Not used: ") and not any("\u4e00" <= ch <= "\u9fff" for ch in texts["B"])
    failed = status_cells(tab, built, {"A": failure_sentence(SupplierUnavailable("timeout", code=503))})
    assert (
        failed[0].value
        == "Pull failed (code 503): the supplier's system did not answer; the next sync retries."
    )


def test_an_old_tab_without_the_status_column_gets_no_writes() -> None:
    old = build_table(TableLayout.from_template(SUPPLIERS, "zh"), [HEADER[:6], row("甲", "API")[:6]])
    built, _ = build(old)
    assert status_cells(old, built, {}) == []
    assert built.statuses  # still parsed: the missing settings are a refusal, not a crash
