"""The many-shops benchmark (``python -m benchmarks shops``) at a tiny size: the fan-out through
dispatch and Pub/Sub and the sequential baseline each tick every shop once, doing the same work (the
emulators' per-shop counts are equal), and the last line carries the figures. Counts only: the
timings are the benchmark's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_shops import main

KEYS = {"shops", "rows", "concurrency", "cpu_count", "fanout_s", "sequential_s", "ratio"}
KEYS |= {"sheets_calls_per_shop", "wechat_calls_per_shop", "deferred", "peak_rss_mb"}


def _bench(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], ...]:
    detail = tmp_path / "shops.json"
    assert main([*argv, "--json", str(detail)]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    return last, json.loads(detail.read_text(encoding="utf-8"))


def test_fan_out_and_sequential_tick_every_shop_once_with_the_same_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last, detail = _bench(
        ["--shops", "3", "--rows", "20", "--concurrency", "2", "--repeat", "1", "--no-default-quota"],
        tmp_path,
        capsys,
    )

    assert last.keys() >= KEYS and (last["shops"], last["rows"], last["concurrency"]) == (3, 20, 2)
    fan, seq = (detail["per_shop"][run["label"]] for run in detail["runs"])
    assert sorted(fan) == sorted(seq) == ["s01", "s02", "s03"]
    for key in fan:
        assert fan[key]["outcomes"] == ["ok"] == seq[key]["outcomes"], key  # ticked once, each run
        assert (fan[key]["sheets"], fan[key]["wechat"]) == (seq[key]["sheets"], seq[key]["wechat"]), key
        assert fan[key]["sheets"] > 0 and fan[key]["wechat"] > 0  # counted at the emulators
    assert last["same_work"] is True and last["deferred"] == {"fanout": 0, "sequential": 0}


@pytest.mark.slow
def test_at_googles_quota_every_shop_ticks_and_none_meets_429(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one service account's 60 reads and writes a minute, shared by the shops: the buckets pace
    the ticks (or defer one to the next schedule) so the emulator, enforcing the same quota, never
    refuses a request."""
    last, detail = _bench(
        ["--shops", "2", "--rows", "10", "--concurrency", "2", "--repeat", "1"], tmp_path, capsys
    )

    google = last["default_quota"]
    assert google["all_ticked"] is True and google["sheets_429"] == 0
    assert google["deferred_first_schedule"] == last["deferred"]["default_quota_first_schedule"]
    paced = detail["per_shop"][detail["runs"][-1]["label"]]
    assert all("ok" in shop["outcomes"] for shop in paced.values())
