"""The overview spreadsheet (总览, docs/shops.md) through functions-framework, the Pub/Sub emulator and
the Sheets emulator: three shops tick side by side from one scheduled message, one of them fails;
the overview has one row per shop in registry order, the failing one red with its error, the others
OK with their counts, and each refresh is ONE Sheets write."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from demo.local_functions import PROJECT
from emulators.control import SheetsControl
from functions import deps as function_deps
from shared.app.overview_record import RECORD_KEY
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from sheet_templates import overview as template
from tests.e2e.world import World, another_shop
from tests.functions.conftest import Deployed

B_APPID, B_SECRET = "wx0b0b0b0b0b0b0b0b", "shop-b-secret-0123456789abcdef"
OVERVIEW = "overview-0123456789"


@dataclass
class Three:
    deployed: Deployed
    a: World
    b: World
    journal: Path

    def schedule(self) -> None:
        pubsub = self.deployed.functions.pubsub
        assert pubsub is not None
        data = base64.b64encode(b'{"work": "schedule"}').decode()
        url = f"{pubsub.url}/v1/projects/{PROJECT}/topics/waybill-schedule:publish"
        httpx.post(url, json={"messages": [{"data": data}]}).raise_for_status()

    def overview(self) -> list[list[Any]]:
        """The 总览 tab's values, read through the emulator's control API (not a logged API call)."""
        try:
            found = SheetsControl(self.a.sheets_url, self.a.http).cells(OVERVIEW, "总览")["cells"]
        except Exception:
            return []  # not written yet
        values = {(c["row"], c["col"]): c.get("value") for c in found if c.get("value") not in (None, "")}
        height, width = max((r for r, _c in values), default=-1) + 1, len(template.COLUMNS)
        return [[values.get((r, c), "") for c in range(width)] for r in range(height)]

    def overview_calls(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for request in SheetsControl(self.a.sheets_url, self.a.http).requests():
            if OVERVIEW in request["path"]:
                counts[request["endpoint"]] = counts.get(request["endpoint"], 0) + 1
        return counts


@pytest.fixture
def three(deployed: Deployed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Three]:
    a, journal = deployed.world, tmp_path / "journal"
    SheetsControl(a.sheets_url, a.http).create_spreadsheet(OVERVIEW, properties={"title": "店群总览"})
    with another_shop(a, B_APPID, B_SECRET, Journal(LocalDirStore(journal / "shops" / "b"))) as b:
        registry = {
            "a": {"appid": a.shop.appid, "spreadsheet_id": a.spreadsheet_id},
            "b": {"appid": B_APPID, "spreadsheet_id": b.spreadsheet_id},
            # Shop c's workspace is not there: every tick of c raises (Pub/Sub retries it).
            "c": {"appid": "wx0c0c0c0c0c0c0c0c", "spreadsheet_id": "no-such-spreadsheet"},
        }
        for name, value in {
            "WAYBILL_SHOPS": json.dumps(registry),
            "WAYBILL_SHOP_A_SECRET": a.shop_secret,
            "WAYBILL_SHOP_B_SECRET": B_SECRET,
            "WAYBILL_SHOP_C_SECRET": "shop-c-secret",
            "WAYBILL_OVERVIEW_SPREADSHEET_ID": OVERVIEW,
        }.items():
            monkeypatch.setenv(name, value)
        function_deps.reset()
        yield Three(deployed, a, b, journal)


def _until(check: Callable[[], bool], seconds: float = 45.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def _rows(three: Three) -> dict[str, list[Any]]:
    return {row[0]: row for row in three.overview()[2:] if row[0]}


def test_one_row_per_shop_the_failing_one_with_its_error_and_one_write_per_refresh(
    three: Three, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="waybill.overview")
    three.a.create_order(), three.b.create_order(), three.b.create_order()
    SheetsControl(three.a.sheets_url, three.a.http).clear_log()

    three.schedule()

    def settled() -> bool:
        rows = _rows(three)
        return [r[1] for r in rows.values()] == ["正常", "正常", "同步失败"] and "连续失败" in rows["c"][-1]

    assert _until(settled), three.overview()
    table = three.overview()
    assert table[0][0].startswith("店铺总览 · 更新于 ")
    assert table[1] == [h.zh for _f, h in template.COLUMNS] and table[0][1:] == [""] * 9
    rows = _rows(three)
    assert list(rows) == ["a", "b", "c"]  # registry order, one row each
    assert rows["a"][2:6] == [1, 0, 0, 0] and rows["b"][2:6] == [2, 0, 0, 0]  # open orders, past, near, 异常
    assert rows["a"][-1] == "" and rows["a"][6]  # no error, a last good tick
    assert rows["c"][-1].startswith("工作表格读写失败（") and rows["c"][2:7] == ["", "", "", "", ""]
    cells = SheetsControl(three.a.sheets_url, three.a.http).cells(OVERVIEW, "总览")["cells"]
    c_row = next(c for c in cells if c["row"] == 4 and c["col"] == 0)
    assert c_row["fmt"]["backgroundColor"] == pytest.approx(template.FAILING_ROW.as_api(), abs=0.01)

    def outcomes() -> tuple[int, int, int]:
        messages = [r.getMessage() for r in caplog.records]
        refreshed, missed = messages.count("overview refreshed"), messages.count("overview not refreshed")
        deferred = messages.count("overview deferred: quota")  # the shared quota said wait: skipped
        return refreshed, deferred, missed

    def all_ended() -> bool:
        # a, b, and c at least twice: the tab can read settled while a shop's own refresh is still on
        # its way (another shop's refresh rewrites every row), so its outcome is waited for
        refreshed, deferred, missed = outcomes()
        return refreshed + deferred >= 2 and refreshed + deferred + missed >= 4

    assert _until(all_ended), outcomes()
    refreshed, deferred, missed = outcomes()
    calls = three.overview_calls()
    assert refreshed >= 1
    writes = calls.get("spreadsheets.batchUpdate", 0)
    # One write per refresh (a refresh that failed, e.g. two first writers both adding the tab,
    # wrote once too; a deferred one sent nothing; c's next retry may be writing right now).
    assert refreshed <= writes <= refreshed + missed + 1
    # the sheet ids: at most once per shop's first refresh (each shop's function instance keeps its
    # own; two may race before the tab exists), and again after a failed or deferred one
    assert 1 <= calls.get("spreadsheets.get", 0) <= 3 + missed + deferred
    assert set(calls) <= {"spreadsheets.batchUpdate", "spreadsheets.get"}  # no values call at all
    for shop in ("a", "b", "c"):
        assert (three.journal / "shops" / shop / RECORD_KEY).exists()


def _tick_the_one_shop(deployed: Deployed) -> None:
    pubsub = deployed.functions.pubsub
    assert pubsub is not None
    data = base64.b64encode(b'{"work": "tick"}').decode()
    url = f"{pubsub.url}/v1/projects/{PROJECT}/topics/waybill-tick:publish"
    httpx.post(url, json={"messages": [{"data": data}]}).raise_for_status()
    deployed.settle()


def test_one_shop_without_an_overview_records_nothing_and_with_one_has_its_row(
    deployed: Deployed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = deployed.world
    w.create_order()
    _tick_the_one_shop(deployed)
    assert w.records()  # ticked
    assert (tmp_path / "journal" / "state").is_dir()
    assert not list((tmp_path / "journal").glob("**/last_tick.json"))  # as before: nothing new

    SheetsControl(w.sheets_url, w.http).create_spreadsheet(OVERVIEW, properties={"title": "总览"})
    monkeypatch.setenv("WAYBILL_OVERVIEW_SPREADSHEET_ID", OVERVIEW)
    function_deps.reset()
    _tick_the_one_shop(deployed)
    assert (tmp_path / "journal" / RECORD_KEY).exists()  # the deployment's own journal
    three = Three(deployed, w, w, tmp_path / "journal")
    assert [row[:3] for row in three.overview()[2:]] == [["本店", "正常", 1]]
