"""``python -m benchmarks``: --help lists the benchmarks, a name that matches none is refused."""

from __future__ import annotations

import pytest

from benchmarks.__main__ import main


def test_help_lists_every_benchmark_with_its_first_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: python -m benchmarks" in out
    assert "  quota " in out and "  year " in out and "Sheets quota" in out


def test_a_name_matching_no_benchmark_is_refused_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-benchmark"]) == 2
    err = capsys.readouterr().err
    assert "no benchmark matches 'no-such-benchmark'" in err and "  tick " in err
