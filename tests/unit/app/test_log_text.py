"""The 日志 row of each audit entry the product journals reads in the workspace's language, while the
journal keeps its stable, machine-readable words."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.app import log_text, sheet_plan
from shared.domain.text import Bilingual
from shared.journal.records import AuditEntry
from shared.reconcile import messages as msg
from shared.reconcile.plan import Alert
from sheet_templates.workspace import Lang, dropdown_values

ROOT = Path(__file__).resolve().parents[3]
AT = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)
CODE_WORD = re.compile(r"[A-Za-z_]{3,}")
DRAFT = "亲，您的订单（尾号1234）的快递单号已更新为：中通快递 73100029384757。"

# One of each entry the product journals (shared/app/tick/, pushes.py, functions/sheet_edit.py).
ENTRIES = [
    AuditEntry(
        AT,
        "supplier:优品工厂",
        "fill",
        "37001",
        "tracking_numbers",
        "",
        "73100029384756",
        "supplier:优品工厂",
        "优品工厂 API page 1 #3 GY-1",
        "noted",
    ),
    AuditEntry(
        AT,
        "supplier:甲工厂",
        "fill",
        "37001",
        "tracking_numbers",
        "",
        "73100029384756",
        "supplier:甲工厂",
        "甲工厂 待发货 row 5",
        "noted",
    ),
    AuditEntry(
        AT,
        "supplier:甲工厂",
        "fill",
        "37001",
        "tracking_numbers",
        "",
        "73100029384756",
        "supplier:甲工厂",
        "12 line 2",
        "noted",
    ),
    AuditEntry(
        AT, "shop", "fill", "37001", "tracking_numbers", "", "SF1", "shop", "shipped in the shop", "noted"
    ),
    AuditEntry(
        AT,
        "operator",
        "edit_detected",
        "37001",
        "tracking_numbers",
        "1",
        "2",
        "sheet",
        "the sheet differs from the shop after shipping",
        "noted",
    ),
    AuditEntry(
        AT,
        "operator",
        "edit_detected",
        "37001",
        "courier",
        "zhongtong",
        "yuantong",
        "sheet",
        "the tracking provider confirms the sheet's courier, the shop records another",
        "noted",
    ),
    AuditEntry(
        AT, "system", "ship", "37001", "tracking_numbers", "", "1", "sync", "validated and ready", "ok"
    ),
    AuditEntry(
        AT,
        "system",
        "ship",
        "37001",
        "tracking_numbers",
        "",
        "1",
        "sync",
        "validated and ready",
        "failed 606004: package has nothing to ship",
    ),
    AuditEntry(
        AT,
        "system",
        "ship",
        "37001",
        "tracking_numbers",
        "",
        "1",
        "sync",
        "validated and ready",
        "failed local: a correction replaces each package's number",
    ),
    AuditEntry(
        AT,
        "system",
        "correct",
        "37001",
        "tracking_numbers",
        "1",
        "2",
        "sync",
        f"the operator corrected the number；给买家的消息：{DRAFT}",
        "ok",
    ),
    AuditEntry(
        AT, "system", "correct", "37001", "courier", "1", "1", "sync", "the courier was corrected", "ok"
    ),
    AuditEntry(AT, "ops@example.com", "edit", "37001", "tracking_numbers", "", "SF1", "sheet", "订单!K5", ""),
    AuditEntry(
        AT,
        "shop",
        "found_on_shop",
        "37001",
        "tracking_numbers",
        "SF1",
        "SF2",
        "shop",
        "the shop has numbers this system did not push",
        "noted",
    ),
    AuditEntry(
        AT,
        "system",
        "ship",
        "37001",
        "tracking_numbers",
        "",
        "SF1",
        "sync",
        "read back from the shop after an interrupted push",
        "failed not_applied: read back: not on the order",
    ),
    AuditEntry(
        AT,
        "system",
        "fill_dropped",
        "37001",
        "courier",
        "",
        "中通快递",
        "sync",
        "not written: the cell was no longer empty or the row moved",
        "operator_cell_filled",
    ),
]


def english_words(row: dict[str, str], lang: Lang) -> list[str]:
    """ASCII words in the cells an operator reads (the 原值/新值 values are data, the e-mail a name)."""
    cells = [row["action"], row["source"], row["reason"], row["result"]]
    if "@" not in row["actor"]:
        cells.append(row["actor"])
    found = [w for cell in cells for w in CODE_WORD.findall(cell)]
    return found if lang == "zh" else [w for w in found if "_" in w]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.action}-{e.result[:10]}")
def test_a_chinese_workspace_reads_chinese(entry: AuditEntry) -> None:
    row = log_text.log_row(entry, "zh")
    assert english_words(row, "zh") == [], row
    assert not any(mark in text for text in row.values() for mark in ("[", "]", "None")), row


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.action}-{e.result[:10]}")
def test_an_english_workspace_reads_english(entry: AuditEntry) -> None:
    row = log_text.log_row(entry, "en")
    assert english_words(row, "en") == [], row  # no snake_case codes
    chinese = [c for c in (row["action"], row["result"]) if re.search(r"[\u4e00-\u9fff]", c)]
    assert chinese == [] and "None" not in str(row), row


def test_the_words_say_what_happened() -> None:
    fill, _, inbox, _, _, courier, ship, failed, local, correct, *_ = (
        log_text.log_row(e, "zh") for e in ENTRIES
    )
    assert (fill["actor"], fill["action"], fill["source"]) == (
        "供应商 优品工厂",
        "自动填入快递单号",
        "供应商 优品工厂",
    )
    assert (
        fill["reason"] == "供应商接口回传（第 1 页第 3 条，供应商单号 GY-1）" and fill["result"] == "已记录"
    )
    assert inbox["reason"] == "回传页第 12 行的第 2 行"
    assert (courier["old"], courier["new"]) == ("中通快递", "圆通速递")
    assert (ship["actor"], ship["action"], ship["reason"], ship["result"]) == (
        "系统",
        "推送单号到小店",
        "单号已校验，自动推送",
        "成功",
    )
    assert failed["result"] == "失败（平台错误码 606004）" and local["result"] == "失败：没有发送到小店"
    assert correct["reason"] == f"操作员修改了已推送的单号；给买家的消息：{DRAFT}"
    english = log_text.log_row(ENTRIES[9], "en")
    assert english["reason"] == f"The operator corrected a pushed number; message for the buyer: {DRAFT}"


def test_the_journal_keeps_its_codes() -> None:
    """The stored entry is untouched: wording is made when the row is."""
    entry = ENTRIES[6]
    log_text.log_row(entry, "zh")
    assert AuditEntry.from_json(entry.to_json()).reason == "validated and ready"


def _reasons_written_by(path: Path) -> set[str]:
    """Sentence-like literals (with a space) given to Push, AuditNote or AuditEntry, or to ``reason``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def literals(node: ast.AST) -> set[str]:
        # Parts of an f-string are not reasons by themselves (the result "failed {code}: …" is one).
        parts = {id(p) for n in ast.walk(node) if isinstance(n, ast.JoinedStr) for p in ast.walk(n)}
        return {
            n.value
            for n in ast.walk(node)
            if isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and " " in n.value
            and id(n) not in parts
        }

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Push", "AuditNote", "AuditEntry"):
            found |= literals(node)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "reason" for t in node.targets):
            found |= literals(node.value)
    return found


_TICK = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "shared/app/tick").glob("*.py"))


@pytest.mark.parametrize(
    "path", ["shared/reconcile/decide.py", "shared/reconcile/link_suggest.py", *_TICK, "shared/app/pushes.py"]
)
def test_every_reason_the_product_journals_has_words(path: str) -> None:
    unknown = {r for r in _reasons_written_by(ROOT / path) if CODE_WORD.search(r)} - set(log_text._REASONS)
    assert unknown == set(), f"add them to shared/app/log_text.py _REASONS: {unknown}"


def test_the_reasons_of_read_backs_and_found_numbers_have_words() -> None:
    from shared.app.found_on_shop import FOUND_REASON
    from shared.app.pushes import READ_BACK_REASON

    for reason in (FOUND_REASON, READ_BACK_REASON):
        assert reason in log_text._REASONS
    found = next(e for e in ENTRIES if e.action == "found_on_shop")
    not_applied = next(e for e in ENTRIES if "not_applied" in e.result)
    zh = log_text.log_row(found, "zh")
    shown = (zh["actor"], zh["action"], zh["old"], zh["new"])
    assert shown == ("微信小店", "在小店发现快递单号", "SF1", "SF2")
    assert log_text.log_row(not_applied, "zh")["result"].startswith("未生效")
    assert log_text.log_row(not_applied, "en")["result"].startswith("Not applied")


def test_alert_kinds_stand_alone_and_read_back_as_their_codes() -> None:
    for code in sheet_plan.ALERT_LABELS:
        for lang in ("zh", "en"):
            label = sheet_plan.alert_kind_text(code, lang)
            assert "[" not in label and sheet_plan.alert_code(label) == code
    assert sheet_plan.alert_code("超时未发货 [overdue]") == "overdue"  # a row written before


def test_exception_rows_use_only_dropdown_values_and_resolve_with_yes() -> None:
    from shared.sheets.layout import TableLayout, build_table
    from sheet_templates.workspace import EXCEPTIONS

    for lang in ("zh", "en"):
        layout = TableLayout.from_template(EXCEPTIONS, lang)
        header = [c.header.pick(lang) for c in EXCEPTIONS.columns]
        listed = build_table(
            layout, [header, ["t", "37001", sheet_plan.alert_kind_text("overdue", lang), "m", "a", "", ""]]
        )
        stop = Alert(
            "37002",
            "cancelled_stop_supplier",
            Bilingual("订单已取消。", "Cancelled."),
            msg.stop_action(False),
        )
        changes = sheet_plan.exception_changes([stop], listed.rows, lang, AT, {"37001", "37002"})
        assert [c.value for c in changes.resolved] == [dropdown_values("yes_no", lang)[0]]
        (new,) = changes.new_rows
        expected = "取消供应商订单" if lang == "zh" else "Cancel the supplier order"
        assert new["action"] == expected and "[" not in new["kind"]


@pytest.mark.parametrize("mark", ["否", "No", ""])
def test_an_alert_marked_no_is_still_open(mark: str) -> None:
    assert sheet_plan.is_open(mark) and not sheet_plan.is_open("是") and not sheet_plan.is_open("Yes")
