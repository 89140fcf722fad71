"""Apply the workspace template (``sheet_templates.workspace``) to a spreadsheet, idempotently.

``init_workspace`` observes the spreadsheet (one metadata GET with grid data for the header rows and
the 设置 / 说明 tabs), computes what differs from the template (``plan_structure``, ``plan_content``;
both pure), and sends only that. A second run observes a workspace that already matches and sends
no write at all (one GET).

What it maintains, per tab: the tab itself, enough columns, the header texts, header colours,
column widths, a frozen header row, dropdowns (data validation on the column from row 2), warning-only
protection of system columns and of the header row, and, on 订单, one conditional-format rule per
row-state label (so colours follow sorting and filtering, and no tick spends API calls on them).
It also fills the 设置 rows (a value only when its cell is empty) and the 说明 legend and help, and on a
first run removes the blank default tab ("Sheet1" / "工作表1") a new spreadsheet comes with.

Operators reorder columns: an existing header is found by its text (either language) and kept where it
is; only missing headers are added, after the last used column. Nothing an operator typed is
overwritten except in system-owned places (headers, 设置 names/descriptions, 说明).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.sheets import a1
from shared.sheets.errors import SheetsError
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.layout import cell_text, normalise_header
from shared.sheets.settings import GOOGLE_SHEETS_BASE
from sheet_templates import workspace as tpl

PROTECT_PREFIX = "单号中继·"
HELP_ROWS = 60  # rows of 说明 / 设置 observed
_RULE_FORMULA = re.compile(r'^=\$([A-Z]{1,3})2="(.*)"$')
_COLOUR_TOLERANCE = 0.01
# The tab Google gives a new spreadsheet, by locale (en, zh_CN, zh_TW, ja).
_DEFAULT_TAB = re.compile(r"^(Sheet ?1|工作表 ?1|シート ?1)$")


@dataclass
class ObservedSheet:
    sheet_id: int
    title: str
    row_count: int
    column_count: int
    frozen_rows: int
    rows: list[list[dict[str, Any]]] = field(default_factory=list)  # grid cells from row 1
    widths: list[int] = field(default_factory=list)
    protected: list[dict[str, Any]] = field(default_factory=list)
    conditional: list[dict[str, Any]] = field(default_factory=list)

    def text(self, row: int, column: int) -> str:
        """1-based; the cell's formatted value ("" if empty)."""
        if row - 1 >= len(self.rows) or column - 1 >= len(self.rows[row - 1]):
            return ""
        c = self.rows[row - 1][column - 1]
        if "formattedValue" in c:
            return cell_text(c["formattedValue"])
        uev = c.get("userEnteredValue") or {}
        for k in ("stringValue", "numberValue", "boolValue", "formulaValue"):
            if k in uev:
                return cell_text(uev[k])
        return ""

    def cell(self, row: int, column: int) -> Mapping[str, Any]:
        if row - 1 >= len(self.rows) or column - 1 >= len(self.rows[row - 1]):
            return {}
        return self.rows[row - 1][column - 1]

    def header(self) -> list[str]:
        width = len(self.rows[0]) if self.rows else 0
        return [self.text(1, c) for c in range(1, width + 1)]

    def width(self, column: int) -> int | None:
        return self.widths[column - 1] if column - 1 < len(self.widths) else None

    def last_used_row(self) -> int:
        last = 0
        for r in range(1, len(self.rows) + 1):
            if any(self.text(r, c) for c in range(1, len(self.rows[r - 1]) + 1)):
                last = r
        return last


def observe(meta: Mapping[str, Any]) -> dict[str, ObservedSheet]:
    """title -> ObservedSheet from a ``spreadsheets.get`` answer (grid data optional)."""
    out: dict[str, ObservedSheet] = {}
    for sheet in meta.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        obs = ObservedSheet(
            sheet_id=int(props.get("sheetId", 0)),
            title=str(props.get("title", "")),
            row_count=int(grid.get("rowCount", 0)),
            column_count=int(grid.get("columnCount", 0)),
            frozen_rows=int(grid.get("frozenRowCount", 0)),
            protected=list(sheet.get("protectedRanges", [])),
            conditional=list(sheet.get("conditionalFormats", [])),
        )
        for data in sheet.get("data", []):
            if int(data.get("startRow", 0)) != 0 or int(data.get("startColumn", 0)) != 0:
                continue  # we only ask for ranges anchored at A1
            obs.rows = [list(r.get("values", [])) for r in data.get("rowData", [])]
            obs.widths = [int(m.get("pixelSize", 100)) for m in data.get("columnMetadata", [])]
        out[obs.title] = obs
    return out


# --- planning (pure) -----------------------------------------------------------------------------


def column_positions(tab: tpl.Tab, header: Sequence[str]) -> dict[str, int]:
    """field -> 1-based column: existing headers stay where they are; missing ones go after the last."""
    known: dict[str, str] = {}
    for col in tab.columns:
        for lang in tpl.LANGS:
            known.setdefault(normalise_header(col.header.pick(lang)), col.field)
    positions: dict[str, int] = {}
    for index, text in enumerate(header, start=1):
        name = known.get(normalise_header(text))
        if name is not None and name not in positions:
            positions[name] = index
    used = max([i for i, t in enumerate(header, start=1) if t.strip()], default=0)
    for col in tab.columns:
        if col.field not in positions:
            used += 1
            positions[col.field] = used
    return positions


def plan_structure(
    observed: Mapping[str, ObservedSheet], lang: tpl.Lang, tabs: Sequence[tpl.Tab] = tpl.TABS
) -> list[dict[str, Any]]:
    """addSheet for missing tabs, appendDimension for tabs with too few columns."""
    requests: list[dict[str, Any]] = []
    for position, tab in enumerate(tabs):
        title = tab.title.pick(lang)
        obs = observed.get(title)
        if obs is None:
            # A new tab goes to its template position (订单 first, before a stray "Sheet1"); existing
            # tabs stay where the operator put them.
            requests.append(
                {
                    "addSheet": {
                        "properties": {
                            "title": title,
                            "index": position,
                            "gridProperties": {
                                "rowCount": 1000,
                                "columnCount": _columns_of_new_tab(tab),
                                "frozenRowCount": 1,
                            },
                        }
                    }
                }
            )
            continue
        needed = max(column_positions(tab, obs.header()).values())
        if needed > obs.column_count:
            requests.append(
                {
                    "appendDimension": {
                        "sheetId": obs.sheet_id,
                        "dimension": "COLUMNS",
                        "length": needed - obs.column_count,
                    }
                }
            )
    return requests


@dataclass
class ContentPlan:
    values: list[dict[str, Any]] = field(default_factory=list)  # values:batchUpdate data (RAW)
    requests: list[dict[str, Any]] = field(default_factory=list)  # spreadsheets:batchUpdate

    @property
    def empty(self) -> bool:
        return not self.values and not self.requests


def plan_content(
    observed: Mapping[str, ObservedSheet], lang: tpl.Lang, tabs: Sequence[tpl.Tab] = tpl.TABS
) -> ContentPlan:
    """Everything but tabs and grid size. Call after ``plan_structure`` found nothing to do."""
    plan = ContentPlan()
    positions_of: dict[str, dict[str, int]] = {}
    for tab in tabs:
        obs = observed.get(tab.title.pick(lang))
        if obs is None:
            raise SheetsError(f"tab {tab.title.pick(lang)!r} is missing; apply plan_structure first")
        positions_of[tab.key] = column_positions(tab, obs.header())
    deletes: list[tuple[int, int]] = []  # (sheetId, index) of our outdated rules
    for tab in tabs:
        obs = observed[tab.title.pick(lang)]
        pos = positions_of[tab.key]
        _plan_tab(plan, tab, obs, pos, positions_of, lang, observed)
        if tab.key == "orders":
            deletes += _plan_state_rules(plan, obs, pos["status"], max(pos.values()), lang)
        if tab.key == "exceptions":
            deletes += _plan_urgent_rule(plan, obs, pos["urgent"], max(pos.values()))
        if tab.key == "settings":
            _plan_settings(plan, obs, pos, lang)
        if tab.key == "help":
            _plan_help(plan, obs, pos, lang)
    # Deletes first, highest index first, so the remaining indexes stay valid.
    plan.requests[:0] = [
        {"deleteConditionalFormatRule": {"sheetId": sid, "index": idx}}
        for sid, idx in sorted(deletes, reverse=True)
    ]
    return plan


def _plan_tab(
    plan: ContentPlan,
    tab: tpl.Tab,
    obs: ObservedSheet,
    pos: Mapping[str, int],
    positions_of: Mapping[str, Mapping[str, int]],
    lang: tpl.Lang,
    observed: Mapping[str, ObservedSheet],
) -> None:
    sid = obs.sheet_id
    title = obs.title
    for col in tab.columns:
        c = pos[col.field]
        header = col.header.pick(lang)
        known = {normalise_header(col.header.pick(lg)) for lg in tpl.LANGS}
        if normalise_header(obs.text(1, c)) not in known:
            plan.values.append({"range": a1.sheet_range(title, a1.cell(1, c)), "values": [[header]]})
        bg, fg = (
            (tpl.SYSTEM_HEADER_BG, tpl.SYSTEM_HEADER_FG)
            if col.owner == "system"
            else (tpl.OPERATOR_HEADER_BG, tpl.OPERATOR_HEADER_FG)
        )
        if not _header_format_ok(obs.cell(1, c), bg, fg):
            plan.requests.append(
                {
                    "repeatCell": {
                        "range": a1.grid_range(sid, 1, 1, c, c),
                        "cell": {
                            "userEnteredFormat": {
                                "backgroundColor": bg.as_api(),
                                "textFormat": {"bold": True, "foregroundColor": fg.as_api()},
                            }
                        },
                        "fields": "userEnteredFormat(backgroundColor,textFormat)",
                    }
                }
            )
        if obs.width(c) != col.width:
            plan.requests.append(
                {
                    "updateDimensionProperties": {
                        "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": c - 1, "endIndex": c},
                        "properties": {"pixelSize": col.width},
                        "fields": "pixelSize",
                    }
                }
            )
        if col.note is not None and obs.cell(1, c).get("note", "") != col.note.pick(lang):
            plan.requests.append(
                {
                    "updateCells": {
                        "range": a1.grid_range(sid, 1, 1, c, c),
                        "rows": [{"values": [{"note": col.note.pick(lang)}]}],
                        "fields": "note",
                    }
                }
            )
        if col.dropdown is not None:
            rule = _dropdown_rule(col.dropdown, lang, positions_of, observed)
            if not _validation_equal(obs.cell(2, c).get("dataValidation"), rule):
                plan.requests.append(
                    {"setDataValidation": {"range": a1.grid_range(sid, 2, None, c, c), "rule": rule}}
                )
        if col.text and not is_text_format(obs.cell(1, c)):
            plan.requests.append(text_format_request(sid, c))
        if col.owner == "system":
            _protect(
                plan, obs, f"{PROTECT_PREFIX}{tab.key}.{col.field}", a1.grid_range(sid, None, None, c, c)
            )
    if obs.frozen_rows != 1:
        plan.requests.append(
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": sid, "gridProperties": {"frozenRowCount": 1}},
                    "fields": "gridProperties.frozenRowCount",
                }
            }
        )
    _protect(plan, obs, f"{PROTECT_PREFIX}{tab.key}.header", a1.grid_range(sid, 1, 1, None, None))


def _columns_of_new_tab(tab: tpl.Tab) -> int:
    """Columns of a new tab's grid. Every grid cell counts against Google's 10 million per
    spreadsheet: 日志, which only the system writes and which holds up to 50,000 rows, gets exactly its
    columns; the other tabs keep 26 (room for an operator's own notes)."""
    return len(tab.columns) if tab.key == "log" else max(26, len(tab.columns))


def is_text_format(cell: Mapping[str, Any]) -> bool:
    """The cell is formatted as plain text (格式 → 数字 → 纯文本)."""
    fmt = cell.get("userEnteredFormat") or {}
    return bool((fmt.get("numberFormat") or {}).get("type") == "TEXT")


def text_format_request(sheet_id: int, column: int) -> dict[str, Any]:
    """Plain-text format on a whole identifier column, header included (the header cell is how a
    later run sees the column is done). Only the number format is touched: what is typed stays text,
    and values already in the column are left as they are (the sync flags any that became numbers)."""
    return {
        "repeatCell": {
            "range": a1.grid_range(sheet_id, None, None, column, column),
            "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
            "fields": "userEnteredFormat.numberFormat",
        }
    }


def _protect(plan: ContentPlan, obs: ObservedSheet, description: str, rng: dict[str, Any]) -> None:
    # Matched by description: a protected range moves with its column, so its position is not checked.
    if any(p.get("description") == description for p in obs.protected):
        return
    plan.requests.append(
        {
            "addProtectedRange": {
                "protectedRange": {"range": rng, "description": description, "warningOnly": True}
            }
        }
    )


def _colour_close(seen: Mapping[str, Any] | None, want: tpl.Rgb) -> bool:
    seen = seen or {}
    return all(abs(float(seen.get(ch, 0.0)) - v) <= _COLOUR_TOLERANCE for ch, v in want.as_api().items())


def _header_format_ok(cell: Mapping[str, Any], bg: tpl.Rgb, fg: tpl.Rgb) -> bool:
    fmt = cell.get("userEnteredFormat") or {}
    text = fmt.get("textFormat") or {}
    return (
        _colour_close(fmt.get("backgroundColor"), bg)
        and bool(text.get("bold"))
        and _colour_close(text.get("foregroundColor"), fg)
    )


def _dropdown_rule(
    kind: tpl.DropdownKind,
    lang: tpl.Lang,
    positions_of: Mapping[str, Mapping[str, int]],
    observed: Mapping[str, ObservedSheet],
) -> dict[str, Any]:
    if kind == "suppliers":
        col = a1.column_letter(positions_of["suppliers"]["name"])
        source = a1.quote_sheet(tpl.SUPPLIERS.title.pick(lang))
        condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": f"={source}!${col}$2:${col}"}]}
    else:
        condition = {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": v} for v in tpl.dropdown_values(kind, lang)],
        }
    # strict=False: a value outside the list is flagged by Sheets, not rejected, so a supplier's paste
    # is never lost; our own validation explains it on the row.
    return {"condition": condition, "strict": False, "showCustomUi": True}


def _validation_equal(seen: Mapping[str, Any] | None, want: Mapping[str, Any]) -> bool:
    if not seen:
        return False
    s_cond, w_cond = seen.get("condition") or {}, want["condition"]
    s_vals = [v.get("userEnteredValue") for v in s_cond.get("values") or []]
    w_vals = [v.get("userEnteredValue") for v in w_cond.get("values") or []]
    return (
        s_cond.get("type") == w_cond.get("type")
        and s_vals == w_vals
        and bool(seen.get("strict", False)) == bool(want["strict"])
        and bool(seen.get("showCustomUi", False)) == bool(want["showCustomUi"])
    )


def _state_labels() -> set[str]:
    return {
        label.pick(lg)
        for st in tpl.ROW_STATES
        for label, _c, _m in st.labels_and_colours()
        for lg in tpl.LANGS
    }


def _formula_of(rule: Mapping[str, Any]) -> str:
    cond = (rule.get("booleanRule") or {}).get("condition") or {}
    values = cond.get("values") or [{}]
    return str(values[0].get("userEnteredValue", "")) if cond.get("type") == "CUSTOM_FORMULA" else ""


def _plan_state_rules(
    plan: ContentPlan, obs: ObservedSheet, status_col: int, width: int, lang: tpl.Lang
) -> list[tuple[int, int]]:
    letter = a1.column_letter(status_col)
    want: dict[str, tpl.Rgb] = {}
    for st in tpl.ROW_STATES:
        for label, colour, _meaning in st.labels_and_colours():
            text = label.pick(lang).replace('"', '""')
            want[f'=${letter}2="{text}"'] = colour
    rng = a1.grid_range(obs.sheet_id, 2, None, 1, width)
    ours = _state_labels()
    deletes: list[tuple[int, int]] = []
    present: set[str] = set()
    for index, rule in enumerate(obs.conditional):
        formula = _formula_of(rule)
        m = _RULE_FORMULA.match(formula)
        if not m or m.group(2).replace('""', '"') not in ours:
            continue  # not one of ours: an operator's rule stays
        wanted_colour = want.get(formula)
        fmt = (rule.get("booleanRule") or {}).get("format") or {}
        ranges = rule.get("ranges") or []
        if (
            wanted_colour is not None
            and formula not in present
            and ranges == [rng]
            and _colour_close(fmt.get("backgroundColor"), wanted_colour)
        ):
            present.add(formula)
        else:
            deletes.append((obs.sheet_id, index))
    for formula, colour in want.items():
        if formula in present:
            continue
        plan.requests.append(
            {
                "addConditionalFormatRule": {
                    "index": 0,
                    "rule": {
                        "ranges": [rng],
                        "booleanRule": {
                            "condition": {
                                "type": "CUSTOM_FORMULA",
                                "values": [{"userEnteredValue": formula}],
                            },
                            "format": {"backgroundColor": colour.as_api()},
                        },
                    },
                }
            }
        )
    return deletes


_URGENT_FORMULA = re.compile(r'^=\$([A-Z]{1,3})2<>""$')


def _plan_urgent_rule(
    plan: ContentPlan, obs: ObservedSheet, urgent_col: int, width: int
) -> list[tuple[int, int]]:
    """异常: one conditional-format rule colours a row whose 紧急 cell is not empty (the desk's urgent
    rows, shared/reconcile/desk.py), so the colour costs no write per tick and follows sorting. Ours
    is told by its shape and colour; an outdated one of ours (the column moved) is replaced."""
    want = f'=${a1.column_letter(urgent_col)}2<>""'
    rng = a1.grid_range(obs.sheet_id, 2, None, 1, width)
    deletes: list[tuple[int, int]] = []
    present = False
    for index, rule in enumerate(obs.conditional):
        formula = _formula_of(rule)
        fmt = (rule.get("booleanRule") or {}).get("format") or {}
        if not _URGENT_FORMULA.match(formula) or not _colour_close(
            fmt.get("backgroundColor"), tpl.URGENT_ROW
        ):
            continue  # not ours
        if formula == want and not present and (rule.get("ranges") or []) == [rng]:
            present = True
        else:
            deletes.append((obs.sheet_id, index))
    if not present:
        condition = {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": want}]}
        rule = {
            "ranges": [rng],
            "booleanRule": {"condition": condition, "format": {"backgroundColor": tpl.URGENT_ROW.as_api()}},
        }
        plan.requests.append({"addConditionalFormatRule": {"index": 0, "rule": rule}})
    return deletes


def _plan_settings(plan: ContentPlan, obs: ObservedSheet, pos: Mapping[str, int], lang: tpl.Lang) -> None:
    key_col = pos["key"]
    rows_by_key = {
        obs.text(r, key_col).strip(): r for r in range(2, len(obs.rows) + 1) if obs.text(r, key_col)
    }
    next_row = max(obs.last_used_row(), 1) + 1
    for setting in tpl.SETTINGS_ROWS:
        row = rows_by_key.get(setting.key)
        if row is None:
            row = next_row
            next_row += 1
        wanted = {
            "key": setting.key,
            "name": setting.name.pick(lang),
            "description": setting.description.pick(lang),
        }
        for name, text in wanted.items():
            if obs.text(row, pos[name]) != text:
                plan.values.append(
                    {"range": a1.sheet_range(obs.title, a1.cell(row, pos[name])), "values": [[text]]}
                )
        # The value is the operator's: only filled when empty, and only with a default (the 查询 row
        # has none: its value is what the operator looks up).
        if not obs.text(row, pos["value"]).strip() and setting.default.pick(lang):
            plan.values.append(
                {
                    "range": a1.sheet_range(obs.title, a1.cell(row, pos["value"])),
                    "values": [[setting.default.pick(lang)]],
                }
            )


def help_rows(lang: tpl.Lang) -> list[tuple[str, str, tpl.Rgb | None]]:
    """Rows 2.. of 说明: the legend (label, meaning, colour), a blank row, then the help lines."""
    rows: list[tuple[str, str, tpl.Rgb | None]] = list(tpl.legend_rows(lang))
    rows.append(("", "", None))
    rows += [(line.pick(lang), "", None) for line in tpl.HELP_LINES]
    return rows


def _plan_help(plan: ContentPlan, obs: ObservedSheet, pos: Mapping[str, int], lang: tpl.Lang) -> None:
    label_col, meaning_col = pos["label"], pos["meaning"]
    for offset, (label, meaning, colour) in enumerate(help_rows(lang)):
        row = 2 + offset
        for col, text in ((label_col, label), (meaning_col, meaning)):
            if obs.text(row, col) != text:
                plan.values.append(
                    {"range": a1.sheet_range(obs.title, a1.cell(row, col)), "values": [[text]]}
                )
        if colour is not None and not _colour_close(
            (obs.cell(row, label_col).get("userEnteredFormat") or {}).get("backgroundColor"), colour
        ):
            plan.requests.append(
                {
                    "repeatCell": {
                        "range": a1.grid_range(obs.sheet_id, row, row, label_col, label_col),
                        "cell": {"userEnteredFormat": {"backgroundColor": colour.as_api()}},
                        "fields": "userEnteredFormat.backgroundColor",
                    }
                }
            )


# --- I/O -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InitReport:
    structure_requests: int
    value_ranges: int
    format_requests: int

    @property
    def changed(self) -> bool:
        return bool(self.structure_requests or self.value_ranges or self.format_requests)


def _observation_ranges(lang: tpl.Lang, titles: Sequence[str]) -> list[str]:
    ranges = []
    deep = {tpl.SETTINGS.title.pick(lang), tpl.HELP.title.pick(lang)}
    for title in titles:
        last = HELP_ROWS if title in deep else 2
        ranges.append(a1.sheet_range(title, f"1:{last}"))
    return ranges


def _fetch(
    http: SheetsHTTPClient, spreadsheet_id: str, lang: tpl.Lang, titles: Sequence[str]
) -> dict[str, Any]:
    params: dict[str, Any] = {"includeGridData": "true", "ranges": _observation_ranges(lang, titles)}
    if not titles:
        params = {"includeGridData": "false"}
    return dict(http.fetch_sheet_metadata(spreadsheet_id, params=params))


def create_spreadsheet(http: SheetsHTTPClient, title: str, lang: tpl.Lang = "zh") -> str:
    """Create an empty spreadsheet (``POST /v4/spreadsheets``) and return its id.

    Against Google this creates the file in the *credentials'* Drive (a service account's), so share it
    with the operators afterwards; for the emulator and ``make demo`` it is the simplest start.
    """
    try:
        body = {"properties": {"title": title, "locale": "zh_CN" if lang == "zh" else "en_US"}}
        answer = http.request("post", f"{GOOGLE_SHEETS_BASE}/v4/spreadsheets", json=body).json()
        return str(answer["spreadsheetId"])
    except SheetsError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SheetsError(f"unexpected answer to spreadsheets.create ({type(exc).__name__})") from exc


def _drop_blank_default_tabs(
    http: SheetsHTTPClient, spreadsheet_id: str, observed: Mapping[str, ObservedSheet], titles: Sequence[str]
) -> list[dict[str, Any]]:
    """deleteSheet for the blank tab a brand-new spreadsheet comes with ("Sheet1", "工作表1").

    Only on a first run (none of our tabs exists yet, so the deletions follow our addSheet requests in
    the same batch and the spreadsheet never has zero tabs) and only when the tab holds no value at
    all: one values.get per such tab. Anything else an operator made is left alone."""
    requests: list[dict[str, Any]] = []
    for title, obs in observed.items():
        if title in titles or not _DEFAULT_TAB.match(title):
            continue
        answer = http.values_get(spreadsheet_id, a1.sheet_range(title))
        if not any(str(v).strip() for row in answer.get("values", []) for v in row):
            requests.append({"deleteSheet": {"sheetId": obs.sheet_id}})
    return requests


def init_workspace(http: SheetsHTTPClient, spreadsheet_id: str, lang: tpl.Lang = "zh") -> InitReport:
    """Bring the spreadsheet to the template. Second run: one GET, no writes."""
    titles = [t.title.pick(lang) for t in tpl.TABS]
    try:
        meta = _fetch(http, spreadsheet_id, lang, [])
        existing = [t for t in titles if t in observe(meta)]
        observed = observe(_fetch(http, spreadsheet_id, lang, existing)) if existing else observe(meta)
        structure = plan_structure(observed, lang)
        if not existing:
            structure += _drop_blank_default_tabs(http, spreadsheet_id, observed, titles)
        if structure:
            http.batch_update(spreadsheet_id, {"requests": structure})
            observed = observe(_fetch(http, spreadsheet_id, lang, titles))
        plan = plan_content(observed, lang)
        if plan.values:
            http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": plan.values})
        if plan.requests:
            http.batch_update(spreadsheet_id, {"requests": plan.requests})
    except SheetsError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SheetsError(f"unexpected spreadsheet shape ({type(exc).__name__}: {exc})") from exc
    return InitReport(len(structure), len(plan.values), len(plan.requests))
