"""Starting a product process for a benchmark: ``python -c <code>`` whose first stdout line is a JSON
object saying where it listens (its URLs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def spawn(
    code: str, *, cwd: Path | str, env: dict[str, str], what: str
) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """The process (stdin, stdout and stderr piped, text) and its first line, parsed. Killed and
    refused with ``what`` named when it prints nothing (it failed before it could listen)."""
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    if not first.strip():
        process.kill()
        raise RuntimeError(f"{what} did not start")
    found = json.loads(first)
    if not isinstance(found, dict):
        process.kill()
        raise RuntimeError(f"{what} did not say where it listens: {first[:200]!r}")
    return process, found
