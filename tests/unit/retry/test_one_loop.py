"""There is one retry loop: shared/retry is the only product code that imports tenacity."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = [p for top in ("shared", "functions", "emulators", "demo") for p in (ROOT / top).rglob("*.py")]
PRODUCT.append(ROOT / "main.py")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_shared_retry_imports_tenacity() -> None:
    users = sorted(str(p.relative_to(ROOT)) for p in PRODUCT if "tenacity" in imported(p))
    assert users and all(user.startswith("shared/retry/") for user in users), users
