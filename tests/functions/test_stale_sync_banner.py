"""A stopped sync is never silent: with the last good tick older than 设置 stale_sync_minutes, an
operator's edit (the sheet_edit function, served as deployed) puts one banner row on 异常, in the
workspace's language, with its English twin in the code; a good tick marks it handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.app import stale_sync
from shared.app.tick import WATERMARK
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit, _handed_on

KIND = "同步已停止"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _banners(d: Deployed) -> list[dict[str, str]]:
    return [r for r in d.world.records("异常") if r["类型"] == KIND]


def test_an_edit_shows_the_banner_when_the_last_good_tick_is_old_and_a_good_tick_clears_it(
    deployed: Deployed,
) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    assert _banners(deployed) == []
    # An edit soon after a good tick: no banner.
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-1"))
    assert _banners(deployed) == []

    # The timer died 2 hours ago: the watermark (the last good tick) stays where it was.
    last_good = w.now() - timedelta(hours=2)
    w.journal.set_watermark(WATERMARK, last_good)
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-2"))
    [banner] = _banners(deployed)
    text = stale_sync.message(last_good, 30)
    zh, en = text.zh, text.en
    assert banner["订单号"] == "自动同步" and banner["说明"] == zh and banner["已处理"] in ("", "否")
    assert "30 分钟" in zh and "Sync now" in en and "over 30 minutes" in en
    assert banner["建议操作"] == stale_sync.action("zh")

    # Another edit keeps one banner, not two.
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-3"))
    assert len(_banners(deployed)) == 1

    # The tick runs again and succeeds: the banner is marked handled.
    w.tick()
    [banner] = _banners(deployed)
    assert banner["已处理"] == "是"
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-4"))
    assert [b["已处理"] for b in _banners(deployed)] == ["是"]


def test_the_setting_moves_the_threshold_and_zero_turns_the_banner_off(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    w.journal.set_watermark(WATERMARK, w.now() - timedelta(minutes=45))
    w.set_setting("stale_sync_minutes", "60")
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-1"))
    assert _banners(deployed) == []
    w.set_setting("stale_sync_minutes", "0")
    w.journal.set_watermark(WATERMARK, w.now() - timedelta(days=2))
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-2"))
    assert _banners(deployed) == []
    w.set_setting("stale_sync_minutes", "20")
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-3"))
    assert len(_banners(deployed)) == 1


@pytest.mark.slow
def test_a_tick_that_cannot_list_the_shop_shows_the_banner_too(deployed: Deployed) -> None:
    w = deployed.world
    w.create_order()
    w.tick()
    w.journal.set_watermark(WATERMARK, w.now() - timedelta(hours=1))
    w.shop_control.set_faults(http_5xx_next=50, paths=["/channels/ec/order/list/get"])
    report = w.tick()
    w.shop_control.set_faults(http_5xx_next=0, paths=[])
    assert "list" in report.shop_errors
    assert len(_banners(deployed)) == 1
    w.tick()
    assert [b["已处理"] for b in _banners(deployed)] == ["是"]


def test_the_english_workspace_gets_the_english_twin() -> None:
    at = stale_sync.check(None, NOW, 30, "en")
    assert at.alerts == () and at.markers == {"Auto sync"}
    assert stale_sync.check(NOW - timedelta(minutes=30), NOW, 30, "en").alerts == ()
    [alert] = stale_sync.check(NOW - timedelta(minutes=31), NOW, 30, "en").alerts
    assert alert.order_id == "Auto sync" and alert.message.en.startswith("Automatic sync has not succeeded")
    assert alert.message.zh.startswith("自动同步从") and alert.message.zh.endswith("。")
    assert "None" not in alert.message.en + alert.message.zh
