"""What the batchUpdate request handlers share: the error type and small helpers."""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from . import masks
from .errors import ApiError
from .ranges import Target, grid_range
from .store import Sheet, Spreadsheet

Reply = dict[str, Any]

# The caller's e-mail during one batchUpdate (set by batch_update.apply): Sheets lists the creator
# of a protected range among its editors.
CALLER: ContextVar[str] = ContextVar("CALLER", default="anonymous@emulator.invalid")


class Fail(Exception):
    """A problem inside one request; becomes 'Invalid requests[i].<type>: <message>'."""


@lru_cache(maxsize=1024)  # asked for every cell a request writes, with the request's one mask
def touched(mask: str, path: tuple[str, ...]) -> bool:
    if mask.strip() == "*":
        return True
    for p in masks.mask_paths(mask):
        n = min(len(p), len(path))
        if p[:n] == path[:n]:
            return True
    return False


def fields_of(args: dict[str, Any]) -> str:
    fields = args.get("fields")
    if not fields or not isinstance(fields, str):
        raise Fail("At least one field must be updated, but none were specified in 'fields'")
    return fields


def target(ss: Spreadsheet, rng: Any, where: str) -> Target:
    try:
        return grid_range(ss, rng, where)
    except ApiError as err:
        raise Fail(err.message.split(": ", 1)[-1]) from None


def sheet_by_id(ss: Spreadsheet, sheet_id: Any) -> Sheet:
    sheet = ss.by_id(int(sheet_id or 0))
    if sheet is None:
        raise Fail(f"No grid with id: {sheet_id or 0}")
    return sheet


def clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}
