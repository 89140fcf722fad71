"""The 设置 (Settings) tab, typed: what the operator chose, with the template defaults for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.sheets.layout import Table, TableLayout
from sheet_templates.workspace import ON_OFF, SETTINGS, SETTINGS_ROWS, Lang

_ON = {t.zh for t in ON_OFF[:1]} | {t.en.casefold() for t in ON_OFF[:1]} | {"1", "true", "yes", "是"}
_MAX_ID_LINE = 300  # a longer line is no id or link of a spreadsheet (bounded before any pattern)
_SPREADSHEET_URL = re.compile(r"docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]{10,100})(?:[/?#]|$)")
_SPREADSHEET_ID = re.compile(r"[A-Za-z0-9_-]{10,100}")
_OFF = {t.zh for t in ON_OFF[1:]} | {t.en.casefold() for t in ON_OFF[1:]} | {"0", "false", "no", "否"}


def settings_layout(lang: Lang = "zh") -> TableLayout:
    return TableLayout.from_template(SETTINGS, lang)


@dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    auto_push: bool = False
    urgent_hours: float = 12.0
    stall_days: float = 3.0
    pickup_days: float = 2.0
    stale_sync_minutes: float = 30.0  # 0: no stopped-sync banner
    archive_after_days: float = 30.0  # 0: finished orders stay in 订单
    log_keep_days: float = 90.0  # 0: the 日志 tab is not trimmed by age
    log_keep_rows: float = 50000.0  # 0: nor by count
    exception_urgent_hours: float = 24.0  # 0: no 异常 row turns urgent (shared/reconcile/desk.py)
    # 设置 archive_spreadsheets: where archive tabs go once the workspace nears its cell limit
    # (shared/reconcile/archive_room.py), in order; () while none is listed
    archive_spreadsheets: tuple[str, ...] = ()
    archive_bad_lines: tuple[str, ...] = ()  # its lines that are no id or link (at most 40 characters each)
    problems: tuple[str, ...] = ()  # keys whose cell could not be read (the default was used)


def _defaults() -> dict[str, str]:
    return {s.key: s.default.zh for s in SETTINGS_ROWS}


def parse_settings(table: Table) -> WorkspaceSettings:
    """Typed settings from a read of the 设置 tab; an empty or unreadable value falls back to the default."""
    raw = _defaults()
    for row in table.rows:
        value = row["value"].strip()
        if row.key in raw and value:
            raw[row.key] = value
    problems: list[str] = []
    bad: list[str] = []

    def flag(key: str) -> bool:
        text = raw[key].casefold()
        if text in _ON:
            return True
        if text not in _OFF:
            problems.append(key)
        return False

    def number(key: str, default: float) -> float:
        try:
            value = float(raw[key])
        except ValueError:
            problems.append(key)
            return default
        if value < 0 or value != value:  # negative or NaN
            problems.append(key)
            return default
        return value

    return WorkspaceSettings(
        auto_push=flag("auto_push"),
        urgent_hours=number("urgent_hours", 12.0),
        stall_days=number("stall_days", 3.0),
        pickup_days=number("pickup_days", 2.0),
        stale_sync_minutes=number("stale_sync_minutes", 30.0),
        archive_after_days=number("archive_after_days", 30.0),
        log_keep_days=number("log_keep_days", 90.0),
        log_keep_rows=number("log_keep_rows", 50000.0),
        exception_urgent_hours=number("exception_urgent_hours", 24.0),
        archive_spreadsheets=spreadsheet_ids(raw["archive_spreadsheets"], bad),
        archive_bad_lines=tuple(bad),
        problems=tuple(problems + (["archive_spreadsheets"] if bad else [])),
    )


def spreadsheet_id_of(line: str) -> str | None:
    """A spreadsheet's id from its id or its link (https://docs.google.com/spreadsheets/d/<id>/edit);
    None: the line is neither."""
    text = line.strip()
    if not text or len(text) > _MAX_ID_LINE:
        return None
    if _SPREADSHEET_ID.fullmatch(text):
        return text
    found = _SPREADSHEET_URL.search(text)
    return found.group(1) if found else None


def spreadsheet_ids(cell: str, bad: list[str] | None = None) -> tuple[str, ...]:
    """One id or link per line (commas and spaces separate too), in order, each once. A part that is
    neither is left out, and added to ``bad`` (its first 40 characters)."""
    found: list[str] = []
    for part in re.split(r"[\s,;，；]+", cell[: _MAX_ID_LINE * 20]):
        if not part:
            continue
        sid = spreadsheet_id_of(part)
        if sid is None:
            if bad is not None:
                bad.append(part[:40])
        elif sid not in found:
            found.append(sid)
    return tuple(found)
