"""The Terraform configuration as data (python-hcl2), and main.py's entry points (ast): no Google
account, no provider download, no terraform binary needed."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import hcl2
from hcl2.utils import SerializationOptions

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "infra" / "terraform"
MAIN = ROOT / "main.py"
_OPTIONS = SerializationOptions(strip_string_quotes=True, explicit_blocks=False, with_comments=False)


def tf_files() -> list[Path]:
    return sorted(TERRAFORM.glob("*.tf"))


@cache
def parse(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        doc: dict[str, Any] = hcl2.load(handle, serialization_options=_OPTIONS)
    return doc


@dataclass(frozen=True)
class Resource:
    type: str
    name: str
    body: dict[str, Any]
    file: str


def resources(kind: str | None = None) -> Iterator[Resource]:
    for path in tf_files():
        for block in parse(path).get("resource", []):
            for typ, named in block.items():
                if kind is None or typ == kind:
                    for name, body in named.items():
                        yield Resource(typ, name, body, path.name)


def resource(kind: str, name: str) -> dict[str, Any]:
    found = [r.body for r in resources(kind) if r.name == name]
    assert len(found) == 1, f"{kind}.{name}: {len(found)} declarations"
    return found[0]


def locals_() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in tf_files():
        for block in parse(path).get("locals", []):
            merged.update(block)
    return merged


def variables() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for path in tf_files():
        for block in parse(path).get("variable", []):
            merged.update(block)
    return merged


def outputs() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for path in tf_files():
        for block in parse(path).get("output", []):
            merged.update(block)
    return merged


def dynamic(body: dict[str, Any], block: str) -> dict[str, Any] | None:
    """The ``dynamic "<block>"`` of a resource body, or None."""
    for item in body.get("dynamic", []):
        if block in item:
            found: dict[str, Any] = item[block]
            return found
    return None


_DECORATORS = {"http": "http", "cloud_event": "cloud_event"}


def entry_points(source: Path = MAIN) -> dict[str, str]:
    """name -> ``http`` | ``cloud_event`` for every top-level function decorated with
    ``functions_framework.http`` / ``functions_framework.cloud_event`` (or the bare imported name)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                if target.value.id == "functions_framework" and target.attr in _DECORATORS:
                    found[node.name] = _DECORATORS[target.attr]
            elif isinstance(target, ast.Name) and target.id in _DECORATORS:
                found[node.name] = _DECORATORS[target.id]
    return found
