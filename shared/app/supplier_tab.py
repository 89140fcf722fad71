"""The 供应商 tab -> the tick's supplier sources, and a 状态 cell per supplier row.

``parse_supplier_tab`` (pure) turns each row into a ``SupplierEntry`` (name, channel, settings) or a
refusal with a Chinese and English message; ``build_sources`` creates the adapters for the good rows
(secrets from the environment given, never from the sheet), and, when the deployment has a drop for
shipment files, each good row's folder source beside its channel (shipment_files.py);
``status_cells`` writes each row's outcome (its configuration, or the last pull's failure, then its
shipment folder's) to the row's 状态 cell, through the tick's one guarded ``write_many``. A bad row
never blocks the other suppliers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from shared.app.shipment_files import ShipmentFiles
from shared.app.shops import SHOP_KEY_VARIABLE
from shared.app.supplier_sheet_memory import SheetPlace
from shared.domain.text import Bilingual
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Row, Table
from shared.suppliers.alibaba_1688.config import alibaba_config
from shared.suppliers.alibaba_1688.source import AlibabaSource
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.model import SupplierSource
from shared.suppliers.secret_binding import supplier_key
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
from shared.suppliers.supplier_sheet_layout import TAB_TITLE
from sheet_templates.workspace import Lang

# The 状态 cell, in the workspace's language.
ACTIVE: dict[Channel, Bilingual] = {
    "api": Bilingual("已启用：接口，每次同步自动取回单号。", "Active: API, pulled at every sync."),
    "sheet": Bilingual(
        "已启用：供应商表格，每次同步自动取回单号。", "Active: supplier sheet, read at every sync."
    ),
    "manual": Bilingual(
        "手动：单号在“回传”页粘贴或直接填写。",
        "Manual: paste numbers in the Inbox tab or type them.",
    ),
    "alibaba": Bilingual(
        "已启用：1688，每次同步按供应商单号（1688 订单号）自动取回单号。",
        "Active: 1688, numbers pulled at every sync by the supplier order no. (the 1688 order id).",
    ),
}
# A supplier whose source the deployment configures (TickDeps.feed: environment, not the sheet), as
# ``make demo`` does: that source is what is used, whatever this row's 接入设置 says.
DEPLOYED: Bilingual = Bilingual(
    "已启用：接口（部署时配置），每次同步自动取回单号。",
    "Active: API (configured with the deployment), pulled at every sync.",
)
DEPLOYED_IGNORED: Bilingual = Bilingual(
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
    message: Bilingual


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
                    Bilingual(
                        f"供应商「{name}」出现了两次，只使用第一行。",
                        f"Supplier '{name}' is listed twice; only the first row is used.",
                    ),
                )
            )
            continue
        seen.add(name)
        try:
            channel = channel_of(row["channel"], name)
            settings = parse_settings_cell(row["settings"], name)
        except SupplierSettingsError as exc:
            out.append(SupplierRefusal(name, row, exc.message))
            continue
        out.append(SupplierEntry(name, row, channel, settings))
    return out


@dataclass
class TabSources:
    """What the 供应商 tab configures: sources by supplier name, the 状态 text of every row, and
    what to close after the tick. ``places``: the supplier sheets in use now; ``retired``: sheets the
    tab no longer names that may still hold recipients (cleared only, see supplier_sheet_memory)."""

    sources: list[tuple[str, SupplierSource]] = field(default_factory=list)
    statuses: dict[int, str] = field(default_factory=dict)  # sheet row -> 状态 text
    rows_of: dict[str, Row] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)
    lang: Lang = "zh"
    places: list[SheetPlace] = field(default_factory=list)
    retired: list[tuple[SheetPlace, SupplierSheetSource]] = field(default_factory=list)
    files: ShipmentFiles | None = None  # the shipment-file drop, when the deployment has one
    file_rows: dict[int, str] = field(default_factory=dict)  # sheet row -> supplier with a folder

    def close(self) -> None:
        for close in self.closers:
            close()

    def still_to_clear(self) -> list[SheetPlace]:
        """The sheets to remember after this tick's pulls: those in use, and the retired ones whose
        last pull did not find them empty of recipients."""
        return [*self.places, *(place for place, source in self.retired if not source.drained)]


def build_sources(
    table: Table | None,
    env: Mapping[str, str],
    sheet_port: Callable[[], SheetPort],
    details: DetailsLookup | None,
    lang: Lang,
    clock: Callable[[], datetime],
    deployed: Collection[str] = (),
    *,
    workspace_id: str = "",
    remembered: Sequence[SheetPlace] = (),
    files: ShipmentFiles | None = None,
) -> TabSources:
    """Adapters for every good row; ``sheet_port`` is called once, only if a supplier sheet is used.
    ``deployed``: suppliers whose source the deployment already gives (their row builds nothing).
    ``workspace_id``: the workspace's own spreadsheet, never a supplier's; ``remembered``: the supplier
    sheets earlier ticks sent recipients to (those the tab no longer names are cleared only).
    ``files``: the shipment-file drop; each good row (deployed ones too) also gets its folder's source,
    after its channel's."""
    built = TabSources(lang=lang, files=files)
    port: SheetPort | None = None

    def get_port() -> SheetPort:
        nonlocal port
        port = port or sheet_port()
        return port

    items = parse_supplier_tab(table.rows) if table is not None else []
    sheets = _sheet_configs(items, deployed)
    api_keys: dict[str, str] = {}  # supplier key -> the first API row's name
    for item in items:
        first = item.name not in built.rows_of
        built.rows_of.setdefault(item.name, item.row)
        if first and item.name in deployed:
            ignored = bool(item.row["settings"].strip())
            built.statuses[item.row.number] = (DEPLOYED_IGNORED if ignored else DEPLOYED).pick(lang)
            _add_folder(built, item)
            continue
        if isinstance(item, SupplierRefusal):
            built.statuses[item.row.number] = refused(item.message.zh, item.message.en, lang)
            continue
        try:
            _add_channel(
                built, item, env, sheets, api_keys, get_port, details, clock, workspace_id, remembered
            )
        except SupplierSettingsError as exc:
            built.statuses[item.row.number] = refused(exc.message.zh, exc.message.en, lang)
            continue
        built.statuses[item.row.number] = ACTIVE[item.channel].pick(lang)
        _add_folder(built, item)
    _retire(built, sorted(set(remembered) - set(built.places)), get_port, clock)
    return built


def _add_channel(
    built: TabSources,
    item: SupplierEntry,
    env: Mapping[str, str],
    sheets: Mapping[str, SupplierSheetConfig | SupplierSettingsError],
    api_keys: dict[str, str],
    port: Callable[[], SheetPort],
    details: DetailsLookup | None,
    clock: Callable[[], datetime],
    workspace_id: str,
    remembered: Sequence[SheetPlace],
) -> None:
    """The row's channel adapter (its supplier API or its supplier sheet); raises
    SupplierSettingsError when the row's settings are refused (nothing is built then)."""
    default_courier = item.row["default_courier"]
    if item.channel == "api":
        _own_key(item.name, api_keys)
        source = HttpApiSource(http_config(item.name, item.settings, env, default_courier))
        built.closers.append(source.close)
        built.sources.append((item.name, source))
    elif item.channel == "alibaba":
        _own_key(item.name, api_keys)  # its variables are named for the supplier too
        alibaba = AlibabaSource(alibaba_config(item.name, item.settings, env, default_courier))
        built.closers.append(alibaba.close)
        built.sources.append((item.name, alibaba))
    elif item.channel == "sheet":
        config = sheets[item.name]
        if isinstance(config, SupplierSettingsError):
            raise config
        sharing_refusal(item.name, config.spreadsheet_id, workspace_id, sheets, remembered)
        config = shop_tab(config, env.get(SHOP_KEY_VARIABLE, ""), built.lang)
        sheet = SupplierSheetSource(config, port(), details, lang=built.lang, clock=clock)
        built.sources.append((item.name, sheet))
        built.places.append(SheetPlace(item.name, config.spreadsheet_id, sheet.tab))


def shop_tab(config: SupplierSheetConfig, shop: str, lang: Lang) -> SupplierSheetConfig:
    """With a shop registry, each shop's orders go to their own tab of a supplier's spreadsheet
    ("待发货 north"): a supplier shared by several shops keeps one spreadsheet, and no shop's tick
    ever reads another shop's rows (it would take them for orders it does not know and clear their
    recipients). Without shops the tab is the row's, as before."""
    if not shop:
        return config
    return replace(config, tab=f"{config.tab or TAB_TITLE.pick(lang)} {shop}")


def _retire(
    built: TabSources,
    places: Sequence[SheetPlace],
    port: Callable[[], SheetPort],
    clock: Callable[[], datetime],
) -> None:
    """Sources for the supplier sheets the tab no longer names: pulled only to clear recipients."""
    for place in places:
        config = SupplierSheetConfig(place.supplier, place.spreadsheet_id, place.tab)
        retired = SupplierSheetSource(config, port(), None, lang=built.lang, clock=clock, clearing_only=True)
        built.retired.append((place, retired))
        built.sources.append((place.supplier, retired))


def _add_folder(built: TabSources, item: SupplierEntry | SupplierRefusal) -> None:
    """The row's shipment folder as one more of its sources (beside its channel), once per name."""
    if built.files is None or item.name in built.file_rows.values():
        return
    built.file_rows[item.row.number] = item.name
    source = built.files.source_for(item.name)
    if source is not None:
        built.sources.append((item.name, source))


def _sheet_configs(
    items: Sequence[SupplierEntry | SupplierRefusal], deployed: Collection[str]
) -> dict[str, SupplierSheetConfig | SupplierSettingsError]:
    """The supplier-sheet rows' configs (or why not) by name, read before any row is built: a
    spreadsheet named on two rows refuses both, whichever comes first."""
    found: dict[str, SupplierSheetConfig | SupplierSettingsError] = {}
    for item in items:
        if isinstance(item, SupplierEntry) and item.channel == "sheet" and item.name not in found:
            if item.name in deployed:
                continue
            try:
                found[item.name] = sheet_config(item.name, item.settings, item.row["default_courier"])
            except SupplierSettingsError as exc:
                found[item.name] = exc
    return found


def sharing_refusal(
    name: str,
    spreadsheet_id: str,
    workspace_id: str,
    sheets: Mapping[str, SupplierSheetConfig | SupplierSettingsError],
    remembered: Sequence[SheetPlace],
) -> None:
    """One spreadsheet serves one supplier: never the workspace, never two suppliers' rows, and never a
    sheet another supplier used that may still hold their buyers' addresses."""

    def fail(zh: str, en: str) -> SupplierSettingsError:
        return SupplierSettingsError(Bilingual(zh, en), supplier_id=name, code="spreadsheet_id")

    if spreadsheet_id == workspace_id:
        raise fail(
            "spreadsheet_id 是工作表格本身，不能用作供应商表格（供应商会看到所有订单）："
            "请为供应商新建一个表格。",
            "spreadsheet_id is the workspace itself and cannot be a supplier sheet (the supplier would see "
            "every order): make a new spreadsheet for the supplier.",
        )
    earlier = sorted({p.supplier for p in remembered if p.spreadsheet_id == spreadsheet_id} - {name})
    if earlier:
        who = "、".join(earlier)
        raise fail(
            f"这个表格是供应商「{who}」使用过的表格，里面可能还有他们买家的收件信息，不能给别的供应商使用："
            "请为本供应商新建一个表格。",
            f"This spreadsheet was used for {', '.join(earlier)} and may still hold their buyers' "
            "addresses, so no other supplier may use it: make a new spreadsheet for this supplier.",
        )
    if any(p.spreadsheet_id == spreadsheet_id and p.supplier == name for p in remembered):
        return  # this supplier's own sheet: a newer row naming it is the one refused
    others = sorted(
        other
        for other, config in sheets.items()
        if other != name
        and isinstance(config, SupplierSheetConfig)
        and config.spreadsheet_id == spreadsheet_id
    )
    if others:
        raise fail(
            f"这个表格也填在供应商「{'、'.join(others)}」的行里：一个表格只能给一家供应商用，这些行都未使用。"
            "请为每家供应商各建一个表格。",
            f"This spreadsheet is also named on the row of {', '.join(others)}: one spreadsheet serves one "
            "supplier only, so none of these rows is used. Make one spreadsheet per supplier.",
        )


def _own_key(name: str, api_keys: dict[str, str]) -> None:
    """Two API rows whose names give the same supplier key would share one secret: the later is refused."""
    key = supplier_key(name)
    other = api_keys.setdefault(key, name)
    if other != name:
        raise SupplierSettingsError(
            Bilingual(
                f"供应商「{name}」与「{other}」的密钥变量名相同（WR_{key}_…），只使用「{other}」：请改一个名称。",
                f"Suppliers '{name}' and '{other}' give the same secret variable names (WR_{key}_...); only "
                f"'{other}' is used: rename one.",
            ),
            supplier_id=name,
            code="supplier_key",
        )


def refused(zh: str, en: str, lang: Lang) -> str:
    return f"设置有误，未使用：{zh}" if lang == "zh" else f"Not used: {en}"


def pull_failed(sentence: Bilingual, lang: Lang) -> str:
    """The last pull's failure (shared/app/supplier_feed.py ``failure_sentence``), never its exception."""
    return sentence.pick(lang)[:500]


def status_cells(
    table: Table | None, built: TabSources, failures: Mapping[str, Bilingual]
) -> list[CellWrite]:
    """The 状态 cells that change: each row's configuration outcome, or its pull failure this tick."""
    if table is None or "status" not in table.columns:
        return []  # a workspace made before the 状态 column existed: nothing to write into
    texts = dict(built.statuses)
    for name, message in failures.items():
        row = built.rows_of.get(name)
        if row is not None:
            texts[row.number] = pull_failed(message, built.lang)
    if built.files is not None:
        for number, name in built.file_rows.items():
            note = built.files.note(name, built.lang)
            if note and number in texts:
                texts[number] = f"{texts[number]}{'' if built.lang == 'zh' else ' '}{note}"
    cells = []
    for row in table.rows:
        text = texts.get(row.number)
        if text is not None and row["status"] != text:
            cells.append(CellWrite(row.key, row.number, "status", text))
    return cells
