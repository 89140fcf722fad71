"""Tracking settings from the environment: off without credentials, polling without a salt."""

from __future__ import annotations

import pytest

from shared.app.config import SECRET_VARIABLES, AppConfig, ConfigError
from shared.app.wiring import tracking
from shared.tracking import Kuaidi100Client

CREDENTIALS = {"KUAIDI100_CUSTOMER": "C0FFEE", "KUAIDI100_KEY": "k3y"}


def test_tracking_is_off_without_credentials() -> None:
    assert tracking(AppConfig.from_env({})) is None
    assert tracking(AppConfig.from_env({"KUAIDI100_KEY": "k3y"})) is None


def test_subscriptions_need_a_callback_and_a_salt() -> None:
    env = {**CREDENTIALS, "KUAIDI100_BASE_URL": "http://127.0.0.1:9/", "KUAIDI100_BUDGET": "20"}
    polled = tracking(AppConfig.from_env({**env, "KUAIDI100_CALLBACK_URL": "https://x.example/t"}))
    assert polled is not None and polled.callback_url == "" and polled.policy.budget_per_tick == 20
    assert isinstance(polled.provider, Kuaidi100Client)
    assert "127.0.0.1:9" in repr(polled.provider) and "k3y" not in repr(polled.provider)
    pushed = tracking(
        AppConfig.from_env({**env, "KUAIDI100_CALLBACK_URL": "https://x.example/t", "KUAIDI100_SALT": "s"})
    )
    assert pushed is not None and (pushed.callback_url, pushed.salt) == ("https://x.example/t", "s")
    assert "KUAIDI100_SALT" in SECRET_VARIABLES
    assert "secret-salt" not in repr(AppConfig.from_env({"KUAIDI100_SALT": "secret-salt"}))


def test_a_bad_budget_is_named() -> None:
    with pytest.raises(ConfigError, match="KUAIDI100_BUDGET"):
        AppConfig.from_env({"KUAIDI100_BUDGET": "lots"})
