"""The 供应商 tab -> the tick's supplier sources, and a 状态 cell per supplier row.

``parse_supplier_tab`` (pure) turns each row into a ``SupplierEntry`` (name, channel, settings) or a
refusal with a Chinese and English message; ``build_sources`` creates the adapters for the good rows
(secrets from the environment given, never from the sheet); ``status_cells`` writes each row's
outcome (its configuration, or the last pull's failure) to the row's 状态 cell, through the tick's
one guarded ``write_many``. A bad row never blocks the other suppliers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Row, Table
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.model import SupplierSource
from shared.suppliers.sheet_port import SheetPort
from shared.suppliers.supplier_settings import (
    Channel,
    SupplierSettingsError,
    SupplierSheetConfig,
    channel_of,
    http_config,
    parse_settings_cell,
    sheet_config,
)
from shared.suppliers.supplier_sheet import DetailsLookup, SupplierSheetSource
from sheet_templates.workspace import Lang

# The 状态 cell, in the workspace's language.
ACTIVE: dict[Channel, tuple[str, str]] = {
    "api": ("已启用：接口，每次同步自动取回单号。", "Active: API, pulled at every sync."),
    "sheet": ("已启用：供应商表格，每次同步自动取回单号。", "Active: supplier sheet, read at every sync."),
    "manual": (
        "手动：单号在“回传”页粘贴或直接填写。",
        "Manual: paste numbers in the Inbox tab or type them.",
    ),
}
# A supplier whose source the deployment configures (TickDeps.feed: environment, not the sheet), as
# ``make demo`` does: that source is what is used, whatever this row's 接入设置 says.
DEPLOYED: tuple[str, str] = (
    "已启用：接口（部署时配置），每次同步自动取回单号。",
    "Active: API (configured with the deployment), pulled at every sync.",
)
DEPLOYED_IGNORED: tuple[str, str] = (
    "已启用：接口（部署时配置），每次同步自动取回单号；本行的接入设置未使用。",
    "Active: API (configured with the deployment), pulled at every sync; this row's connection "
    "settings are not used.",
)


@dataclass(frozen=True, slots=True)
class SupplierEntry:
    """A usable 供应商 row: ``settings`` already parsed (secret names checked later, per channel)."""

    name: str
    row: Row
    channel: Channel
    settings: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class SupplierRefusal:
    name: str
    row: Row
    message_zh: str
    message_en: str


def parse_supplier_tab(rows: Sequence[Row]) -> list[SupplierEntry | SupplierRefusal]:
    """Each named row of the 供应商 tab, in order (pure). A name given twice is refused after the first."""
    out: list[SupplierEntry | SupplierRefusal] = []
    seen: set[str] = set()
    for row in rows:
        name = row.key.strip()
        if not name:
            continue
        if name in seen:
            out.append(
                SupplierRefusal(
                    name,
                    row,
                    f"供应商「{name}」出现了两次，只使用第一行。",
                    f"Supplier '{name}' is listed twice; only the first row is used.",
                )
            )
            continue
        seen.add(name)
        try:
            channel = channel_of(row["channel"], name)
            settings = parse_settings_cell(row["settings"], name)
        except SupplierSettingsError as exc:
            out.append(SupplierRefusal(name, row, exc.message_zh, exc.message_en))
            continue
        out.append(SupplierEntry(name, row, channel, settings))
    return out


@dataclass
class TabSources:
    """What the 供应商 tab configures: sources by supplier name, the 状态 text of every row, and
    what to close after the tick."""

    sources: list[tuple[str, SupplierSource]] = field(default_factory=list)
    statuses: dict[int, str] = field(default_factory=dict)  # sheet row -> 状态 text
    rows_of: dict[str, Row] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)
    lang: Lang = "zh"

    def close(self) -> None:
        for close in self.closers:
            close()


def build_sources(
    table: Table | None,
    env: Mapping[str, str],
    sheet_port: Callable[[], SheetPort],
    details: DetailsLookup | None,
    lang: Lang,
    clock: Callable[[], datetime],
    deployed: Collection[str] = (),
) -> TabSources:
    """Adapters for every good row; ``sheet_port`` is called once, only if a supplier sheet is used.
    ``deployed``: suppliers whose source the deployment already gives (their row builds nothing)."""
    built = TabSources(lang=lang)
    if table is None:
        return built
    port: SheetPort | None = None
    for item in parse_supplier_tab(table.rows):
        first = item.name not in built.rows_of
        built.rows_of.setdefault(item.name, item.row)
        if first and item.name in deployed:
            ignored = bool(item.row["settings"].strip())
            built.statuses[item.row.number] = _pick(DEPLOYED_IGNORED if ignored else DEPLOYED, lang)
            continue
        if isinstance(item, SupplierRefusal):
            built.statuses[item.row.number] = refused(item.message_zh, item.message_en, lang)
            continue
        default_courier = item.row["default_courier"]
        try:
            if item.channel == "api":
                source = HttpApiSource(http_config(item.name, item.settings, env, default_courier))
                built.closers.append(source.close)
                built.sources.append((item.name, source))
            elif item.channel == "sheet":
                config: SupplierSheetConfig = sheet_config(item.name, item.settings, default_courier)
                port = port or sheet_port()
                built.sources.append(
                    (item.name, SupplierSheetSource(config, port, details, lang=lang, clock=clock))
                )
        except SupplierSettingsError as exc:
            built.statuses[item.row.number] = refused(exc.message_zh, exc.message_en, lang)
            continue
        built.statuses[item.row.number] = _pick(ACTIVE[item.channel], lang)
    return built


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def refused(zh: str, en: str, lang: Lang) -> str:
    return f"设置有误，未使用：{zh}" if lang == "zh" else f"Not used: {en}"


def pull_failed(sentence: tuple[str, str], lang: Lang) -> str:
    """The last pull's failure (shared/app/supplier_feed.py ``failure_sentence``), never its exception."""
    return _pick(sentence, lang)[:500]


def status_cells(
    table: Table | None, built: TabSources, failures: Mapping[str, tuple[str, str]]
) -> list[CellWrite]:
    """The 状态 cells that change: each row's configuration outcome, or its pull failure this tick."""
    if table is None or "status" not in table.columns:
        return []  # a workspace made before the 状态 column existed: nothing to write into
    texts = dict(built.statuses)
    for name, message in failures.items():
        row = built.rows_of.get(name)
        if row is not None:
            texts[row.number] = pull_failed(message, built.lang)
    cells = []
    for row in table.rows:
        text = texts.get(row.number)
        if text is not None and row["status"] != text:
            cells.append(CellWrite(row.key, row.number, "status", text))
    return cells
