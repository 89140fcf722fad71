"""What the citation tests look for (pure: text in, findings out), kept apart so that they can be
tested on planted text.

The repository's design notes and platform contracts live in ``docs/``. A comment that cites a note
kept outside the repository (a sibling folder of the checkout, a file only one machine has) points a
person who clones the repo at nothing; a ``docs/`` path that does not exist, or a section that is not
there, points them at nothing too. The forbidden names below are spelled in pieces so that this file
does not cite them itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_SECTION_SIGN = "\u00a7"

#: A climb into the ``shared`` folder beside the checkout. In a markdown page a link is relative to the page,
#: so there it is forbidden only when it climbs out of the repository.
OUTSIDE = re.compile(r"((?:\.\./)+)" + "shared/")

#: Citations of notes that live outside the repository, and why each is one.
FORBIDDEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(re.escape("/work/" + "shared")), "an absolute path on one machine"),
    (re.compile(re.escape("shared/" + "reference")), "the reference folder outside the repository"),
    (re.compile(re.escape("DESIGN" + ".md")), "the first design note, kept outside the repository"),
    (re.compile(re.escape("wechat-shop" + "-api")), "the outside WeChat Shop reference"),
    (re.compile(re.escape("sheets-functions" + "-notes")), "the outside Sheets/Functions notes"),
    (re.compile(re.escape("alibaba" + "-1688")), "the outside 1688 reference"),
    (re.compile(re.escape(_SECTION_SIGN)), "a section number of an outside reference"),
)

#: The outside courier reference and our own page share a file name: outside docs/platforms/, the
#: name is only allowed as part of the path of our page.
SHARED_NAME = re.compile(r"(?<!platforms/)couriers-and-tracking\.md")

#: A cited ``docs/`` page, with an optional section anchor; further anchors of the same page may
#: follow (``docs/….md#a and #b``, ``docs/….md#a, #b``, ``docs/….md#a to #b``).
DOCS_PATH = re.compile(r"(?<![\w/.])docs/[\w./-]+?\.md(?:#[\w-]+)?")
MORE_ANCHORS = re.compile(r"(?:\s*,\s*|\s+(?:and|to)\s+)#([\w-]+)")

#: A relative link in markdown: ``[text](target)``.
MD_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")

#: A test named in the docs: ``tests/path.py``, ``tests/path.py::test_name`` or ``tests/dir/``.
TEST_REF = re.compile(r"`(tests/[\w./*-]+?)(?:::(\w+))?`")

#: A repository path named in backticks in the docs.
REPO_PATH = re.compile(
    r"`((?:shared|functions|emulators|sheet_templates|infra|benchmarks|docs|tests)/[\w./*-]*|main\.py)`"
)


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    text: str
    why: str


def forbidden(text: str, *, depth: int | None = None, in_platform_docs: bool = False) -> Iterator[Finding]:
    """Every citation of an outside note in ``text``. ``depth``: for a markdown page, how many folders
    deep it sits in the repository (its relative links may climb that far); None for any other file,
    whose paths are read from the repository's root."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in OUTSIDE.finditer(line):
            if depth is None or match.group(1).count("../") > depth:
                yield Finding(number, match.group(0), "a path into the folder beside the checkout")
        for pattern, why in FORBIDDEN:
            for match in pattern.finditer(line):
                yield Finding(number, match.group(0), why)
        if not in_platform_docs:
            for match in SHARED_NAME.finditer(line):
                yield Finding(number, match.group(0), "the outside courier reference (or our page, unpathed)")


@dataclass(frozen=True, slots=True)
class DocsCitation:
    line: int
    path: str
    anchors: tuple[str, ...]


def docs_citations(text: str) -> Iterator[DocsCitation]:
    """Every ``docs/…`` page cited in ``text``, with the anchors cited for it."""
    for match in DOCS_PATH.finditer(text):
        path, _, anchor = match.group(0).partition("#")
        anchors = [anchor] if anchor else []
        rest = text[match.end() :]
        while (more := MORE_ANCHORS.match(rest)) is not None:
            anchors.append(more.group(1))
            rest = rest[more.end() :]
        yield DocsCitation(text.count("\n", 0, match.start()) + 1, path.rstrip("."), tuple(anchors))


def slug(heading: str) -> str:
    """The anchor GitHub gives a markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors_of(markdown: str) -> set[str]:
    """Every heading anchor of a markdown page (a repeated heading gets ``-1``, ``-2`` ...)."""
    found: set[str] = set()
    counts: dict[str, int] = {}
    in_code = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if in_code or heading is None:
            continue
        base = slug(heading.group(1))
        seen = counts.get(base, 0)
        counts[base] = seen + 1
        found.add(base if seen == 0 else f"{base}-{seen}")
    return found
