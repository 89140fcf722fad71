"""Tables as the gateway sees them: columns found by header text, rows as field -> text.

Operators reorder, hide, sort and filter, so a column is never found by its position: the header
row is read and each field is matched by its header (either language of the template; whitespace and
case are ignored). Rows are identified by their key (e.g. 订单号), and remembered with the sheet row
number they were read at, so a later write can check that the row still holds the same key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from shared.sheets.errors import SheetLayoutError
from sheet_templates.required_columns import required
from sheet_templates.workspace import LANGS, Lang, Owner, Tab


def normalise_header(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class ColumnLayout:
    field: str
    headers: tuple[str, ...]  # accepted header texts; the first is the one we write
    owner: Owner
    text: bool = False  # an identifier column, kept in plain-text format (see sheet_templates)


@dataclass(frozen=True, slots=True)
class TableLayout:
    title: str
    columns: tuple[ColumnLayout, ...]
    key_field: str | None = None
    # Fields whose header must be present exactly once for the tab to be read or written safely
    # (sheet_templates/required_columns.py); ``tab`` is the template's stable tab id.
    required: frozenset[str] = frozenset()
    tab: str = ""

    @classmethod
    def from_template(cls, tab: Tab, lang: Lang = "zh") -> TableLayout:
        cols = []
        for col in tab.columns:
            others = tuple(col.header.pick(lg) for lg in LANGS if lg != lang)
            cols.append(ColumnLayout(col.field, (col.header.pick(lang), *others), col.owner, col.text))
        return cls(
            title=tab.title.pick(lang),
            columns=tuple(cols),
            key_field=tab.key_field,
            required=required(tab.key),
            tab=tab.key,
        )

    def column(self, name: str) -> ColumnLayout:
        for col in self.columns:
            if col.field == name:
                return col
        raise KeyError(name)

    def owner(self, name: str) -> Owner:
        return self.column(name).owner

    def locate(self, header_row: Sequence[str]) -> dict[str, int]:
        """field -> 1-based column for every field whose header is present (first match wins)."""
        wanted: dict[str, str] = {}
        for col in self.columns:
            for text in col.headers:
                wanted.setdefault(normalise_header(text), col.field)
        found: dict[str, int] = {}
        for index, text in enumerate(header_row, start=1):
            name = wanted.get(normalise_header(str(text)))
            if name is not None and name not in found:
                found[name] = index
        return found

    def duplicated(self, header_row: Sequence[str]) -> tuple[str, ...]:
        """Fields whose header appears more than once (``locate`` takes the first, which may be the
        wrong one: a new column typed with the same header to the left of the real one)."""
        wanted: dict[str, str] = {}
        for col in self.columns:
            for text in col.headers:
                wanted.setdefault(normalise_header(text), col.field)
        seen: dict[str, int] = {}
        for text in header_row:
            name = wanted.get(normalise_header(str(text)))
            if name is not None:
                seen[name] = seen.get(name, 0) + 1
        return tuple(c.field for c in self.columns if seen.get(c.field, 0) > 1)


@dataclass(frozen=True, slots=True)
class Row:
    """One data row. ``number`` is the 1-based sheet row it was read at; missing cells read as "".

    ``numeric``: the fields whose cell holds a number rather than text. For an identifier that means
    Sheets parsed what was typed (a column not formatted as plain text): digits past the 15th are
    lost and leading zeros dropped, so the text shown here may not be what the person typed.
    """

    number: int
    values: Mapping[str, str]
    key: str = ""
    numeric: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)


@dataclass(frozen=True, slots=True)
class Table:
    layout: TableLayout
    header: tuple[str, ...]
    columns: Mapping[str, int]
    rows: tuple[Row, ...]
    missing: tuple[str, ...] = field(default=())
    duplicated: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return self.layout.title

    @property
    def broken(self) -> tuple[str, ...]:
        """Required fields that are missing or duplicated: the tab must not be written, nor its rows
        trusted (an absent column reads as empty cells)."""
        bad = set(self.missing) | set(self.duplicated)
        return tuple(
            c.field for c in self.layout.columns if c.field in bad and c.field in self.layout.required
        )

    @property
    def unusual(self) -> tuple[str, ...]:
        """Every field missing or duplicated, required or not, in template order."""
        bad = set(self.missing) | set(self.duplicated)
        return tuple(c.field for c in self.layout.columns if c.field in bad)

    def by_key(self) -> dict[str, Row]:
        """Rows by key; with duplicate keys the first row wins (callers flag duplicates themselves)."""
        out: dict[str, Row] = {}
        for row in self.rows:
            if row.key and row.key not in out:
                out[row.key] = row
        return out

    def duplicate_keys(self) -> set[str]:
        seen: set[str] = set()
        dups: set[str] = set()
        for row in self.rows:
            if row.key:
                (dups if row.key in seen else seen).add(row.key)
        return dups


def cell_text(value: object) -> str:
    """A cell as read with UNFORMATTED_VALUE, as text: 1234567890123.0 -> "1234567890123"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def build_table(
    layout: TableLayout,
    values: Sequence[Sequence[object]],
    *,
    header_only: bool = False,
    body: Sequence[Sequence[object]] | None = None,
    body_start: int = 2,
    lenient: bool = False,
) -> Table:
    """A ``Table`` from a tab's values (row 1 is the header). Raises if the key column is missing,
    unless ``lenient``: then the table says what is missing (``broken``) and its rows have no key.

    With ``body``, ``values`` holds only the header row and the rows come from ``body``, whose first
    row is sheet row ``body_start`` (a read of a few rows, e.g. those an edit touched).
    """
    header = tuple(cell_text(v) for v in (values[0] if values else ()))
    columns = layout.locate(header)
    missing = tuple(c.field for c in layout.columns if c.field not in columns)
    if not lenient and layout.key_field is not None and layout.key_field not in columns:
        raise SheetLayoutError(
            f"tab {layout.title!r} has no key column {layout.column(layout.key_field).headers[0]!r}"
        )
    rows: list[Row] = []
    # One object per distinct text: a tab's columns repeat (states, couriers, suppliers, the time a
    # tick wrote), and JSON gives every occurrence its own string; the rows outlive the response.
    pool: dict[str, str] = {}
    if not header_only:
        lines, start = (values[1:], 2) if body is None else (body, max(2, body_start))
        if body is not None and body_start < 2:
            lines = lines[2 - body_start :]  # never read the header row as data
        located = tuple((name, col - 1) for name, col in columns.items())
        for number, raw in enumerate(lines, start=start):
            if not raw or all(v is None or v == "" for v in raw):  # what cell_text reads as ""
                continue
            cells, numeric = _row_cells(raw, located, pool)
            key = cells.get(layout.key_field, "").strip() if layout.key_field else ""
            rows.append(Row(number=number, values=MappingProxyType(cells), key=key, numeric=numeric))
    return Table(
        layout=layout,
        header=header,
        columns=MappingProxyType(columns),
        rows=tuple(rows),
        missing=missing,
        duplicated=layout.duplicated(header),
    )


_TEXT_ONLY: frozenset[str] = frozenset()  # shared by every row without a number (most rows: 216 bytes each)


def _row_cells(
    raw: Sequence[object], located: Sequence[tuple[str, int]], pool: dict[str, str]
) -> tuple[dict[str, str], frozenset[str]]:
    """One row's cells by field (0-based ``located`` columns; past the row's end reads as "") and
    the fields holding a number. The read's inner loop (a year's 订单 is ~40,000 rows x 20 columns):
    text cells, nearly all of them, take the short way."""
    cells: dict[str, str] = {}
    numbers: list[str] = []
    size = len(raw)
    for name, index in located:
        if index >= size:
            text = ""
        else:
            value = raw[index]
            if value.__class__ is str:
                text = value
            else:
                text = cell_text(value)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    numbers.append(name)
        cells[name] = pool.setdefault(text, text)
    return cells, frozenset(numbers) if numbers else _TEXT_ONLY


def column_values(values: Iterable[Sequence[object]]) -> list[str]:
    """A single-column range read row by row -> list of texts."""
    return [cell_text(r[0]) if r else "" for r in values]
