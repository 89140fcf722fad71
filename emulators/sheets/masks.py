"""Field masks: ``a.b``, ``a/b``, ``a(b,c)``, ``*``; as update masks and as partial responses."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

Tree = dict[str, Any]  # name -> subtree, or None for "everything below"


class MaskError(ValueError):
    pass


def parse(mask: str) -> Tree:
    """'sheets.properties(sheetId,title),spreadsheetId' -> {'sheets': {'properties': {...}}, ...}."""
    tree: Tree = {}
    pos = _parse_list(mask.replace(" ", ""), 0, tree, top=True)
    if pos != len(mask.replace(" ", "")):
        raise MaskError(mask)
    return tree


def _parse_list(text: str, pos: int, tree: Tree, top: bool) -> int:
    while pos < len(text):
        pos = _parse_path(text, pos, tree)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        if pos < len(text) and text[pos] == ")" and not top:
            return pos
        if pos < len(text):
            raise MaskError(text)
    return pos


def _parse_path(text: str, pos: int, tree: Tree) -> int:
    start = pos
    while pos < len(text) and text[pos] not in ",()":
        pos += 1
    path = [p for p in text[start:pos].replace("/", ".").split(".") if p]
    if not path:
        raise MaskError(text)
    node = tree
    for name in path[:-1]:
        child = node.get(name, {})
        if child is None:  # already "everything"
            child = None
            node[name] = None
            return _skip_group(text, pos)
        node[name] = child
        node = child
    last = path[-1]
    if pos < len(text) and text[pos] == "(":
        sub = node.get(last, {})
        if sub is None:
            return _skip_group(text, pos)
        node[last] = sub
        pos = _parse_list(text, pos + 1, sub, top=False)
        if pos >= len(text) or text[pos] != ")":
            raise MaskError(text)
        return pos + 1
    node[last] = None
    return pos


def _skip_group(text: str, pos: int) -> int:
    if pos < len(text) and text[pos] == "(":
        depth = 0
        while pos < len(text):
            depth += {"(": 1, ")": -1}.get(text[pos], 0)
            pos += 1
            if depth == 0:
                break
    return pos


def select(data: Any, tree: Tree | None) -> Any:
    """Partial response: keep only the fields named in ``tree`` (lists are mapped)."""
    if tree is None or "*" in tree:
        return data
    if isinstance(data, list):
        return [select(item, tree) for item in data]
    if not isinstance(data, dict):
        return data
    return {k: select(v, tree[k]) for k, v in data.items() if k in tree}


def paths(tree: Tree, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, sub in tree.items():
        if sub is None or not sub:
            out.append((*prefix, name))
        else:
            out.extend(paths(sub, (*prefix, name)))
    return out


@lru_cache(maxsize=256)
def mask_paths(mask: str) -> tuple[tuple[str, ...], ...]:
    """The paths of a mask, parsed once per mask text (a batch applies the same mask to every cell
    it writes)."""
    return tuple(paths(parse(mask)))


def apply(target: dict[str, Any], source: dict[str, Any], mask: str, allowed: set[str] | None = None) -> None:
    """Copy each masked path from source into target; a masked path absent from source is cleared.

    ``*`` copies every top-level field of ``allowed`` (or of source). ``target`` is modified in place
    (callers pass a deep copy).
    """
    if mask.strip() == "*":
        keys = allowed if allowed is not None else set(source)
        for key in keys:
            if key in source:
                target[key] = copy_json(source[key])
            else:
                target.pop(key, None)
        return
    for path in mask_paths(mask):
        if allowed is not None and path[0] not in allowed:
            raise MaskError(".".join(path))
        _set_path(target, source, path)


def _set_path(target: dict[str, Any], source: dict[str, Any], path: tuple[str, ...]) -> None:
    src: Any = source
    for name in path:
        if not isinstance(src, dict) or name not in src:
            src = _MISSING
            break
        src = src[name]
    node = target
    for name in path[:-1]:
        nxt = node.get(name)
        if not isinstance(nxt, dict):
            if src is _MISSING:
                return
            nxt = {}
            node[name] = nxt
        node = nxt
    if src is _MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy_json(src)


_MISSING = object()


def copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars), as ``copy.deepcopy`` makes it but
    several times quicker (no memo: request bodies hold no shared or cyclic parts); anything else
    goes to ``copy.deepcopy``. A batch that appends rows copies a few values for every cell."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return {k: copy_json(v) for k, v in value.items()}
    if kind is list:
        return [copy_json(v) for v in value]
    return copy.deepcopy(value)


def prune(data: Any, key: str | None = None) -> Any:
    """Drop unset fields (None) and empty lists, and trailing empty items of rowData/values lists,
    as the API does.

    An empty object stays: it is a message that is set with nothing in it, which the API answers as
    ``{}`` (``fields=sheets.properties.tabColorStyle`` with no tab colour reads
    ``{"sheets":[{"properties":{}}]}``; black is ``"foregroundColor": {}``). Items of other lists
    stay, even when empty: no notes at all reads ``{"sheets":[{"data":[{}]}]}``.
    """
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            pv = prune(v, k)
            if pv is None or pv == []:
                continue
            out[k] = pv
        return out
    if isinstance(data, list):
        items = [prune(v) for v in data]
        if key in ("rowData", "values", "rowMetadata", "columnMetadata"):
            while items and items[-1] in ({}, [], None):
                items.pop()
        return items
    return data
