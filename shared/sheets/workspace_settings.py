"""The 设置 (Settings) tab, typed: what the operator chose, with the template defaults for the rest."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from shared.sheets.layout import Table, TableLayout
from sheet_templates.workspace import ON_OFF, SETTINGS, SETTINGS_ROWS, Lang

_ON = {t.zh for t in ON_OFF[:1]} | {t.en.casefold() for t in ON_OFF[:1]} | {"1", "true", "yes", "是"}
_MAX_ID_LINE = 300  # a longer line is no id or link of a spreadsheet (bounded before any pattern)
_SPREADSHEET_URL = re.compile(r"docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]{10,100})(?:[/?#]|$)")
_SPREADSHEET_ID = re.compile(r"[A-Za-z0-9_-]{10,100}")
_OFF = {t.zh for t in ON_OFF[1:]} | {t.en.casefold() for t in ON_OFF[1:]} | {"0", "false", "no", "否"}
_MAX_NUMBER = 40  # characters: a longer value is no number (bounded before float())

# Each number's range. Outside it the default is used and the row says so (``setting_notes``): a
# value like 1e9 meant as "never" is no duration Python can hold (timedelta(days=1e9) raises), and a
# tick built on it failed every time; 0 keeps its documented meaning (off) where a setting has one.
NUMBER_RANGES: Mapping[str, tuple[float, float]] = {
    "urgent_hours": (0, 720),
    # The logistics watch (shared/logistics/settings.py ``WatchSettings.validated``) takes more than
    # 0 and at most 2,880 hours, a stall at least 8 (shorter flags the provider's polling gaps, not a
    # stall; 物流停滞(天) from 0.34, 8.16 h). ``ABOVE_LOW``: more than the low end, not equal to it.
    "stall_days": (0.34, 120),
    "pickup_days": (0, 120),
    "no_pickup_warn_hours": (0, 2_880),
    "stall_warn_hours": (8, 2_880),
    "last_mile_stall_hours": (8, 2_880),
    "overdue_warn_hours": (0, 2_880),
    "overdue_hours": (0, 2_880),
    "stale_sync_minutes": (0, 43_200),
    "archive_after_days": (0, 3_650),
    "log_keep_days": (0, 3_650),
    "log_keep_rows": (0, 500_000),  # the 日志 tab's 9 columns: 4.5 million cells, the workspace's stop
    "exception_urgent_hours": (0, 8_760),
}
ABOVE_LOW = frozenset({"pickup_days", "no_pickup_warn_hours", "overdue_warn_hours", "overdue_hours"})
NOTE_MARK = "⚠ "  # starts a description that carries a settings note (cleared once the value is fixed)


def settings_layout(lang: Lang = "zh") -> TableLayout:
    return TableLayout.from_template(SETTINGS, lang)


@dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    auto_push: bool = False
    urgent_hours: float = 12.0
    stall_days: float = 3.0
    pickup_days: float = 2.0
    # the logistics watch's hour rows (shared/app/tracking_watch.py ``watch_settings``)
    no_pickup_warn_hours: float = 24.0
    stall_warn_hours: float = 48.0
    last_mile_stall_hours: float = 36.0
    overdue_warn_hours: float = 168.0
    overdue_hours: float = 360.0
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
        value = _number(raw[key], NUMBER_RANGES[key])
        if value is None or (key in ABOVE_LOW and value == NUMBER_RANGES[key][0]):
            problems.append(key)
            return default
        return value

    return WorkspaceSettings(
        auto_push=flag("auto_push"),
        urgent_hours=number("urgent_hours", 12.0),
        stall_days=number("stall_days", 3.0),
        pickup_days=number("pickup_days", 2.0),
        no_pickup_warn_hours=number("no_pickup_warn_hours", 24.0),
        stall_warn_hours=number("stall_warn_hours", 48.0),
        last_mile_stall_hours=number("last_mile_stall_hours", 36.0),
        overdue_warn_hours=number("overdue_warn_hours", 168.0),
        overdue_hours=number("overdue_hours", 360.0),
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


def _number(text: str, bounds: tuple[float, float]) -> float | None:
    """The number ``text`` holds when it is within ``bounds`` (NaN and infinity never are)."""
    if len(text) > _MAX_NUMBER:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    low, high = bounds
    return value if low <= value <= high else None


def setting_notes(table: Table, parsed: WorkspaceSettings, lang: Lang) -> list[tuple[str, int, str]]:
    """(key, row number, description) of the rows whose description (说明) is to change: a row
    whose value could not be used gets a note before its description (the value, what is accepted,
    the default used); a row whose note is no longer true gets its plain description back. Other rows
    are left as they are. archive_spreadsheets is not here: its bad lines are alerted on 异常."""
    templates = {s.key: s for s in SETTINGS_ROWS}
    wanted: list[tuple[str, int, str]] = []
    for row in table.rows:
        setting = templates.get(row.key)
        if setting is None or (row.key not in NUMBER_RANGES and row.key != "auto_push"):
            continue
        plain = setting.description.pick(lang)
        text = _note(row.key, row["value"].strip(), setting.default.pick(lang), lang) + plain
        if row.key not in parsed.problems:
            text = plain
            if not row["description"].startswith(NOTE_MARK):
                continue  # no note of ours to clear: the row stays as the operator's sheet has it
        if row["description"] != text:
            wanted.append((row.key, row.number, text))
    return wanted


def _note(key: str, value: str, default: str, lang: Lang) -> str:
    shown = value if len(value) <= 20 else value[:20] + "…"
    if key == "auto_push":
        on, off = ON_OFF[0].pick(lang), ON_OFF[1].pick(lang)
        zh = f"须为“{on}”或“{off}”"
        en = f"it must be {on} or {off}"
    else:
        low, high = NUMBER_RANGES[key]
        zh = f"须为 {low:g}–{high:g} 的数字"
        en = f"it must be a number from {low:g} to {high:g}"
        if key in ABOVE_LOW:
            zh = f"须为大于 {low:g}、不超过 {high:g} 的数字"
            en = f"it must be a number above {low:g}, at most {high:g}"
    if lang == "en":
        return f"{NOTE_MARK}'{shown}' cannot be used ({en}); the default {default} applies.\n"
    return f"{NOTE_MARK}“{shown}”无法使用（{zh}），现按默认值 {default} 执行。\n"
