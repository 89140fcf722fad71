"""Build the real clients from an AppConfig: the only place that knows how the parts are assembled."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.app.config import KUAIDI100_BASE, AppConfig, ConfigError
from shared.app.sheets_quota import JournalQuota
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, utc_now
from shared.app.tracking_watch import TrackingConfig
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.journal.s3_store import S3Store, make_client
from shared.journal.store import ObjectStore
from shared.logistics import PollPolicy
from shared.retry import Deadline
from shared.sheets.gateway import SheetsGateway, connect
from shared.sheets.quota import QuotaLimits
from shared.sheets.settings import load_settings
from shared.suppliers.shipment_drop import LocalDrop, ShipmentDrop
from shared.suppliers.shipment_drop_bucket import BucketDrop
from shared.tracking import Kuaidi100Client, Kuaidi100Config
from shared.wechat.client import WeChatShopClient
from shared.wechat.events import EventReceiver

#: refresh's time limit in seconds (infra/terraform/locals.tf); the sync functions' is WAYBILL_SYNC_TIMEOUT.
REFRESH_TIMEOUT = 120
#: Kept after the last retry wait of an invocation: the call after it (a Sheets read may take 60 s)
#: and the report must still fit in the time limit.
LAST_CALL_RESERVE = 60.0


def retry_budget(time_limit: float) -> float:
    """Seconds of an invocation in which retry waits may end: all but a minute of its time limit, or
    half of it when the limit is under two minutes."""
    return max(time_limit / 2.0, time_limit - LAST_CALL_RESERVE)


def invocation_deadline(
    config: AppConfig, function: str, clock: Callable[[], float] = time.monotonic
) -> Deadline:
    """The retry deadline of one invocation of ``function`` ("sync", "sync_now" or "refresh").

    The entry point opens it around all its work (``shared.retry.within``), so every client the
    invocation uses (built once per process here) waits only inside it; a wait that would pass it is
    not taken and the call fails with its adapter's retryable error at once.
    """
    time_limit = REFRESH_TIMEOUT if function == "refresh" else config.sync_timeout
    return Deadline.after(retry_budget(time_limit), clock)


def journal_store(config: AppConfig) -> ObjectStore:
    """The journal's store: the deployment's, or for one shop of a registry its part of it
    (``shops/<journal>/`` under the same directory or bucket prefix)."""
    if config.journal_bucket:
        client = make_client(config.journal_endpoint or None)
        prefix = "/".join(p for p in (config.journal_prefix.strip("/"), config.journal_shop) if p)
        return S3Store(client, config.journal_bucket, prefix)
    shop = config.journal_shop
    return LocalDirStore(config.journal_dir / shop if shop else config.journal_dir)


def journal(config: AppConfig) -> Journal:
    return Journal(journal_store(config))


def deployment_journal(config: AppConfig) -> Journal:
    """The deployment's own journal, whichever shop ``config`` is for: what all shops share (the
    Sheets quota buckets: one service account is one Sheets user for every shop)."""
    return journal(dataclasses.replace(config, journal_shop=""))


def shipment_drop(config: AppConfig) -> ShipmentDrop | None:
    """Where suppliers' shipment files are dropped (shared/suppliers/shipment_drop.py), or None."""
    where = config.supplier_files
    if not where:
        return None
    if where.startswith("s3://"):
        bucket, _, prefix = where[len("s3://") :].partition("/")
        if not bucket:
            raise ConfigError(
                Bilingual(
                    "WAYBILL_SUPPLIER_FILES 须为目录或 s3://桶/前缀",
                    f"must be a directory or s3://bucket/prefix: {where!r}",
                ).joined()
            )
        return BucketDrop(make_client(config.supplier_files_endpoint or None), bucket, prefix)
    return LocalDrop(where)


def shop_client(config: AppConfig, **kwargs: Any) -> WeChatShopClient:
    config.require("WAYBILL_WECHAT_APPID", "WAYBILL_WECHAT_SECRET")
    return WeChatShopClient(config.wechat_appid, config.wechat_secret, base_url=config.wechat_base, **kwargs)


def event_receiver(config: AppConfig) -> EventReceiver:
    config.require("WAYBILL_WECHAT_PUSH_TOKEN", "WAYBILL_WECHAT_AES_KEY")
    return EventReceiver(config.push_token, list(config.aes_keys))


def tracking(config: AppConfig, clock: Callable[[], datetime] = utc_now) -> TrackingConfig | None:
    """The logistics watch's provider, or None (tracking off) without Kuaidi100 credentials.

    The client's own per-number guard runs on the tick's clock, so the demo and tests can move time."""
    if not config.tracking_enabled:
        return None
    autonumber = config.kuaidi100_autonumber_url or (
        "https://www.kuaidi100.com/autonumber/auto"
        if config.kuaidi100_base == KUAIDI100_BASE
        else config.kuaidi100_base + "/autonumber/auto"
    )
    client = Kuaidi100Client(
        Kuaidi100Config(
            customer=config.kuaidi100_customer,
            key=config.kuaidi100_key,
            base_url=config.kuaidi100_base,
            autonumber_url=autonumber,
        ),
        clock=clock,
    )
    return TrackingConfig(
        client,
        PollPolicy(budget_per_tick=config.kuaidi100_budget),
        # Pushes are only accepted signed (tracking_events): without a salt, poll instead.
        callback_url=config.kuaidi100_callback_url if config.kuaidi100_salt else "",
        salt=config.kuaidi100_salt,
    )


def sheets_quota(config: AppConfig, store: Journal) -> JournalQuota | None:
    """The Sheets quota buckets every function spends from (shared/app/sheets_quota.py), or None
    when a limit is set to 0."""
    reads, writes = config.sheets_reads_per_minute, config.sheets_writes_per_minute
    if not (reads and writes):
        return None
    return JournalQuota(store, QuotaLimits(reads=reads, writes=writes))


def overview_gateway(config: AppConfig) -> SheetsGateway | None:
    """The overview spreadsheet's gateway (shared/app/overview.py), spending from the deployment's
    shared Sheets quota; None without WAYBILL_OVERVIEW_SPREADSHEET_ID. ``config``: the deployment's."""
    if not config.overview_spreadsheet_id:
        return None
    gateway = connect(load_settings(config.env, spreadsheet_id=config.overview_spreadsheet_id))
    gateway.http.quota = sheets_quota(config, deployment_journal(config))
    return gateway


def archive_gateway(config: AppConfig, workspace: SheetsGateway) -> Callable[[str], SheetsGateway]:
    """Archive spreadsheets' gateways (shared/app/archive_books.py), built as the overview's is: the
    deployment's Sheets settings with another spreadsheet id, spending from the workspace client's
    quota (the tick's priority, whoever spends) and counted with its calls."""

    def make(spreadsheet_id: str) -> SheetsGateway:
        gateway = connect(
            load_settings(config.env, spreadsheet_id=spreadsheet_id), counter=workspace.http.counter
        )
        gateway.http.quota = workspace.http.quota
        return gateway

    return make


def tick_deps(
    config: AppConfig, feed: SupplierFeed | None = None, clock: Callable[[], datetime] = utc_now
) -> TickDeps:
    sheets = load_settings(config.env)
    gateway, store = connect(sheets), journal(config)
    gateway.http.quota = sheets_quota(config, deployment_journal(config) if config.journal_shop else store)
    return TickDeps(
        gateway=gateway,
        shop=shop_client(config),
        journal=store,
        feed=feed or SupplierFeed(),
        lang=sheets.lang,
        clock=clock,
        actor=config.actor,
        supplier_env=config.env,
        supplier_files=shipment_drop(config),
        tracking=tracking(config, clock),
        write_as_read=config.targeted_write == "as_read",
        archive_gateway=archive_gateway(config, gateway),
    )
