"""The 设置 (Settings) tab, typed: what the operator chose, with the template defaults for the rest."""

from __future__ import annotations

from dataclasses import dataclass

from shared.sheets.layout import Table, TableLayout
from sheet_templates.workspace import ON_OFF, SETTINGS, SETTINGS_ROWS, Lang

_ON = {t.zh for t in ON_OFF[:1]} | {t.en.casefold() for t in ON_OFF[:1]} | {"1", "true", "yes", "是"}
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
        problems=tuple(problems),
    )
