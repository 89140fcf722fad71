"""Settings of a deployment, from environment variables (one documented precedence).

Precedence: an explicit argument (tests, the demo) > the environment variable > the default.
Secrets are read from the environment (Secret Manager mounts them there in the cloud) and never
written to the sheet or the logs; ``repr`` hides them.

Variables (secrets marked *):
* WAYBILL_WECHAT_API_BASE: WeChat Shop API base URL (an emulator locally); https://api.weixin.qq.com
* WAYBILL_WECHAT_APPID, WAYBILL_WECHAT_SECRET*: the shop's credentials (needed for shop calls)
* WAYBILL_WECHAT_PUSH_TOKEN*, WAYBILL_WECHAT_AES_KEY*: message push (needed by shop_events);
  WAYBILL_WECHAT_AES_KEY_PREVIOUS*: the previous EncodingAESKey during a rotation
* WAYBILL_SHEETS_API_BASE, WAYBILL_SPREADSHEET_ID, WAYBILL_SHEET_LANG ...: shared/sheets/settings.py
* WAYBILL_EDIT_SECRET*: HMAC secret shared with the sheet's Apps Script (needed by sheet_edit)
* WAYBILL_JOURNAL_DIR: journal in a local directory (default .waybill/journal)
* WAYBILL_JOURNAL_BUCKET: journal in an S3-compatible bucket instead; WAYBILL_JOURNAL_ENDPOINT for
  non-AWS stores, WAYBILL_JOURNAL_PREFIX for a key prefix; AWS_ACCESS_KEY_ID* / AWS_SECRET_ACCESS_KEY*
* KUAIDI100_CUSTOMER*, KUAIDI100_KEY*, KUAIDI100_BASE_URL: the tracking provider (tracking is off
  without them); KUAIDI100_AUTONUMBER_URL: number recognition (default: derived from the base URL
  when it is not Kuaidi100's own); KUAIDI100_CALLBACK_URL: the public URL of the tracking_events
  function (set: numbers are subscribed and pushed; empty: polled); KUAIDI100_SALT*: the salt pushes
  are signed with (needed by tracking_events); KUAIDI100_BUDGET: provider calls per tick (default 50)
* WAYBILL_ACTOR: the actor written for automatic changes (default "system")
* WAYBILL_SYNC_TIMEOUT: the time limit of the sync functions in seconds (default 300; Terraform
  passes its sync_timeout_seconds). The retry waits of one invocation end well before it
  (shared/app/wiring.py invocation_deadline): a minute before, or halfway for a limit under 2 minutes
* WAYBILL_TARGETED_WRITE: how a targeted pass (sheet edits, shop events) guards its write:
  ``reread`` (default) reads the rows' keys and operator cells again just before writing, so a sort,
  a moved column or an operator's typing during the pass's pushes is caught (4 Sheets calls a pass);
  ``as_read`` takes the pass's own read as the re-read and writes values, colours and notes in one
  batch (2 calls a pass) but cannot see a sort or a moved column made while the pass pushed — only
  for teams that never sort 订单 while working (shared/app/tick/write.py)
* WAYBILL_SHEETS_READS_PER_MINUTE, WAYBILL_SHEETS_WRITES_PER_MINUTE: the Sheets API quota of the
  service account (default 60 and 60, Google's per-user quota). Every function spends from these two
  buckets, shared through the journal, before each Sheets request, by priority (edits, then shop
  events, then the tick) and waits for a token instead of meeting 429 (shared/app/sheets_quota.py);
  0 for either: no shared buckets (the client's retries alone)
* WAYBILL_EVENT_MIN_INTERVAL: seconds per sheet refresh for shop events once a burst of 5 is spent
  (default 6; events arriving sooner are coalesced into the next refresh or tick:
  shared/app/event_queue.py); 0: no limit
* WAYBILL_SYNC_AUDIENCE, WAYBILL_SYNC_CALLERS, WAYBILL_OIDC_CERTS_URL: who may call sync_now
  (functions/oidc.py: the ID token's audience, allowed e-mails, and the key URL for tests)
* WAYBILL_SUPPLIER_HOSTS: where each API supplier's secret may be sent, a JSON object
  {"WR_ACME_TOKEN": ["api.acme.com"]} (Terraform: supplier_api_hosts). Only the deployment sets it,
  never the sheet; a 供应商 row whose endpoint host is not listed for its secret is refused
  (shared/suppliers/secret_binding.py, which also gives the rule that names a supplier's secrets)
* WR_<KEY>_TOKEN*, WR_<KEY>_SECRET*: each API supplier's credentials, named for the supplier
* WAYBILL_SUPPLIER_FILES: where suppliers' shipment files (发货单) are dropped for the sync tick, one
  folder per supplier named by its supplier key: a local directory, or ``s3://bucket/prefix`` (an
  S3-compatible bucket, with the journal's credentials; WAYBILL_SUPPLIER_FILES_ENDPOINT for a
  non-AWS store). Unset: the tick reads no files (``import-shipments`` still does)
* WAYBILL_GCP_PROJECT, WAYBILL_REFRESH_TOPIC, WAYBILL_TICK_TOPIC: where the public functions hand their
  work on (functions/handoff.py); WAYBILL_PUBSUB_API_BASE: the Pub/Sub API (an emulator locally;
  shared/pubsub/settings.py)
* WAYBILL_SHOPS: the shop registry (店群), a JSON object keyed by shop key (shared/app/shops.py,
  docs/shops.md). Unset or blank: one shop, configured by the variables above, exactly as before.
  Set: every shop-facing function works for one shop of it at a time, with that shop's
  ``AppConfig`` (shared/app/shop_config.py). Precedence for a shop's setting: the registry entry
  (app id, spreadsheet id, journal) > its ``settings`` (only the names in ``SHOP_SETTINGS``) > the
  deployment's variable > the default. Its secrets come from the variables its entry names
  (default ``WAYBILL_SHOP_<KEY>_SECRET`` ...), never from WAYBILL_WECHAT_SECRET and the like.
* WAYBILL_OVERVIEW_SPREADSHEET_ID: the overview spreadsheet (总览, docs/shops.md): after each shop's
  tick its outcome is recorded in its journal (state/last_tick.json) and the 总览 tab of this
  spreadsheet is rewritten with one row per shop, through the shared Sheets quota, in the
  deployment's WAYBILL_SHEET_LANG (shared/app/overview.py). The deployment's, never a shop's.
  Unset or blank: no overview, nothing recorded, nothing else changes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from shared.domain.text import Bilingual

WECHAT_BASE = "https://api.weixin.qq.com"
KUAIDI100_BASE = "https://poll.kuaidi100.com"

# Every environment variable a deployment reads, and which of them are secrets (infra declares these).
SECRET_VARIABLES = (
    "WAYBILL_WECHAT_SECRET",
    "WAYBILL_WECHAT_PUSH_TOKEN",
    "WAYBILL_WECHAT_AES_KEY",
    "WAYBILL_WECHAT_AES_KEY_PREVIOUS",
    "WAYBILL_EDIT_SECRET",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "KUAIDI100_CUSTOMER",
    "KUAIDI100_KEY",
    "KUAIDI100_SALT",
)
PLAIN_VARIABLES = (
    "WAYBILL_WECHAT_API_BASE",
    "WAYBILL_WECHAT_APPID",
    "WAYBILL_SHEETS_API_BASE",
    "WAYBILL_SPREADSHEET_ID",
    "WAYBILL_SHEET_LANG",
    "WAYBILL_JOURNAL_DIR",
    "WAYBILL_JOURNAL_BUCKET",
    "WAYBILL_JOURNAL_ENDPOINT",
    "WAYBILL_JOURNAL_PREFIX",
    "KUAIDI100_BASE_URL",
    "KUAIDI100_AUTONUMBER_URL",
    "KUAIDI100_CALLBACK_URL",
    "KUAIDI100_BUDGET",
    "WAYBILL_ACTOR",
    "WAYBILL_EVENT_MIN_INTERVAL",
    "WAYBILL_SYNC_TIMEOUT",
    "WAYBILL_SYNC_AUDIENCE",
    "WAYBILL_SYNC_CALLERS",
    "WAYBILL_OIDC_CERTS_URL",
    "WAYBILL_SUPPLIER_HOSTS",
    "WAYBILL_SUPPLIER_FILES",
    "WAYBILL_SUPPLIER_FILES_ENDPOINT",
    "WAYBILL_PUBSUB_API_BASE",
    "WAYBILL_GCP_PROJECT",
    "WAYBILL_REFRESH_TOPIC",
    "WAYBILL_TICK_TOPIC",
    "WAYBILL_SHOPS",
    "WAYBILL_OVERVIEW_SPREADSHEET_ID",
)


class ConfigError(ValueError):
    """A required setting is missing or invalid; the message names the variable (zh + en)."""


@dataclass(frozen=True)
class AppConfig:
    wechat_base: str = WECHAT_BASE
    wechat_appid: str = ""
    wechat_secret: str = field(default="", repr=False)
    push_token: str = field(default="", repr=False)
    aes_keys: tuple[str, ...] = field(default=(), repr=False)
    edit_secret: str = field(default="", repr=False)
    journal_dir: Path = Path(".waybill/journal")
    journal_bucket: str = ""
    journal_endpoint: str = ""
    journal_prefix: str = ""
    actor: str = "system"
    kuaidi100_customer: str = field(default="", repr=False)
    kuaidi100_key: str = field(default="", repr=False)
    kuaidi100_base: str = KUAIDI100_BASE
    kuaidi100_autonumber_url: str = ""
    kuaidi100_callback_url: str = ""
    kuaidi100_salt: str = field(default="", repr=False)
    kuaidi100_budget: int = 50
    event_min_interval: int = 6  # seconds
    sync_timeout: int = 300  # seconds: the sync functions' time limit (infra sync_timeout_seconds)
    targeted_write: str = "reread"  # or "as_read" (WAYBILL_TARGETED_WRITE)
    sheets_reads_per_minute: int = 60  # 0: no shared quota buckets (WAYBILL_SHEETS_READS_PER_MINUTE)
    sheets_writes_per_minute: int = 60
    supplier_files: str = ""
    supplier_files_endpoint: str = ""
    overview_spreadsheet_id: str = ""  # WAYBILL_OVERVIEW_SPREADSHEET_ID ("": no overview)
    # One shop of a registry (shared/app/shop_config.py); empty for a single-shop deployment.
    shop: str = ""
    journal_shop: str = ""  # the shop's journal, inside the deployment's: "shops/<journal>"
    # The generic secret names as the shop's registry entry names them (for "missing" messages).
    secret_names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AppConfig:
        env = dict(os.environ if env is None else env)

        def get(name: str, default: str = "") -> str:
            return env.get(name, "").strip() or default

        keys = tuple(k for k in (get("WAYBILL_WECHAT_AES_KEY"), get("WAYBILL_WECHAT_AES_KEY_PREVIOUS")) if k)
        return cls(
            wechat_base=get("WAYBILL_WECHAT_API_BASE", WECHAT_BASE).rstrip("/"),
            wechat_appid=get("WAYBILL_WECHAT_APPID"),
            wechat_secret=get("WAYBILL_WECHAT_SECRET"),
            push_token=get("WAYBILL_WECHAT_PUSH_TOKEN"),
            aes_keys=keys,
            edit_secret=get("WAYBILL_EDIT_SECRET"),
            journal_dir=Path(get("WAYBILL_JOURNAL_DIR", ".waybill/journal")),
            journal_bucket=get("WAYBILL_JOURNAL_BUCKET"),
            journal_endpoint=get("WAYBILL_JOURNAL_ENDPOINT"),
            journal_prefix=get("WAYBILL_JOURNAL_PREFIX"),
            actor=get("WAYBILL_ACTOR", "system"),
            kuaidi100_customer=get("KUAIDI100_CUSTOMER"),
            kuaidi100_key=get("KUAIDI100_KEY"),
            kuaidi100_base=get("KUAIDI100_BASE_URL", KUAIDI100_BASE).rstrip("/"),
            kuaidi100_autonumber_url=get("KUAIDI100_AUTONUMBER_URL"),
            kuaidi100_callback_url=get("KUAIDI100_CALLBACK_URL"),
            kuaidi100_salt=get("KUAIDI100_SALT"),
            kuaidi100_budget=_count(get("KUAIDI100_BUDGET", "50"), "KUAIDI100_BUDGET"),
            event_min_interval=_count(get("WAYBILL_EVENT_MIN_INTERVAL", "6"), "WAYBILL_EVENT_MIN_INTERVAL"),
            sync_timeout=_count(get("WAYBILL_SYNC_TIMEOUT", "300"), "WAYBILL_SYNC_TIMEOUT"),
            targeted_write=_one_of(get("WAYBILL_TARGETED_WRITE", "reread"), "WAYBILL_TARGETED_WRITE"),
            sheets_reads_per_minute=_count(
                get("WAYBILL_SHEETS_READS_PER_MINUTE", "60"), "WAYBILL_SHEETS_READS_PER_MINUTE"
            ),
            sheets_writes_per_minute=_count(
                get("WAYBILL_SHEETS_WRITES_PER_MINUTE", "60"), "WAYBILL_SHEETS_WRITES_PER_MINUTE"
            ),
            supplier_files=get("WAYBILL_SUPPLIER_FILES"),
            supplier_files_endpoint=get("WAYBILL_SUPPLIER_FILES_ENDPOINT"),
            overview_spreadsheet_id=get("WAYBILL_OVERVIEW_SPREADSHEET_ID"),
            env=env,
        )

    @property
    def tracking_enabled(self) -> bool:
        """The logistics watch runs only with Kuaidi100 credentials."""
        return bool(self.kuaidi100_customer and self.kuaidi100_key)

    def require(self, *names: str) -> None:
        """Raise ConfigError naming every missing variable."""
        values = {
            "WAYBILL_WECHAT_APPID": self.wechat_appid,
            "WAYBILL_WECHAT_SECRET": self.wechat_secret,
            "WAYBILL_WECHAT_PUSH_TOKEN": self.push_token,
            "WAYBILL_WECHAT_AES_KEY": self.aes_keys[0] if self.aes_keys else "",
            "WAYBILL_EDIT_SECRET": self.edit_secret,
            "KUAIDI100_SALT": self.kuaidi100_salt,
        }
        missing = [self.secret_names.get(n, n) for n in names if not values.get(n, self.env.get(n, ""))]
        if missing:
            raise ConfigError(Bilingual("缺少设置", f"missing settings: {', '.join(missing)}").joined())


def _one_of(text: str, name: str, allowed: tuple[str, ...] = ("reread", "as_read")) -> str:
    value = text.strip().lower() or allowed[0]
    if value not in allowed:
        raise ConfigError(
            Bilingual(
                f"{name} 须为 {' / '.join(allowed)} 之一",
                f"must be one of {', '.join(allowed)}, got {text!r}",
            ).joined()
        )
    return value


def _count(text: str, name: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigError(
            Bilingual(f"{name} 须为非负整数", f"must be a whole number >= 0, got {text!r}").joined()
        )
    return value
