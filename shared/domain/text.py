"""Bilingual text: the one shape every sentence, header and label shown to a person takes (pure).

The workspace's headers and legend, reconcile's message column and presence flags, and the
supplier adapters' refusals all carry a ``Bilingual``; the language is picked only where a cell or
a log line is written. Alongside each other the two read "zh / en" (see ``joined``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bilingual:
    """The same text in Chinese (``zh``) and English (``en``)."""

    zh: str
    en: str

    def pick(self, lang: str) -> str:
        """The text in ``lang``: Chinese for "zh", English for any other language."""
        return self.zh if lang == "zh" else self.en

    def joined(self, sep: str = " / ") -> str:
        """Both texts on one line, Chinese first: "单号有误 / Invalid number"."""
        return f"{self.zh}{sep}{self.en}"
