"""spreadsheets.batchUpdate: the request types the project uses. All-or-nothing (the caller
snapshots the spreadsheet and restores it when an ApiError escapes). A request type the emulator
does not implement answers 400 and is never silently ignored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import masks, metadata, schema
from . import requests_cells as cells
from . import requests_charts as charts
from . import requests_dimensions as dims
from . import requests_groups as groups
from . import requests_merges as merges
from . import requests_named as named
from . import requests_paste as paste
from . import requests_rules as rules
from . import requests_sheets as sheets
from .errors import ApiError, unknown_field
from .requests_common import CALLER, Fail, Reply
from .store import Spreadsheet
from .structure import PendingDeletes


def google_request_types() -> frozenset[str]:
    """Every request kind of the real API (v4), from Google's discovery document (``Request``'s
    members): an unknown name and an unimplemented real one answer differently (both 400)."""
    return frozenset(schema.discovery().schemas["Request"]["properties"])


def apply(ss: Spreadsheet, body: dict[str, Any], caller: str = "anonymous@emulator.invalid") -> Reply:
    """``caller``: the caller's e-mail (Sheets lists the creator of a protected range as an editor)."""
    token = CALLER.set(caller)
    try:
        return _apply(ss, body)
    finally:
        CALLER.reset(token)


def _apply(ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    allowed = {"requests", "includeSpreadsheetInResponse", "responseRanges", "responseIncludeGridData"}
    for key in body:
        if key not in allowed:
            raise unknown_field(key, "")
    requests = body.get("requests") or []
    if not isinstance(requests, list):
        raise ApiError(400, "Invalid value at 'requests': expected a list")
    replies = []
    # A run of deleteDimension requests moves the cells once, when the run ends (the grid's size,
    # frozen rows and ranges still change request by request, so each is checked as Sheets does).
    later = PendingDeletes()
    for i, req in enumerate(requests):
        if not isinstance(req, dict) or len(req) != 1:
            raise ApiError(400, f"Invalid requests[{i}]: exactly one request kind must be set")
        kind, args = next(iter(req.items()))
        handler = HANDLERS.get(kind)
        if handler is None:
            if kind in google_request_types():
                raise ApiError(
                    400,
                    f"Invalid requests[{i}].{kind}: this request type is not implemented by the "
                    "Waybill Relay Sheets emulator (it is never silently ignored)",
                )
            raise unknown_field(kind, f"requests[{i}]")
        where = f"requests[{i}].{kind}"
        try:
            if kind == "deleteDimension":
                replies.append(dims.delete_dimension(ss, args or {}, where, later))
                continue
            later.flush()
            replies.append(handler(ss, args or {}, where))
        except Fail as err:
            raise ApiError(400, f"Invalid {where}: {err}") from None
        except masks.MaskError as err:
            raise ApiError(400, f"Invalid {where}: Invalid field mask '{err}'") from None
    later.flush()
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        params: dict[str, list[str]] = {"ranges": list(body.get("responseRanges") or [])}
        params["includeGridData"] = ["true" if body.get("responseIncludeGridData") else "false"]
        out["updatedSpreadsheet"] = metadata.get(ss, params, "")
    return out


HANDLERS: dict[str, Callable[[Spreadsheet, dict[str, Any], str], Reply]] = {
    "addSheet": sheets.add_sheet,
    "deleteSheet": sheets.delete_sheet,
    "updateSheetProperties": sheets.update_sheet_properties,
    "updateSpreadsheetProperties": sheets.update_spreadsheet_properties,
    "updateDimensionProperties": dims.update_dimension_properties,
    "repeatCell": cells.repeat_cell,
    "updateCells": cells.update_cells,
    "appendCells": cells.append_cells,
    "setDataValidation": cells.set_data_validation,
    "addProtectedRange": rules.add_protected_range,
    "updateProtectedRange": rules.update_protected_range,
    "deleteProtectedRange": rules.delete_protected_range,
    "addConditionalFormatRule": rules.add_conditional_format_rule,
    "updateConditionalFormatRule": rules.update_conditional_format_rule,
    "deleteConditionalFormatRule": rules.delete_conditional_format_rule,
    "insertDimension": dims.insert_dimension,
    "deleteDimension": dims.delete_dimension,
    "appendDimension": dims.append_dimension,
    "autoResizeDimensions": dims.auto_resize_dimensions,
    "sortRange": dims.sort_range,
    "setBasicFilter": rules.set_basic_filter,
    "clearBasicFilter": rules.clear_basic_filter,
    "mergeCells": merges.merge_cells,
    "unmergeCells": merges.unmerge_cells,
    "copyPaste": paste.copy_paste,
    "cutPaste": paste.cut_paste,
    "addNamedRange": named.add_named_range,
    "updateNamedRange": named.update_named_range,
    "deleteNamedRange": named.delete_named_range,
    "addDimensionGroup": groups.add_dimension_group,
    "deleteDimensionGroup": groups.delete_dimension_group,
    "updateDimensionGroup": groups.update_dimension_group,
    "addChart": charts.add_chart,
    "updateChartSpec": charts.update_chart_spec,
    "deleteEmbeddedObject": charts.delete_embedded_object,
}
