"""The courier data model: couriers, their number formats, and problems found in operator input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from shared.domain.text import Bilingual

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """One shape a courier's tracking numbers take, over the *normalised* text (``[A-Z0-9]``).

    ``weight`` is the prior (0..1) that a number of this shape belongs to the courier: 1.0 for an
    exact, prefix-bearing format (``SF`` + 13 digits), low for a bare digit run that several
    couriers share. ``lengths`` lists every length the pattern can match, so detection only tries
    the formats that can fit (this is what keeps detection fast).
    """

    pattern: str
    lengths: tuple[int, ...]
    weight: float
    label: Bilingual
    legacy: bool = False
    checksum: Literal["s10"] | None = None
    source: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # ASCII-only classes: Python's \d would accept Arabic-Indic digits
        # (docs/platforms/couriers-and-tracking.md#normalising-pasted-text).
        object.__setattr__(self, "regex", re.compile(self.pattern, re.ASCII))

    def matches(self, number: str) -> bool:
        return len(number) in self.lengths and self.regex.fullmatch(number) is not None


@dataclass(frozen=True, slots=True)
class Courier:
    """A courier as the product knows it.

    ``code`` is ours (stable, used in the sheet and the journal). ``wechat_delivery_id`` is the
    WeChat Shop ``delivery_id`` it ships as in the platform's table; several of ours may share one
    (China Post parcels ship as ``EMS`` 中国邮政). ``wechat_alt_ids`` are other ids the platform's own
    material uses for it (Yunda is ``YD`` in its request examples): the id actually pushed is the one
    the shop's courier list holds (shared/couriers/shop_list.py). ``kuaidi100_code`` is Kuaidi100's
    ``com``.
    """

    code: str
    name: Bilingual
    aliases: tuple[str, ...]
    wechat_delivery_id: str
    kuaidi100_code: str | None
    formats: tuple[NumberFormat, ...]
    active: bool = True
    note: str = ""
    wechat_alt_ids: tuple[str, ...] = ()

    @property
    def current_formats(self) -> tuple[NumberFormat, ...]:
        return tuple(f for f in self.formats if not f.legacy)

    def format_summary(self) -> Bilingual:
        labels = [f.label for f in self.current_formats] or [f.label for f in self.formats]
        return Bilingual(
            "、".join(dict.fromkeys(x.zh for x in labels)), "; ".join(dict.fromkeys(x.en for x in labels))
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with an input, in a form the operator can act on.

    ``code`` is stable (tests, the sheet's message column, the CLI contract). The two messages say
    what is wrong and what to do about it.
    """

    code: str
    message: Bilingual
    severity: Severity = "error"

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_zh": self.message.zh, "message_en": self.message.en}
