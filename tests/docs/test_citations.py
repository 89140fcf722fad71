"""Every citation in the repository points inside it, and at something that is there.

* No tracked file cites a note kept outside the repository (the folder beside the checkout, its
  reference files, their section numbers).
* Every ``docs/…`` page cited anywhere exists, and so does every section anchor cited for it.
* In ``docs/``: every relative markdown link resolves (page and anchor), every test named exists
  (file, and ``::test`` when given), and every repository path in backticks exists.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest

from tests.docs import citations as c

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
_SKIP_DIRS = {".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}


@cache
def tracked_files() -> tuple[Path, ...]:
    """The files git tracks; without git (an exported tree), every file outside the usual caches."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode("utf-8")
        return tuple(ROOT / name for name in out.split("\0") if name)
    except (OSError, subprocess.SubprocessError):
        return tuple(
            p
            for p in ROOT.rglob("*")
            if p.is_file() and not _SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
        )


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
        return None


@cache
def texts() -> tuple[tuple[str, str], ...]:
    """(path relative to the root, text) of every tracked text file."""
    out = []
    for path in tracked_files():
        text = _text(path)
        if text is not None:
            out.append((path.relative_to(ROOT).as_posix(), text))
    return tuple(out)


def doc_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


# --- the checks on planted text (so each check is known to bite) -----------------------------------


def test_the_outside_citations_are_recognised() -> None:
    courier_page = "couriers-and" + "-tracking.md"
    planted = "\n".join(
        [
            "# see " + "../" + "shared/DESIGN" + ".md",
            "(reference " + "\u00a7" + "5.1)",
            "reference/" + "wechat-shop" + "-api.md",
            "sheets-functions" + "-notes.md, alibaba" + "-1688.md",
            "/work/" + "shared/" + "reference/" + courier_page,
        ]
    )
    found = {(f.line, f.text) for f in c.forbidden(planted)}
    assert {line for line, _ in found} == {1, 2, 3, 4, 5}
    assert (5, courier_page) in found
    assert not list(c.forbidden("docs/platforms/" + courier_page + "#thresholds"))
    assert not list(c.forbidden("[x](" + courier_page + ")", in_platform_docs=True))
    # A page's relative link may climb to the repository's root, not beyond it.
    link = "[README](" + "../" + "shared/suppliers/README.md)"
    assert not list(c.forbidden(link, depth=1))
    assert [f.line for f in c.forbidden(link, depth=0)] == [1]
    assert [f.line for f in c.forbidden(link)] == [1]


def test_docs_citations_and_their_anchors_are_read() -> None:
    text = (
        "(docs/platforms/wechat-shop.md#shipping and #correcting), docs/workspace.md.\n"
        "# (docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query, #kuaidi100-push-callback)\n"
        "docs/workspace.md#订单-orders; ../../docs/x.md is a relative link"
    )
    found = [(d.line, d.path, d.anchors) for d in c.docs_citations(text)]
    assert found == [
        (1, "docs/platforms/wechat-shop.md", ("shipping", "correcting")),
        (1, "docs/workspace.md", ()),
        (
            2,
            "docs/platforms/couriers-and-tracking.md",
            ("kuaidi100-real-time-query", "kuaidi100-push-callback"),
        ),
        (3, "docs/workspace.md", ("订单-orders",)),
    ]


def test_heading_anchors_follow_githubs_rule() -> None:
    page = "\n".join(
        [
            "# The operator workspace / 操作员工作表格",
            "## 订单 Orders",
            "```",
            "## not a heading",
            "```",
            "## Notes",
        ]
    )
    page += "\n## Notes"
    assert c.anchors_of(page) == {"the-operator-workspace--操作员工作表格", "订单-orders", "notes", "notes-1"}
    assert c.slug("An operator's work is never lost") == "an-operators-work-is-never-lost"


# --- the repository ------------------------------------------------------------------------------


def test_no_tracked_file_cites_a_note_outside_the_repository() -> None:
    assert len(texts()) > 100  # the scan really reads the repository
    found = [
        f"{path}:{f.line}: {f.text!r} ({f.why})"
        for path, text in texts()
        for f in c.forbidden(
            text,
            depth=path.count("/") if path.endswith(".md") else None,
            in_platform_docs=path.startswith("docs/platforms/"),
        )
    ]
    assert found == [], "cite docs/ instead:\n" + "\n".join(found)


def test_every_cited_docs_page_and_section_exists() -> None:
    missing = []
    cited = 0
    for path, text in texts():
        for citation in c.docs_citations(text):
            cited += 1
            page = ROOT / citation.path
            if not page.is_file():
                missing.append(f"{path}:{citation.line}: {citation.path} does not exist")
                continue
            known = c.anchors_of(page.read_text(encoding="utf-8"))
            missing += [
                f"{path}:{citation.line}: {citation.path} has no section #{anchor}"
                for anchor in citation.anchors
                if anchor not in known
            ]
    assert cited > 50  # the code does cite docs/ (the citations replaced the outside ones)
    assert missing == [], "\n".join(missing)


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_in_the_docs_resolve(page: Path) -> None:
    broken = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        for target in c.MD_LINK.findall(line):
            if "://" in target or target.startswith("mailto:"):
                continue
            file_part, _, anchor = target.partition("#")
            dest = (page.parent / file_part).resolve() if file_part else page
            if not dest.exists():
                broken.append(f"{number}: {target} (no such file)")
            elif anchor and dest.is_file() and anchor not in c.anchors_of(dest.read_text(encoding="utf-8")):
                broken.append(f"{number}: {target} (no such section)")
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_tests_and_paths_the_docs_name_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    missing = []
    for ref, name in c.TEST_REF.findall(text):
        files = sorted(ROOT.glob(ref)) if "*" in ref else [ROOT / ref]
        if not files or not all(f.exists() for f in files):
            missing.append(ref)
        elif name and not any(f"def {name}(" in f.read_text(encoding="utf-8") for f in files if f.is_file()):
            missing.append(f"{ref}::{name}")
    for ref in c.REPO_PATH.findall(text):
        if not (sorted(ROOT.glob(ref)) if "*" in ref else (ROOT / ref).exists()):
            missing.append(ref)
    assert missing == [], "named in the page but not in the repository: " + ", ".join(sorted(set(missing)))
