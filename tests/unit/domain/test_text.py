"""``Bilingual``: the one shape of a text shown to a person in Chinese and English."""

from __future__ import annotations

import dataclasses

import pytest

from shared.domain.text import Bilingual
from sheet_templates.workspace import T

TEXT = Bilingual("单号有误", "Invalid tracking number")


def test_pick_gives_chinese_for_zh_and_english_otherwise() -> None:
    assert TEXT.pick("zh") == "单号有误"
    assert TEXT.pick("en") == "Invalid tracking number"


def test_joined_puts_chinese_first_with_a_spaced_slash() -> None:
    assert TEXT.joined() == "单号有误 / Invalid tracking number"
    assert TEXT.joined("\n") == "单号有误\nInvalid tracking number"


def test_it_is_frozen_and_compares_by_value() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TEXT.zh = "别的"  # type: ignore[misc]
    assert Bilingual("单号有误", "Invalid tracking number") == TEXT
    assert len({TEXT, Bilingual("单号有误", "Invalid tracking number")}) == 1


def test_the_workspace_spelling_builds_the_same_type() -> None:
    assert T("待单号", "Awaiting tracking") == Bilingual("待单号", "Awaiting tracking")
    assert type(T("是", "Yes")) is Bilingual
