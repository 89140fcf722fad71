"""The year benchmark's monthly line: the tick's median beside its p95 (a month's ~15 ticks make the
p95 its second-slowest tick)."""

from __future__ import annotations

from benchmarks.bench_year import HEAD, Month, _print_month, _print_stages, _stage_medians


def test_two_slow_ticks_move_the_p95_not_the_median() -> None:
    month = Month(2, ticks=[10.0] * 13 + [31.0, 30.0])  # 15 ticks: the p95 is the second slowest
    assert month.p95() == 30.0
    assert month.median() == 10.0


def test_an_empty_month_prints_zeros() -> None:
    assert Month(3).median() == 0.0 == Month(3).p95()


def test_the_line_carries_both_under_their_headings(capsys) -> None:  # type: ignore[no-untyped-def]
    month = Month(1, ticks=[12.0, 14.0, 20.0], calls=[5, 6, 6], live=29_000, rss=196.4)
    _print_month(month)
    head, line = capsys.readouterr().out.splitlines()
    assert head.split("  ") == list(HEAD)
    ends, pos = {}, 0
    for h in HEAD:  # each value is right-aligned under its heading
        pos = head.index(h, pos) + len(h)
        ends[h] = pos
    assert line[: ends["tick median s"]].endswith("14.00")
    assert line[: ends["tick p95 s"]].endswith("20.00")
    assert line[: ends["live rows"]].endswith("29,000")


def test_stage_medians_per_month_under_their_names(capsys) -> None:  # type: ignore[no-untyped-def]
    first = Month(1, stages={"read": [1.0, 3.0, 2.0], "gather": [9.0, 9.5, 30.0]})
    last = Month(2, stages={"read": [2.0], "gather": [10.0], "tidy": [3.25]})
    medians = {m.index: _stage_medians(m) for m in (first, last)}
    assert medians == {1: {"read": 2.0, "gather": 9.5}, 2: {"read": 2.0, "gather": 10.0, "tidy": 3.25}}
    _print_stages(medians, "tick stages, median s per month")
    title, head, one, two = capsys.readouterr().out.splitlines()
    assert "median" in title
    assert head.split() == ["month", "read", "gather", "tidy"]
    assert one.split() == ["1", "2.00", "9.50", "-"] and two.split() == ["2", "2.00", "10.00", "3.25"]


def test_the_slowest_tick_of_a_month_is_kept_with_its_stages() -> None:
    from benchmarks.bench_year import DAY, _simulate

    class Control:
        def advance_clock(self, seconds: float) -> None:
            assert seconds == DAY

    class Report:
        skipped = None
        unarchived_rows = 0

        def __init__(self, wall: float) -> None:
            self.stage_s = {"read": wall / 4, "gather": wall / 2}

    class FakeYear:
        control = Control()
        walls = iter([3.0, 9.0, 5.0])

        def day(self, day: int, per_day: int) -> None:
            pass

        def tick(self):  # type: ignore[no-untyped-def]
            wall = next(self.walls)
            return wall, 4, Report(wall), wall / 2

        def measure(self) -> tuple[int, int, int, int]:
            return 1, 0, 0, 1

    (month,) = _simulate(FakeYear(), 1, 3, 1)  # type: ignore[arg-type]
    assert month.slowest == {"tick": 9.0, "read": 2.25, "gather": 4.5}
    assert month.stages == {"read": [0.75, 2.25, 1.25], "gather": [1.5, 4.5, 2.5]}
    assert month.cpu == [1.5, 4.5, 2.5] and month.cpu_median() == 2.5
    assert len(month.reference) == 3 and all(ms > 0 for ms in month.reference)  # one before each tick


def test_the_cpu_column_shows_the_median_tick_or_a_dash_where_it_is_not_measured(capsys) -> None:  # type: ignore[no-untyped-def]
    _print_month(Month(1, ticks=[9.0, 8.0, 7.0], cpu=[6.0, 4.0, 5.5]))
    _print_month(Month(2, ticks=[9.0], cpu=[0.0]))  # a system with no /proc: nothing counted
    head, one, two = capsys.readouterr().out.splitlines()
    end = head.index("tick CPU s") + len("tick CPU s")
    assert one[:end].endswith("5.50") and two[:end].endswith("-")


def test_the_machine_speed_is_timed_before_each_tick_and_its_median_shown(capsys) -> None:  # type: ignore[no-untyped-def]
    month = Month(1, ticks=[9.0, 8.0, 7.0], reference=[21.0, 40.0, 20.0])
    assert month.reference_median() == 21.0 and Month(2).reference_median() is None
    _print_month(month)
    head, line = capsys.readouterr().out.splitlines()
    end = head.index("ref ms") + len("ref ms")
    assert line[:end].endswith("21.0")


def test_the_p95_ratio_is_also_given_with_the_machines_change_taken_out(capsys) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.bench_year import _print_machine

    result = {
        "tick_s_p95_first_month": 10.0,
        "tick_s_p95_last_month": 20.0,
        "reference_ms_first_month": 20.0,
        "reference_ms_last_month": 30.0,
    }
    _print_machine(result)
    line = capsys.readouterr().out
    assert "(1.50x)" in line and "2.00x" in line and "taken out: 1.33x" in line
    _print_machine({**result, "reference_ms_first_month": None})
    assert capsys.readouterr().out == ""


def test_the_reference_work_is_timed_in_milliseconds() -> None:
    from benchmarks.speed import _work, reference_ms

    assert _work() == _work() > 0  # the same work each time
    assert 0 < reference_ms(repeats=1) < 60_000


def test_each_tick_day_ends_with_a_five_minute_tick_counted_apart() -> None:
    """``five_minute``: after a tick-day's tick, the world moves 5 minutes (``five_minutes``) and one
    more tick runs; its time and calls go to their own columns, not to the sampled ticks'."""
    from benchmarks.bench_year import DAY, _simulate

    moves: list[tuple[str, int]] = []

    class Control:
        def advance_clock(self, seconds: float) -> None:
            assert seconds == DAY
            moves.append(("day", 0))

    class Report:
        skipped = None
        unarchived_rows = 0

        def __init__(self) -> None:
            self.stage_s: dict[str, float] = {}

    class FakeYear:
        control = Control()
        walls = iter([3.0, 0.5, 9.0, 0.75])  # day 0's tick, its 5-minute tick, day 2's, its 5-minute

        def day(self, day: int, per_day: int) -> None:
            pass

        def five_minutes(self, day: int, per_day: int) -> None:
            moves.append(("five", day))

        def tick(self):  # type: ignore[no-untyped-def]
            wall = next(self.walls)
            return wall, 3 if wall < 1 else 12, Report(), wall

        def measure(self) -> tuple[int, int, int, int]:
            return 1, 0, 0, 1

    # days 0 and 2 tick (every other day; day 2 is also the last), day 1 is sampled out
    (month,) = _simulate(FakeYear(), 1, 3, 1, days_per_tick=2, five_minute=True)  # type: ignore[arg-type]
    assert moves == [("day", 0), ("five", 0), ("day", 0), ("day", 0), ("five", 2)]
    assert month.ticks == [3.0, 9.0] and month.calls == [12, 12]
    assert month.five_min == [0.5, 0.75] and month.five_min_calls == [3, 3]
    assert month.five_min_p95() == 0.75 and Month(2).five_min_p95() is None


def test_the_five_minute_columns_and_line(capsys) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.bench_year import _print_five_minute

    _print_month(Month(1, ticks=[9.0], five_min=[1.0, 2.0, 4.0], five_min_calls=[3, 4, 5]))
    _print_month(Month(2, ticks=[9.0]))  # run with --no-five-minute-ticks: dashes
    head, one, two = capsys.readouterr().out.splitlines()
    end = head.index("5-min tick p95 s") + len("5-min tick p95 s")
    assert one[:end].endswith("4.00") and two[:end].endswith("-")
    assert one.endswith("4.0/5") and two.endswith("-")

    _print_five_minute({"tick_5min_s_p95_first_month": 2.0, "tick_5min_s_p95_last_month": 2.5})
    line = capsys.readouterr().out
    assert "2.50 / 2.00 s = 1.25x (<= 1.5x: met)" in line
    _print_five_minute({"tick_5min_s_p95_first_month": 2.0, "tick_5min_s_p95_last_month": 3.2})
    assert "1.60x (<= 1.5x: NOT met)" in capsys.readouterr().out
    _print_five_minute({"tick_5min_s_p95_first_month": None, "tick_5min_s_p95_last_month": None})
    assert capsys.readouterr().out == ""


def test_the_paired_line_gives_both_medians_and_their_ratio(capsys) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.bench_year import _print_five_minute

    base = {"tick_5min_s_p95_first_month": None, "tick_5min_s_p95_last_month": None}
    _print_five_minute({**base, "tick_5min_s_paired_first_month": 3.0, "tick_5min_s_paired_last_month": 3.6})
    line = capsys.readouterr().out
    assert "paired" in line and "3.60 / 3.00 s = 1.20x (<= 1.5x: met)" in line
    _print_five_minute({**base, "tick_5min_s_paired_first_month": None})  # a run under 60 days
    assert capsys.readouterr().out == ""
