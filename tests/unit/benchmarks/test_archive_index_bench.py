"""``python -m benchmarks archive_index``: what it writes is what an archive run writes (two objects
per order, no key twice), and its numbers are refused out of range before anything starts."""

from __future__ import annotations

import pytest

from benchmarks.bench_archive_index import _objects, command_line


def test_two_objects_per_archived_order_each_key_once() -> None:
    objects = _objects(250)
    keys = [key for key, _ in objects]
    assert len(keys) == len(set(keys)) == 500
    assert sum(k.startswith("archive/orders/") for k in keys) == 250


@pytest.mark.parametrize(
    ("argv", "reason"), [(["--rows", "0"], "1–20000"), (["--latency-ms", "-1"], "0–1000")]
)
def test_out_of_range_numbers_are_refused(
    argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        command_line().parse_args(argv)
    assert exit_.value.code == 2 and reason in capsys.readouterr().err
