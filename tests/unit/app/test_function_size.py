"""No function in shared/app is longer than 60 lines (issue 16): a long function there is a pipeline
that wants to be stages with typed hand-offs (shared/app/tick/), or a ladder that wants a table.

A function's length is from its ``def`` line to its last line, docstring and comments included;
nested functions count inside their parent too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "shared" / "app"
LIMIT = 60


def _lengths(path: Path, root: Path = ROOT) -> list[tuple[str, int]]:
    """(``file:line name``, length in lines) of every function in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            found.append((f"{path.relative_to(root)}:{node.lineno} {node.name}", length))
    return found


def test_no_function_in_the_app_layer_is_longer_than_60_lines() -> None:
    files = sorted(APP.rglob("*.py"))
    assert len(files) > 20  # the walk found the layer (a wrong path would pass on nothing)
    too_long = {where: n for path in files for where, n in _lengths(path) if n > LIMIT}
    assert too_long == {}, f"split these into smaller functions (at most {LIMIT} lines): {too_long}"


def test_the_measure_counts_every_line_of_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    sample.write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n", encoding="utf-8")
    lengths = {where.rsplit(" ", 1)[1]: n for where, n in _lengths(sample, tmp_path)}
    assert lengths == {"long": LIMIT + 1, "short": 2}  # ``long`` would be reported, ``short`` not
