"""A burst of edits against the real Sheets quota (issue 17): when the ticks and shop events have spent
the minute's quota, the refresh waits for the shared buckets (shared/app/sheets_quota.py) instead of
meeting 429, and the edits that arrive while it waits are merged into its one pass. Counted on the
Sheets emulator (60 reads and 60 writes a minute per user, as Google): no request refused, one pass's
calls for the whole burst, nothing logged above INFO, every number on the shop."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from typing import Any

import pytest

from functions import deps as function_deps
from functions.refresh import drain_pending
from shared.app.edit_queue import EditQueue
from shared.app.sheets_quota import QUOTA_KEY, JournalQuota
from shared.retry import Deadline, within
from shared.sheets import a1
from shared.sheets.quota import QuotaState
from tests.functions.conftest import Deployed
from tests.functions.test_edit_quota import _queued_edit

NUMBERS = ("SF6026131434970", "SF6026131434971", "SF6026131434978", "SF6026131434985")
# One pass of the re-read write (the default): the rows, the re-read, the values, the formats.
ONE_PASS = {
    "spreadsheets.values.batchGet": 2,
    "spreadsheets.values.batchUpdate": 1,
    "spreadsheets.batchUpdate": 1,
}


def _spend_the_minute(deployed: Deployed, quota: JournalQuota) -> None:
    """What the ticks and shop events would have done: real requests as the service account, through
    the functions' own client (so the shared buckets count them), until only the margin is left."""
    tick = function_deps.deps()
    # Spent as fast as the client goes (unpaced: the minute's spends are what matters here), into
    # the same journal document the functions' own gate reads.
    tick.gateway.http.quota = JournalQuota(tick.journal, replace(quota.limits, pace=0))
    try:
        settings_a1 = a1.row_range("设置", 1)
        header = tick.gateway.batch_get([settings_a1])[0]
        body = {"valueInputOption": "RAW", "data": [{"range": settings_a1, "values": header}]}
        while quota.headroom()["reads"] > 0:
            tick.gateway.batch_get([settings_a1])
        while quota.headroom()["writes"] > 0:  # the same header again: nothing changes on the sheet
            tick.gateway.http.values_batch_update(deployed.world.spreadsheet_id, body)
    finally:
        tick.gateway.http.quota = quota


def test_a_burst_waits_for_the_shared_quota_and_shares_one_pass_with_no_429(
    deployed: Deployed, capsys: pytest.CaptureFixture[str]
) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    orders = [w.create_order() for _ in NUMBERS]
    w.tick()
    tick = function_deps.deps()
    quota = tick.gateway.http.quota
    assert isinstance(quota, JournalQuota)  # the functions spend from the shared buckets by default
    edits = [_queued_edit(w, f"edit-{i}", o, n) for i, (o, n) in enumerate(zip(orders, NUMBERS, strict=True))]
    tick.gateway.sheet_ids()  # the tab ids, once per process
    w.sheets_control.set_quota(reads_per_minute=60, writes_per_minute=60)  # Google's, from now on
    _spend_the_minute(deployed, quota)
    w.clear_sheets_log()
    capsys.readouterr()

    queue = EditQueue(tick.journal)
    queue.add(edits[0])
    drainer = threading.Thread(target=_drain, args=(tick,))
    drainer.start()  # finds no token for a pass: waits for the buckets, not for a 429
    for edit in edits[1:]:  # the rest of the burst arrives while it waits
        queue.add(edit)
    drainer.join(120)
    assert not drainer.is_alive()

    assert w.sheets_control.quota()["rejected"] == 0
    assert w.sheets_counts() == ONE_PASS  # four edits, one pass
    assert queue.pending() == ()
    for order_id, number in zip(orders, NUMBERS, strict=True):
        assert w.row_of(order_id)["状态"] == "已发货"
        assert w.shop_waybills(order_id) == [number]
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert [line for line in lines if line["severity"] in {"WARNING", "ERROR", "CRITICAL"}] == []
    assert not any(line.get("outcome") == "deferred" for line in lines)
    done = [line for line in lines if line.get("message") == "sheet edit done"]
    assert len(done) == 1 and done[0]["edits"] == len(NUMBERS)
    assert {"sheets_reads_left", "sheets_writes_left"} <= set(done[0])  # the pass reports its headroom
    stored = tick.journal.store.read(QUOTA_KEY)
    assert stored is not None and QuotaState.from_json(stored.data).reads  # the spends are shared


def _drain(tick: Any) -> None:
    with within(Deadline.after(100.0)):
        drain_pending(tick, "refresh")
