"""The functions learn their time limits from the deployment, so the retry deadline follows them."""

from __future__ import annotations

from shared.app.wiring import REFRESH_TIMEOUT
from tests.infra.terraform_files import locals_


def test_the_sync_functions_get_their_time_limit_as_a_setting() -> None:
    functions = locals_()["functions"]
    assert functions["sync"]["timeout"] == functions["sync_now"]["timeout"] == "${var.sync_timeout_seconds}"
    assert locals_()["plain_env"]["WAYBILL_SYNC_TIMEOUT"] == "${tostring(var.sync_timeout_seconds)}"


def test_refresh_time_limit_in_the_code_is_the_deployed_one() -> None:
    assert locals_()["functions"]["refresh"]["timeout"] == REFRESH_TIMEOUT
