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


def route(method: str, raw_path: str) -> Route:
    """Map (method, raw path) to an endpoint. Raises a 404 ApiError for anything else."""
    if raw_path.rstrip("/") == PREFIX:
        if method == "POST":
            return Route("spreadsheets.create")
        raise _no_route(method, raw_path)
    if not raw_path.startswith(PREFIX + "/"):
        raise _no_route(method, raw_path)
    rest = raw_path[len(PREFIX) + 1 :]
    head, verb = rest, ""
    if ":" in rest:
        before, _, after = rest.rpartition(":")
        if after in VERBS:
            head, verb = before, after
    parts = head.split("/")
    sid = unquote(parts[0])
    if not sid:
        raise _no_route(method, raw_path)
    if len(parts) == 1:
        if verb == "" and method == "GET":
            return Route("spreadsheets.get", sid)
        if verb == "batchUpdate" and method == "POST":
            return Route("spreadsheets.batchUpdate", sid)
        raise _no_route(method, raw_path)
    if parts[1] != "values":
        raise _no_route(method, raw_path)
    if len(parts) == 2:
        table = {
            ("GET", "batchGet"): "spreadsheets.values.batchGet",
            ("POST", "batchUpdate"): "spreadsheets.values.batchUpdate",
            ("POST", "batchClear"): "spreadsheets.values.batchClear",
        }
        endpoint = table.get((method, verb))
        if endpoint is None:
            raise _no_route(method, raw_path)
        return Route(endpoint, sid)
    range_text = unquote("/".join(parts[2:]))
    table = {
        ("GET", ""): "spreadsheets.values.get",
        ("PUT", ""): "spreadsheets.values.update",
        ("POST", "append"): "spreadsheets.values.append",
        ("POST", "clear"): "spreadsheets.values.clear",
    }
    endpoint = table.get((method, verb))
    if endpoint is None:
        raise _no_route(method, raw_path)
    return Route(endpoint, sid, range_text)


def _no_route(method: str, path: str) -> ApiError:
    return ApiError(404, f"The requested URL {method} {path} was not found on this server.")
