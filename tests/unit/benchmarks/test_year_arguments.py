"""``python -m benchmarks year``: a number out of its range is refused before the run starts (exit 2,
the reason in Chinese and English), instead of a year that measures nothing or a traceback."""

from __future__ import annotations

import pytest

from benchmarks.bench_year import _wall_verdict, command_line


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--days", "0"], "must be 1–1095: 0"),
        (["--orders-per-day", "-5"], "must be 1–20000: -5"),
        (["--ticks-per-day", "0"], "must be 1–288: 0"),
        (["--days-per-tick", "3"], "must be 1–2: 3"),
        (["--archive-spreadsheets", "-1"], "must be 0–20: -1"),
        (["--days", "abc"], "not a whole number: 'abc'"),
        (["--archive-after-days", "nan"], "must be a finite number >= 0"),
        (["--archive-after-days", "-1"], "must be a finite number >= 0"),
    ],
)
def test_out_of_range_numbers_are_refused(
    argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        command_line().parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert reason in err and ("须为" in err or "不是" in err)  # and the Chinese half


def test_the_defaults_are_the_issue_s_and_light_settings_parse() -> None:
    defaults = command_line().parse_args([])
    assert (defaults.orders_per_day, defaults.days, defaults.days_per_tick) == (1000, 365, 2)
    light = command_line().parse_args(["--orders-per-day", "50", "--days", "60", "--days-per-tick", "2"])
    assert (light.orders_per_day, light.days, light.days_per_tick, light.archive_after_days) == (
        50,
        60,
        2,
        30,
    )


def test_the_wall_target_is_judged_on_the_default_run_only() -> None:
    parse = command_line().parse_args
    assert _wall_verdict(parse([]), 599.0) == "met"
    assert _wall_verdict(parse([]), 4251.0) == "NOT met (4251 s)"
    assert _wall_verdict(parse(["--days-per-tick", "2"]), 4251.0) == "NOT met (4251 s)"  # the default, typed
    light = parse(["--orders-per-day", "50", "--days", "60"])
    assert _wall_verdict(light, 30.0) == "not this run (it is not the default one)"
