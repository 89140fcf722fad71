"""Clipboard text as a block of cells: what copying a block from Excel, Sheets or WeChat gives.

Rows end with a newline (``\\r\\n`` from Excel), cells are separated by tabs. A cell holding a
newline, a tab or a double quote comes wrapped in double quotes with its quotes doubled, as Excel
writes it (``"line 1\\nline 2"``). One trailing newline ends the last row; it is not an empty row.
A quote that does not close a properly quoted cell is kept as typed.
"""

from __future__ import annotations


def parse(text: str) -> list[list[str]]:
    """The rows of cells in ``text``, padded with "" to a rectangle (a paste fills a rectangle)."""
    rows: list[list[str]] = [[]]
    i, n = 0, len(text)
    while i < n:
        cell, i = _cell(text, i)
        rows[-1].append(cell)
        if i >= n:
            break
        if text[i] == "\t":
            i += 1
            if i >= n:
                rows[-1].append("")
            continue
        i += 2 if text.startswith("\r\n", i) else 1  # end of row
        if i < n:
            rows.append([])
    if rows == [[]]:
        return [[""]]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def _cell(text: str, i: int) -> tuple[str, int]:
    """The cell starting at ``i`` and where it ends (at a tab, a newline or the end)."""
    if text.startswith('"', i):
        quoted = _quoted(text, i)
        if quoted is not None:
            return quoted
    end = i
    while end < len(text) and text[end] not in "\t\r\n":
        end += 1
    return text[i:end], end


def _quoted(text: str, i: int) -> tuple[str, int] | None:
    """A cell in double quotes (``""`` inside is one quote), if it is one: the closing quote must be
    followed by a tab, a newline or the end of the text."""
    out: list[str] = []
    j = i + 1
    while j < len(text):
        if text[j] == '"':
            if text.startswith('""', j):
                out.append('"')
                j += 2
                continue
            after = j + 1
            if after == len(text) or text[after] in "\t\r\n":
                return "".join(out), after
            return None
        out.append(text[j])
        j += 1
    return None
