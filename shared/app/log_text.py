"""The 日志 (Log) row of an audit entry, in the workspace's language (pure).

The journal keeps its words machine-readable and stable (``ship``, ``supplier:优品工厂``, ``ok``,
``failed 606004: …``, a supplier's ``source_ref``); the operator reads sentences. This is the one
place that turns the first into the second, for the tick's appended rows and ``rebuild-log`` alike,
so both always show the same wording. A word this module does not know is shown as stored (the
journal's text is better than nothing), and ``tests/unit/app/test_log_text.py`` keeps every word the
product writes known.
"""

from __future__ import annotations

import re

from shared.app import error_causes
from shared.couriers import find
from shared.domain.text import Bilingual
from shared.journal.records import AuditEntry
from shared.reconcile.causes import ASK, Cause, no_cause_here, not_a_cause
from shared.reconcile.deadline import to_sheet_time
from sheet_templates.workspace import ORDERS, Lang

# The buyer's draft message rides in the reason of a correction (shared/app/pushes.py).
BUYER_MARK = "；给买家的消息："

_ACTORS: dict[str, Bilingual] = {
    "system": Bilingual("系统", "System"),
    "operator": Bilingual("操作员", "Operator"),
    "shop": Bilingual("微信小店", "WeChat Shop"),
}

_SOURCES: dict[str, Bilingual] = {
    "sheet": Bilingual("表格", "Sheet"),
    "sync": Bilingual("自动同步", "Sync"),
    "shop": Bilingual("微信小店", "WeChat Shop"),
    "inbox": Bilingual("回传页", "Inbox"),
}

# {f}: the column's header in the workspace's language.
_ACTIONS: dict[str, Bilingual] = {
    "ship": Bilingual("推送单号到小店", "Pushed to the shop"),
    "correct": Bilingual("推送修正到小店", "Correction pushed to the shop"),
    "edit": Bilingual("修改{f}", "Edited {f}"),
    "fill": Bilingual("自动填入{f}", "Filled in {f}"),
    "edit_detected": Bilingual("发现{f}被修改", "{f} changed"),
    "fill_dropped": Bilingual("未填入{f}", "{f} not filled in"),
    "layout_broken": Bilingual("表头有误，暂停同步该页", "Header problem: that tab is paused"),
    "layout_restored": Bilingual("表头已恢复", "Header restored"),
    "restore_row": Bilingual("恢复订单行", "Row restored"),
    "found_on_shop": Bilingual("在小店发现{f}", "{f} found on the shop"),
    "link_suggested": Bilingual("建议{f}", "Suggested {f}"),
    # The exception desk (shared/app/desk_edit.py): an operator's 进度 on a 异常 row.
    "progress": Bilingual("更新异常进度", "Exception progress updated"),
    "resolve": Bilingual("异常已解决", "Exception resolved"),
    # The operator's 原因分类 (shared/app/desk_edit.py), taken or not.
    error_causes.CAUSE_ACTION: Bilingual("修改出错原因", "Cause changed"),
    error_causes.CAUSE_REFUSED: Bilingual("未采用出错原因", "Cause not taken"),
    # A number left 单号有误 or 单号重复 (shared/app/refusals.py), once per order and number.
    error_causes.REFUSED_ACTION: Bilingual("{f}未通过", "{f} refused"),
}
_OTHER_ACTION = Bilingual("记录", "Noted")

_REASONS: dict[str, Bilingual] = {
    "validated and ready": Bilingual(
        "单号已校验，自动推送", "The number was validated and pushed automatically"
    ),
    "an archived order came back to life (an after-sale, or open again in the shop)": Bilingual(
        "已归档的订单又有了新情况（售后，或在小店重新待发货），已从归档页移回订单页",
        "An archived order came back to life (an after-sale, or open again in the shop); "
        "its row was moved back from the archive tab",
    ),
    "open in the shop, its row was missing from the sheet": Bilingual(
        "订单在小店仍未完成，但表格里找不到它的行，已在表格末尾恢复",
        "The order is still open in the shop but its row was missing from the sheet; it was restored",
    ),
    "the operator confirmed a number that is also on another recipient's order": Bilingual(
        "操作员确认推送：这个单号也在收件人不同的订单上",
        "The operator confirmed the push of a number that is also on another recipient's order",
    ),
    "the operator corrected the number": Bilingual(
        "操作员修改了已推送的单号",
        "The operator corrected a pushed number",
    ),
    "the courier was corrected": Bilingual(
        "物流查询确认了另一家快递，推送快递公司修正",
        "Tracking confirmed another courier; the courier was corrected",
    ),
    "shipped in the shop": Bilingual(
        "已在小店后台发货，单号带回表格",
        "Shipped in the shop backend; the number was brought into the sheet",
    ),
    "the sheet differs from the shop after shipping": Bilingual(
        "发货后表格里的单号与小店里的不同",
        "After shipping, the sheet's number differs from the shop's",
    ),
    "the tracking provider confirms the sheet's courier, the shop records another": Bilingual(
        "物流查询确认了表格里的快递公司，小店里记录的是另一家",
        "Tracking confirms the sheet's courier; the shop records another",
    ),
    "the shop has numbers this system did not push": Bilingual(
        "小店里的单号不是本系统推送的（可能是在小店后台填写或修改的），已记入日志",
        "The shop has numbers this system did not push (entered or changed in the shop backend); logged",
    ),
    "read back from the shop after an interrupted push": Bilingual(
        "推送中断后，从小店订单核对了结果",
        "The result was read back from the shop after an interrupted push",
    ),
    "suggested: same recipient, quantities and day; not linked until typed in": Bilingual(
        "收件人、件数和下单日期都对得上的 1688 订单，仅作建议：操作员填入供应商单号后才关联",
        "A 1688 order with the same recipient, quantities and day; only a suggestion until the "
        "operator types it into the supplier order no.",
    ),
    "number refused: invalid": Bilingual(
        "单号有误（不符合快递公司的格式或校验，或小店不接受），没有推送",
        "The number is invalid (not the courier's format or check, or the shop does not take it); not pushed",
    ),
    "number refused: reused": Bilingual(
        "这个单号也在收件人不同的订单上，暂不推送",
        "The number is also on another recipient's order; held, not pushed",
    ),
    "number refused: wrong courier": Bilingual(
        "小店不接受这个单号配这家快递公司，没有推送",
        "The shop does not take this number with this courier; not pushed",
    ),
    "not written: the cell was no longer empty or the row moved": Bilingual(
        "单元格已有内容或行已移动，未填入",
        "Not written: the cell was no longer empty or the row moved",
    ),
}

# The sheet gateway's outcomes (shared/sheets/gateway.py Outcome), as a fill_dropped result.
_RESULTS: dict[str, Bilingual] = {
    "ok": Bilingual("成功", "Done"),
    "noted": Bilingual("已记录", "Recorded"),
    "skipped": Bilingual("已跳过", "Skipped"),
    "written": Bilingual("已写入", "Written"),
    "remapped": Bilingual("已写入移动后的行", "Written to the row's new place"),
    "row_gone": Bilingual("该行已不在表格中", "The row is no longer in the sheet"),
    "duplicate_key": Bilingual("订单号出现在多行", "The order ID is on several rows"),
    "operator_cell_filled": Bilingual("单元格已被填写", "The cell was filled in meanwhile"),
    "layout_changed": Bilingual("表头已变动", "The header changed"),
    "unknown_column": Bilingual("表格缺少这一列", "The sheet lacks this column"),
}

_CELL = re.compile(r"^(?P<tab>.+)!(?P<cells>\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)$")
_API_REF = re.compile(r"^(?P<who>.*) API page (?P<page>\d+) #(?P<index>\d+)(?: (?P<no>.+))?$")
_ROW_REF = re.compile(r"^(?P<where>.+) row (?P<row>\d+)$")
_LINE_REF = re.compile(r"^(?P<row>\d+) line (?P<line>\d+)$")
_FAILED = re.compile(r"^failed(?: (?P<code>[^:]*))?(?::.*)?$", re.DOTALL)


def _supplier(word: str) -> str | None:
    """The supplier of ``supplier:<name>`` (how the journal names a supplier actor or source)."""
    return word.split(":", 1)[1] if word.startswith("supplier:") else None


def actor_text(actor: str, lang: Lang) -> str:
    """Who: 系统, 操作员, 微信小店, 供应商 <name>, or an operator's e-mail as is."""
    supplier = _supplier(actor)
    if supplier is not None:
        return f"供应商 {supplier}" if lang == "zh" else f"Supplier {supplier}"
    known = _ACTORS.get(actor)
    return known.pick(lang) if known else actor


def source_text(source: str, lang: Lang) -> str:
    supplier = _supplier(source)
    if supplier is not None:
        return f"供应商 {supplier}" if lang == "zh" else f"Supplier {supplier}"
    known = _SOURCES.get(source)
    return known.pick(lang) if known else source


def field_text(field: str | None, lang: Lang) -> str:
    """The 订单 column a field id stands for, as its header reads (``tracking_numbers`` -> 快递单号)."""
    if not field:
        return "单元格" if lang == "zh" else "a cell"
    for column in ORDERS.columns:
        if column.field == field:
            return column.header.pick(lang)
    return field


def action_text(action: str, field: str | None, lang: Lang) -> str:
    template = _ACTIONS.get(action, _OTHER_ACTION).pick(lang)
    text = template.replace("{f}", field_text(field, lang))
    return text[:1].upper() + text[1:] if lang == "en" else text


def _where(ref: str, supplier: str | None, lang: Lang) -> str:
    """Where a supplier's number came from (a ``source_ref`` of shared/suppliers), as a phrase."""
    zh = lang == "zh"
    if found := _API_REF.match(ref):
        page, index, order_no = found["page"], found["index"], found["no"]
        if zh:
            text = f"供应商接口回传（第 {page} 页第 {index} 条"
            return text + (f"，供应商单号 {order_no}）" if order_no else "）")
        text = f"Reported by the supplier's API (page {page}, record {index}"
        return text + (f", supplier order no. {order_no})" if order_no else ")")
    if found := _LINE_REF.match(ref):
        row, line = found["row"], found["line"]
        return f"回传页第 {row} 行的第 {line} 行" if zh else f"Inbox row {row}, line {line}"
    if found := _ROW_REF.match(ref):
        where, row = found["where"], found["row"]
        if supplier is not None and where.startswith(f"{supplier} "):
            tab = where[len(supplier) + 1 :]
            return f"供应商表格「{tab}」第 {row} 行" if zh else f"Supplier sheet '{tab}', row {row}"
        return f"发货单 {where} 第 {row} 行" if zh else f"Shipment list {where}, row {row}"
    return ref


def reason_text(entry: AuditEntry, lang: Lang, *, ask: bool = False) -> str:
    """Why, in words; ``ask``: the cause is unknown, the row asks for it (before the buyer's draft,
    which is meant to be copied whole)."""
    reason, draft = entry.reason, ""
    if BUYER_MARK in reason:
        reason, draft = reason.split(BUYER_MARK, 1)
    known = _REASONS.get(reason)
    at = error_causes.target_time(reason)
    if known is not None:
        text = known.pick(lang)
    elif at is not None:
        text = f"{at} 推送的修正" if lang == "zh" else f"The correction pushed at {at}"
    elif (numbers := error_causes.target_numbers(reason)) is not None:
        named = " ".join(numbers)
        text = "被拒的单号" if lang == "zh" else "The refused number"
        text += f" {named}" if named else ""
    elif _CELL.match(reason):
        text = f"在单元格 {reason} 修改" if lang == "zh" else f"Typed in cell {reason}"
    elif entry.action == "fill" and (supplier := _supplier(entry.source)) is not None:
        text = _where(reason, supplier, lang)
    else:
        text = reason
    if ask:
        text += f"；{ASK.zh}" if lang == "zh" else f"; {ASK.en}"
    if draft:
        text += f"{BUYER_MARK}{draft}" if lang == "zh" else f"; message for the buyer: {draft}"
    return text


def result_text(result: str, lang: Lang) -> str:
    """成功 / 已记录 / 失败（平台错误码 …）: the platform's own English text stays in the journal."""
    known = _RESULTS.get(result)
    if known is not None:
        return known.pick(lang)
    if found := _FAILED.match(result):
        code = (found["code"] or "").strip()
        if not code or code == "local":
            return "失败：没有发送到小店" if lang == "zh" else "Failed: not sent to the shop"
        if code == "not_applied":  # read back from the order (shared/app/pushes.py)
            return Bilingual(
                "未生效：核对时小店订单上没有这次推送", "Not applied: the order does not have it"
            ).pick(lang)
        return f"失败（平台错误码 {code}）" if lang == "zh" else f"Failed (platform error {code})"
    return result


def value_text(value: str | None, field: str | None, lang: Lang) -> str:
    """An old/new value: a courier code reads as the courier's name; None as an empty cell."""
    if not value:
        return ""
    if field == "courier":
        courier = find(value)
        if courier is not None:
            return courier.name.pick(lang)
    if field == "cause" and (cause := Cause.of_text(value)) is not None:
        return cause.label.pick(lang)
    return value


#: A refused 原因分类 (``cause_refused``): its result's code -> what the 结果 cell says.
NOT_A_CAUSE = "not_a_cause"
NOT_APPLICABLE = "not_applicable"


def _cause_refusal(entry: AuditEntry, lang: Lang) -> str:
    if entry.result == NOT_APPLICABLE:
        return no_cause_here().pick(lang)
    return not_a_cause(entry.new or "").pick(lang)


def log_row(entry: AuditEntry, lang: Lang, cause: Cause | bool | None = False) -> dict[str, str]:
    """One 日志 row, by field id. ``cause`` (an accepted correction's or a refused number's,
    shared/app/error_causes.py): its 原因分类, None when unknown (the 原因 then asks for it); False:
    not a row with a cause."""
    reason = reason_text(entry, lang, ask=cause is None)
    if entry.action == error_causes.CAUSE_REFUSED:
        result = _cause_refusal(entry, lang)
    else:
        result = result_text(entry.result, lang)
    row = {
        "at": to_sheet_time(entry.at),
        "order_id": entry.order_id or "",
        "actor": actor_text(entry.actor, lang),
        "action": action_text(entry.action, entry.field_name, lang),
        "old": value_text(entry.old, entry.field_name, lang),
        "new": value_text(entry.new, entry.field_name, lang),
        "source": source_text(entry.source, lang),
        "reason": reason,
        "result": result,
    }
    if isinstance(cause, Cause):
        row["cause"] = cause.label.pick(lang)
    return row
