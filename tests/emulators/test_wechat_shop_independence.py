"""House rule: the WeChat Shop emulator imports nothing from shared/ (and no third-party HTTP stack)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import emulators.wechat_shop as package

ALLOWED_THIRD_PARTY = {"cryptography"}


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in Path(package.__file__).parent.glob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[path.name] = names
    return found


def test_emulator_imports_only_stdlib_and_cryptography() -> None:
    imports = _imports()
    assert "server.py" in imports
    for name, modules in imports.items():
        foreign = {m for m in modules if m not in sys.stdlib_module_names and m != "__future__"}
        assert foreign <= ALLOWED_THIRD_PARTY, (name, foreign)
        assert "shared" not in modules, name
