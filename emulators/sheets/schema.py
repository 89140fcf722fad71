"""Every API request checked against Google's own Sheets v4 discovery document, refused the way
Google refuses it (400 INVALID_ARGUMENT), before anything else looks at it.

The document is Google's published one, read from the google-api-python-client package's discovery
cache (a dev dependency: requirements-dev.in); the emulator imports nothing from that package, it
only reads the JSON file it ships. Nothing of the schema is retyped here, with one exception: the
discovery format has no notion of a proto ``oneof``, so the few oneof groups the emulator enforces
are listed in ``_ONEOFS``, and every member named there is checked against the document at load.

What is refused, with the wording Google answers (recorded wording where we found it, else the
closest form; see each message's comment):

* a body field the schema does not define (at any depth, all of them in one answer);
* an enum value the schema does not list (body fields and query parameters);
* two members of one oneof set (``userEnteredValue`` with ``numberValue`` and ``stringValue``,
  a batchUpdate request with two kinds);
* a message-typed field given something other than a JSON object;
* a query parameter the method (or the API-wide parameters: ``fields``, ``alt``, ...) lacks.

As Google's JSON parser does, proto field names (``value_input_option``, ``insert_data_option``)
are accepted beside the JSON names; ``check`` renames them to the JSON names, so the handlers only
ever see one spelling. ``null`` is the same as an absent field.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ApiError

DOCUMENT = Path("discovery_cache") / "documents" / "sheets.v4.json"
_TYPE_PREFIX = "type.googleapis.com/google.apps.sheets.v4."

# The proto oneof groups the discovery document cannot express: schema -> group -> members (JSON
# names; None = every property of the schema). From the Sheets v4 reference ("Union field ...").
_ONEOFS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "Request": {"kind": None},
    "ExtendedValue": {"value": ("numberValue", "stringValue", "boolValue", "formulaValue", "errorValue")},
    "ColorStyle": {"kind": ("rgbColor", "themeColor")},
    "ConditionalFormatRule": {"rule": ("booleanRule", "gradientRule")},
    "UpdateCellsRequest": {"area": ("start", "range")},
    "AutoFillRequest": {"area": ("range", "sourceAndDestination")},
    "PasteDataRequest": {"kind": ("html", "delimiter")},
    "EmbeddedObjectPosition": {"location": ("sheetId", "overlayPosition", "newSheet")},
    "DataFilter": {"filter": ("developerMetadataLookup", "a1Range", "gridRange")},
}


class SchemaUnavailable(RuntimeError):
    """The discovery document cannot be read (google-api-python-client is not installed)."""


@dataclass
class Discovery:
    """The parts of the discovery document the checks use, indexed once."""

    schemas: dict[str, dict[str, Any]]
    methods: dict[str, dict[str, Any]]  # "sheets.spreadsheets.values.get" -> method
    api_parameters: dict[str, dict[str, Any]]  # fields, alt, key, prettyPrint, ...
    revision: str
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # schema -> proto name -> JSON name
    oneofs: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Discovery:
        methods: dict[str, dict[str, Any]] = {}
        stack = [doc]
        while stack:
            node = stack.pop()
            for method in node.get("methods", {}).values():
                methods[method["id"]] = method
            stack.extend(node.get("resources", {}).values())
        d = cls(doc["schemas"], methods, doc.get("parameters", {}), str(doc.get("revision", "")))
        for name, schema in d.schemas.items():
            d.aliases[name] = {snake(p): p for p in schema.get("properties", {}) if snake(p) != p}
        for name, groups in _ONEOFS.items():
            props = d.schemas[name]["properties"]  # KeyError: the document no longer has it
            d.oneofs[name] = {}
            for group, members in groups.items():
                missing = [m for m in members or () if m not in props]
                if missing:
                    raise SchemaUnavailable(f"oneof {name}.{group}: {missing} not in the discovery document")
                d.oneofs[name][group] = frozenset(members if members is not None else props)
        return d


def locate() -> Path:
    """Where the installed google-api-python-client keeps sheets.v4.json (without importing it)."""
    spec = importlib.util.find_spec("googleapiclient")
    if spec is None or not spec.submodule_search_locations:
        raise SchemaUnavailable(
            "The Sheets emulator checks every request against Google's Sheets v4 discovery document, "
            "which it reads from the google-api-python-client package, and that package is not "
            "installed. Install the dev requirements: "
            "python -m pip install --require-hashes -r requirements-dev.txt (make test does it)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / DOCUMENT
    if not path.is_file():
        raise SchemaUnavailable(f"google-api-python-client is installed but {path} is missing.")
    return path


@functools.cache
def discovery() -> Discovery:
    """The document, loaded once per process. Raises SchemaUnavailable when it cannot be read."""
    with locate().open(encoding="utf-8") as f:
        return Discovery.from_document(json.load(f))


@functools.lru_cache(maxsize=2048)  # a handful of names, asked for every field of every request
def snake(name: str) -> str:
    """The proto field name of a JSON name: ``valueInputOption`` -> ``value_input_option``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# --- the check ----------------------------------------------------------------------------------


def check(
    endpoint: str, params: dict[str, list[str]], body: dict[str, Any]
) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Refuse what Google refuses for ``endpoint`` (e.g. "spreadsheets.values.get"); answer the
    query and body with proto names renamed to JSON names. Raises ApiError (400)."""
    d = discovery()
    method = d.methods["sheets." + endpoint]
    params = _check_query(d, method, params)
    ref = (method.get("request") or {}).get("$ref")
    if ref is None:
        return params, body  # a GET: Google does not read a body
    walker = _Walker(d)
    body = walker.message(body, ref, "")
    if walker.violations:
        raise _invalid(walker.violations)
    return params, body


def _check_query(d: Discovery, method: dict[str, Any], params: dict[str, list[str]]) -> dict[str, list[str]]:
    known = {**d.api_parameters, **method.get("parameters", {})}
    by_proto = {snake(n): n for n in known}
    out: dict[str, list[str]] = {}
    for name, values in params.items():
        json_name = name if name in known else by_proto.get(name)
        if json_name is None:
            # Recorded from Google front ends (same wording across APIs), no 'at' clause.
            message = (
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                f"Field '{name}' could not be found in request message."
            )
            raise _invalid([(None, message)])
        spec = known[json_name]
        for value in values:
            if "enum" in spec and value != "" and value not in spec["enum"]:
                # An empty value is left to the handler ("... is required but not specified").
                raise _invalid([(snake(json_name), _enum_message(snake(json_name), json_name, value))])
        out.setdefault(json_name, []).extend(values)
    return out


@dataclass
class _Walker:
    d: Discovery
    violations: list[tuple[str | None, str]] = field(default_factory=list)

    def message(self, value: dict[str, Any], ref: str, path: str) -> dict[str, Any]:
        schema = self.d.schemas[ref]
        props: dict[str, Any] = schema.get("properties", {})
        aliases = self.d.aliases.get(ref, {})
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key if key in props else aliases.get(key)
            if name is None:
                # Recorded: Unknown name "inherit_before" at 'requests[0].insert_dimension':
                # Cannot find field.
                where = f" at '{path}'" if path else ""
                self.violations.append(
                    (
                        path or None,
                        f'Invalid JSON payload received. Unknown name "{key}"{where}: Cannot find field.',
                    )
                )
                continue
            child = _join(path, snake(name))
            out[name] = item if item is None else self.value(item, props[name], child)
        self._oneofs(ref, value, path)
        return out

    def value(self, item: Any, spec: dict[str, Any], path: str) -> Any:
        if "$ref" in spec:
            if not isinstance(item, dict):
                # Recorded form: Invalid value at 'requests[0]' (type.googleapis.com/...Request),
                # "repeatCell".
                shown = json.dumps(item, ensure_ascii=False)
                self.violations.append(
                    (path, f"Invalid value at '{path}' ({_TYPE_PREFIX}{spec['$ref']}), {shown}")
                )
                return item
            return self.message(item, spec["$ref"], path)
        kind = spec.get("type")
        if kind == "array" and isinstance(item, list):
            inner = spec.get("items", {})
            return [x if x is None else self.value(x, inner, f"{path}[{i}]") for i, x in enumerate(item)]
        if kind == "object" and "additionalProperties" in spec and isinstance(item, dict):
            inner = spec["additionalProperties"]
            return {k: v if v is None else self.value(v, inner, f"{path}[{k}]") for k, v in item.items()}
        if "enum" in spec and isinstance(item, str) and item not in spec["enum"]:
            self.violations.append((path, _enum_message(path, path.rpartition(".")[2], item)))
        # Enum numbers are accepted as Google's parser does (their numbering is not in the document).
        return item

    def _oneofs(self, ref: str, value: dict[str, Any], path: str) -> None:
        for group, members in self.d.oneofs.get(ref, {}).items():
            seen = [
                k for k, v in value.items() if v is not None and (self.d.aliases[ref].get(k, k) in members)
            ]
            if len(seen) > 1:
                # Wording as Google's front end words it for proto oneofs; the exact text for Sheets
                # was not found recorded, this is the closest form seen (emulators and SDK tests).
                self.violations.append(
                    (
                        path or None,
                        f"Invalid value at '{path}' (oneof), oneof field '{group}' is already set. "
                        f"Cannot set '{seen[1]}'",
                    )
                )


def _enum_message(path: str, name: str, value: str) -> str:
    """Recorded: Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.
    ValueInputOption), "USER_ENTER". Google names the proto enum type, which the discovery document
    does not carry: the field's name, capitalised, is used (right for valueInputOption; for others
    the real type name may differ, e.g. majorDimension's type is Dimension)."""
    json_name = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), re.sub(r"\[.*?\]", "", name))
    type_name = json_name[:1].upper() + json_name[1:]
    return f"Invalid value at '{path}' ({_TYPE_PREFIX}{type_name}), \"{value}\""


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _invalid(violations: list[tuple[str | None, str]]) -> ApiError:
    """One 400 for all violations, messages joined by newlines as Google joins them, each also a
    fieldViolation (without ``field`` when it is about the top level)."""
    items = [{"field": f, "description": m} if f else {"description": m} for f, m in violations]
    return ApiError(
        400,
        "\n".join(m for _, m in violations),
        details=[{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": items}],
    )
