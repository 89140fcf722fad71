"""The locked dependency set: requirements*.txt are hashed locks of requirements*.in (`make lock`),
every range we accept is pinned inside it, and the dev lock pins the runtime packages exactly as the
deployed requirements.txt does (what CI tests is what Cloud Functions builds)."""

from __future__ import annotations

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}
LOCKS["requirements-checkov.in"] = "requirements-checkov.txt"
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+) \\$")


def ranges(path: Path) -> dict[str, Requirement]:
    found: dict[str, Requirement] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if text.startswith("-r "):
            found |= ranges(path.parent / text.removeprefix("-r ").strip())
            continue
        req = Requirement(text)
        found[canonicalize_name(req.name)] = req
    return found


def pins(path: Path) -> dict[str, str]:
    """name -> version of a lock; every pin must carry at least one sha256 hash."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        if match := _PIN.match(line):
            assert "--hash=sha256:" in lines[i + 1], f"{path.name}: {match.group(1)} has no hash"
            found[canonicalize_name(match.group(1))] = match.group(2)
        else:
            assert not re.match(r"^[A-Za-z0-9]", line), f"{path.name}: not an exact pin: {line!r}"
    return found


def unmet(wanted: dict[str, Requirement], locked: dict[str, str]) -> list[str]:
    return sorted(
        f"{name} {req.specifier}" for name, req in wanted.items() if locked.get(name) not in req.specifier
    )


def test_every_accepted_range_is_pinned_with_hashes_in_its_lock() -> None:
    for source, lock in LOCKS.items():
        assert unmet(ranges(ROOT / source), pins(ROOT / lock)) == [], f"run `make lock` ({lock})"


def test_the_check_sees_a_range_the_lock_misses() -> None:
    assert unmet({"httpx": Requirement("httpx>=0.27,<1")}, {"httpx": "1.0.0"}) == ["httpx <1,>=0.27"]
    assert unmet({"httpx": Requirement("httpx>=0.27,<1")}, {}) == ["httpx <1,>=0.27"]


def test_the_dev_lock_pins_the_runtime_exactly_as_the_deployed_lock() -> None:
    runtime, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    assert runtime and {name: dev.get(name) for name in runtime} == runtime


def test_the_makefile_installs_the_locks_with_hashes_required() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements-dev.txt" in makefile
    assert "pip install --quiet --require-hashes -r requirements-checkov.txt" in makefile
    assert "--generate-hashes" in makefile and "make lock" in makefile
