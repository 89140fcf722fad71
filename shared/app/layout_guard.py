"""A broken layout stops the writer, not the data (issue 12).

Every pass (the sync tick, a sheet edit, shop events) reads the tabs it needs leniently and asks
``check`` what is wrong with their headers BEFORE deciding or writing anything. Which headers a tab
needs is data (sheet_templates/required_columns.py). The pass then:

* ``stops``: a tab the decisions read (订单, 设置, 供应商) lacks a required header. Nothing is
  decided, pushed or written anywhere but the one alert; the journal's order facts, tracking state
  and event queue are left alone, so when the header is back the next pass finds everything as it was.
* ``writable(title)`` is False for any tab with a required header missing: that tab is not written
  (异常, 日志, 回传), and the pass goes on without it.
* One alert per broken tab is kept open on 异常 (``alerts``; in 日志 only when 异常 itself is broken),
  and resolved by the first pass that reads that tab's header back whole (``markers``). The journal
  gets one entry when a tab breaks and one when it is mended (``journal_changes``), not one per pass.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry
from shared.reconcile.plan import Alert
from shared.sheets.layout import Table
from sheet_templates.required_columns import DECISION_TABS
from sheet_templates.workspace import Lang

log = logging.getLogger("waybill.layout")
KIND = "layout_broken"
STATE = "layout/problems"  # journal state: tab title -> the message last journaled for it


def marker(title: str, lang: Lang) -> str:
    """What the 订单号 cell of a tab's layout alert holds (one open alert per tab)."""
    return f"{title}{' 表头' if lang == 'zh' else ' header'}"


@dataclass(frozen=True, slots=True)
class LayoutProblem:
    tab: str  # the template's tab id (orders, exceptions ...)
    title: str
    missing: tuple[str, ...]  # the template's header texts, in the workspace's language
    duplicated: tuple[str, ...]
    required: bool  # a required header is among them: the tab is not written
    stops: bool  # ... and the decisions read that tab: nothing is decided at all

    def message(self, lang: Lang) -> str:
        return _message_zh(self) if lang == "zh" else _message_en(self)

    def action(self, lang: Lang) -> str:
        names = _names(self.missing or self.duplicated, lang)
        if lang == "zh":
            return f"把表头改回{names}，或运行 init-sheet" if self.missing else f"只保留一列{names}"
        return (
            f"rename the header back to {names}, or run init-sheet" if self.missing else f"keep one {names}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "tab": self.tab,
            "title": self.title,
            "missing": list(self.missing),
            "duplicated": list(self.duplicated),
            "required": self.required,
            "stops": self.stops,
        }


def _names(headers: Iterable[str], lang: Lang) -> str:
    return "".join(f"「{h}」" for h in headers) if lang == "zh" else ", ".join(f"'{h}'" for h in headers)


def _message_zh(p: LayoutProblem) -> str:
    parts = []
    if p.missing:
        parts.append(f"找不到表头{_names(p.missing, 'zh')}（可能被改名、移走或删除）")
    if p.duplicated:
        parts.append(f"表头{_names(p.duplicated, 'zh')}出现了不止一次")
    what = "，".join(parts)
    if p.stops:
        then = "系统已暂停同步和推送，各行的状态、说明和物流保持原样"
    elif p.required:
        then = "这一页暂不写入，其余照常同步"
    else:
        then = "这一列暂不写入，其余照常同步"
    fix = "请把表头改回原文字" if p.missing else "请删掉或改名多出来的那一列"
    return f"「{p.title}」页{what}，{then}，{fix}，改好后下一轮自动恢复。"


def _message_en(p: LayoutProblem) -> str:
    parts = []
    if p.missing:
        parts.append(f"has no header {_names(p.missing, 'en')} (renamed, moved or deleted)")
    if p.duplicated:
        parts.append(f"has the header {_names(p.duplicated, 'en')} more than once")
    what = " and ".join(parts)
    if p.stops:
        then = "so syncing and pushing are paused and every row keeps its status, message and logistics"
    elif p.required:
        then = "so that tab is not written while everything else syncs"
    else:
        then = "so that column is not written while everything else syncs"
    fix = "rename the header back" if p.missing else "remove or rename the extra column"
    return f"The '{p.title}' tab {what}, {then}; {fix} and the next sync picks up where it left off."


def problem_of(table: Table) -> LayoutProblem | None:
    layout = table.layout
    if not table.unusual:
        return None

    def headers(fields: Iterable[str]) -> tuple[str, ...]:
        return tuple(layout.column(f).headers[0] for f in fields)

    required = bool(table.broken)
    return LayoutProblem(
        tab=layout.tab,
        title=layout.title,
        missing=headers(f for f in table.unusual if f in table.missing),
        duplicated=headers(f for f in table.unusual if f in table.duplicated),
        required=required,
        stops=required and layout.tab in DECISION_TABS,
    )


@dataclass(frozen=True, slots=True)
class LayoutCheck:
    """The headers of the tabs a pass read: what is wrong, and what that forbids."""

    checked: tuple[str, ...]  # titles of the tabs read (their alerts may be resolved)
    problems: tuple[LayoutProblem, ...]
    lang: Lang

    @property
    def stops(self) -> bool:
        return any(p.stops for p in self.problems)

    def writable(self, title: str) -> bool:
        return not any(p.title == title and p.required for p in self.problems)

    @property
    def markers(self) -> set[str]:
        return {marker(t, self.lang) for t in self.checked}

    def alerts(self) -> list[Alert]:
        return [
            Alert(
                marker(p.title, self.lang),
                KIND,
                Bilingual(p.message("zh"), p.message("en")),
                Bilingual(p.action("zh"), p.action("en")),
            )
            for p in self.problems
        ]

    def journal_changes(self, journal: Journal, at: datetime, actor: str) -> list[AuditEntry]:
        """Journal a tab breaking or being mended (once each, not every pass); returns the entries."""
        before: Mapping[str, object] = journal.get_state(STATE) or {}
        now = {p.title: p.message(self.lang) for p in self.problems}
        after = {t: m for t, m in before.items() if t not in self.checked and isinstance(m, str)}
        after.update(now)
        entries = []
        for title in self.checked:
            old, new = before.get(title), now.get(title)
            if new is not None and new != old:
                entries.append(
                    AuditEntry(at, actor, KIND, marker(title, self.lang), None, "", title, "sync", new)
                )
            elif new is None and isinstance(old, str):
                mended = "表头已恢复" if self.lang == "zh" else "header restored"
                entries.append(
                    AuditEntry(
                        at,
                        actor,
                        "layout_restored",
                        marker(title, self.lang),
                        None,
                        title,
                        "",
                        "sync",
                        mended,
                    )
                )
        for entry in entries:
            journal.append(entry)
        if after != dict(before):
            journal.put_state(STATE, dict(after))
        return entries

    def log(self) -> None:
        """The structured log line for the operator's monitoring, every pass while a tab is broken."""
        for p in self.problems:
            log.warning("sheet layout problem %s", json.dumps(p.as_dict(), ensure_ascii=False))


def check(tables: Iterable[Table], lang: Lang) -> LayoutCheck:
    read = list(tables)
    problems = tuple(p for p in (problem_of(t) for t in read) if p is not None)
    return LayoutCheck(tuple(t.title for t in read), problems, lang)
