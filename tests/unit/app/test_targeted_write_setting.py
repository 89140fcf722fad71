"""WAYBILL_TARGETED_WRITE: the re-read before a targeted pass's write stays on unless asked off."""

from __future__ import annotations

import pytest

from shared.app.config import AppConfig, ConfigError


def test_the_re_read_is_the_default() -> None:
    assert AppConfig.from_env({}).targeted_write == "reread"
    assert AppConfig.from_env({"WAYBILL_TARGETED_WRITE": " "}).targeted_write == "reread"


def test_as_read_is_taken_whatever_its_case() -> None:
    assert AppConfig.from_env({"WAYBILL_TARGETED_WRITE": "AS_READ"}).targeted_write == "as_read"


def test_another_value_is_refused_with_the_variable_named() -> None:
    with pytest.raises(ConfigError, match="WAYBILL_TARGETED_WRITE"):
        AppConfig.from_env({"WAYBILL_TARGETED_WRITE": "never"})
