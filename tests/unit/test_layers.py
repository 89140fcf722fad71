"""The import contract (pyproject.toml, [tool.importlinter], checked by ``lint-imports`` in
``make lint``) has a place for every package: a new package of shared/ or a new top-level package is
not left outside the layers unnoticed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _importlinter() -> dict[str, object]:
    config: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
        "importlinter"
    ]
    return config


def _stack_names() -> set[str]:
    contracts = _importlinter()["contracts"]
    assert isinstance(contracts, list)
    (stack,) = [c for c in contracts if c["id"] == "stack"]
    return {name.strip() for layer in stack["layers"] for name in re.split(r"[|:]", layer)}


def _packages(folder: Path) -> set[str]:
    modules = {p.stem for p in folder.glob("*.py") if p.name != "__init__.py"}
    return modules | {p.parent.name for p in folder.glob("*/__init__.py")}


def test_every_package_of_the_library_has_a_layer() -> None:
    placed = _stack_names()
    missing = {f"shared.{name}" for name in _packages(ROOT / "shared")} - placed
    assert not missing, f"give these a layer in pyproject.toml [tool.importlinter]: {sorted(missing)}"


def test_every_top_level_package_is_checked() -> None:
    roots = set(_importlinter()["root_packages"])  # type: ignore[call-overload]
    top_level = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert top_level == roots, f"root_packages should name exactly: {sorted(top_level)}"
    assert roots - {"emulators"} <= {name.split(".")[0] for name in _stack_names()}
