"""Routing of the Sheets v4 REST paths (on the RAW path: the range segment is percent-encoded, so
a ':' there can only start a custom verb such as ``:append``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from .errors import ApiError

PREFIX = "/v4/spreadsheets"
VERBS = {"append", "clear", "batchGet", "batchUpdate", "batchClear"}

# endpoint name -> quota bucket
KINDS = {
    "spreadsheets.create": "write",
    "spreadsheets.get": "read",
    "spreadsheets.batchUpdate": "write",
    "spreadsheets.values.get": "read",
    "spreadsheets.values.batchGet": "read",
    "spreadsheets.values.update": "write",
    "spreadsheets.values.batchUpdate": "write",
    "spreadsheets.values.append": "write",
    "spreadsheets.values.clear": "write",
    "spreadsheets.values.batchClear": "write",
}


@dataclass(frozen=True)
class Route:
    endpoint: str
    spreadsheet_id: str | None = None
    range_text: str | None = None


# (method, custom verb, what the path names) -> endpoint. What the path names after the ID:
# "" the spreadsheet, "values" its values, "range" one range of them (the rest of the path).
ENDPOINTS = {
    ("GET", "", ""): "spreadsheets.get",
    ("POST", "batchUpdate", ""): "spreadsheets.batchUpdate",
    ("GET", "batchGet", "values"): "spreadsheets.values.batchGet",
    ("POST", "batchUpdate", "values"): "spreadsheets.values.batchUpdate",
    ("POST", "batchClear", "values"): "spreadsheets.values.batchClear",
    ("GET", "", "range"): "spreadsheets.values.get",
    ("PUT", "", "range"): "spreadsheets.values.update",
    ("POST", "append", "range"): "spreadsheets.values.append",
    ("POST", "clear", "range"): "spreadsheets.values.clear",
}


def route(method: str, raw_path: str) -> Route:
    """Map (method, raw path) to an endpoint. Raises a 404 ApiError for anything else."""
    if raw_path.rstrip("/") == PREFIX:
        if method == "POST":
            return Route("spreadsheets.create")
        raise _no_route(method, raw_path)
    if not raw_path.startswith(PREFIX + "/"):
        raise _no_route(method, raw_path)
    head, verb = _verb(raw_path[len(PREFIX) + 1 :])
    sid, slash, rest = head.partition("/")
    if not slash:
        names, range_text = "", None
    elif rest == "values":
        names, range_text = "values", None
    elif rest.startswith("values/"):
        names, range_text = "range", unquote(rest.removeprefix("values/"))
    else:
        raise _no_route(method, raw_path)
    endpoint = ENDPOINTS.get((method, verb, names))
    if not sid or endpoint is None:
        raise _no_route(method, raw_path)
    return Route(endpoint, unquote(sid), range_text)


def _verb(rest: str) -> tuple[str, str]:
    """``ID/values/RANGE:append`` -> (``ID/values/RANGE``, ``append``); no known verb: (rest, "")."""
    before, colon, after = rest.rpartition(":")
    return (before, after) if colon and after in VERBS else (rest, "")


def _no_route(method: str, path: str) -> ApiError:
    return ApiError(404, f"The requested URL {method} {path} was not found on this server.")
