"""House rules for emulators/, read from the source: no import cycle among its modules; every emulator
serves through the one HTTP base (emulators/_http) and imports nothing of the product; the control
clients (emulators/control, over httpx) are for tests, the demo and benchmarks, never an emulator's."""

from __future__ import annotations

import ast
from pathlib import Path

import emulators

ROOT = Path(emulators.__file__).parent
PRODUCT = {"shared", "functions", "sheet_templates", "demo", "benchmarks", "main"}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of what ``path`` imports (relative imports resolved; ``from a import b`` may
    name the module ``a.b`` or an attribute of ``a``: both are listed)."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in ROOT.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def test_the_emulators_import_graph_has_no_cycle() -> None:
    graph = _graph()
    assert "emulators.wechat_shop.control" in graph and "emulators._http" in graph
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError(" -> ".join([*trail[trail.index(name) :], name]))
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_only_the_http_base_runs_an_http_server() -> None:
    for path in ROOT.rglob("*.py"):
        if path.parent.name == "_http":
            continue
        assert "http.server" not in _imports(path), path.relative_to(ROOT)


def test_every_emulator_serves_through_the_base() -> None:
    servers = [
        ROOT / name / "server.py" for name in ("sheets", "wechat_shop", "kuaidi100", "supplier_api", "pubsub")
    ]
    for path in servers:
        names = _imports(path)
        assert "emulators._http.LoopbackServer" in names, path.relative_to(ROOT)


def test_emulators_import_nothing_of_the_product_nor_the_control_clients() -> None:
    for path in ROOT.rglob("*.py"):
        tops = {name.split(".")[0] for name in _imports(path)}
        assert not tops & PRODUCT, (path.relative_to(ROOT), tops & PRODUCT)
        if path.parent.name != "control":
            assert not any(n.startswith("emulators.control") for n in _imports(path)), path.relative_to(ROOT)
