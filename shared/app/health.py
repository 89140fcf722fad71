"""Health checks of a deployment: are the settings complete, and does each configured system answer?

Used by ``python -m shared.cli doctor``. Each check makes one or two cheap calls with short timeouts
and few retries (a person is waiting), and turns every failure into a plain sentence of what is
wrong and how to fix it, in Chinese and English. No check prints or returns a secret.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from shared.app.config import AppConfig, ConfigError
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import WATERMARK, Layouts
from shared.app.wiring import event_receiver, journal_store
from shared.domain.text import Bilingual
from shared.journal.errors import JournalError
from shared.journal.journal import Journal
from shared.journal.s3_store import S3Store, probe_conditional_writes
from shared.retry import RetryPolicy
from shared.sheets.errors import (
    SheetLayoutError,
    SheetsConfigError,
    SheetsError,
    SheetsNotFound,
    SheetsPermissionDenied,
)
from shared.sheets.gateway import connect
from shared.sheets.settings import ENV_API_BASE, ENV_SPREADSHEET_ID, SheetsSettings, load_settings
from shared.suppliers.alibaba_1688.client import Alibaba1688Client
from shared.suppliers.alibaba_1688.config import BASE_VARIABLE, DEFAULT_BASE, AlibabaConfig
from shared.suppliers.errors import SupplierAuthError, SupplierError
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import Secret
from shared.suppliers.model import SupplierOrder
from shared.tracking import Kuaidi100Client, Kuaidi100Config, TrackingError
from shared.tracking.errors import CredentialsRejected
from shared.wechat.client import WeChatShopClient
from shared.wechat.errors import (
    ApiUnauthorizedError,
    CredentialError,
    IpNotAllowedError,
    TransportError,
    WeChatError,
)

KUAIDI100_BASE = "https://poll.kuaidi100.com"
# A tick runs every few minutes (infra default 5); this much silence means the timer is not firing.
TIMER_STALE = timedelta(minutes=30)
KUAIDI100_AUTONUMBER = "https://www.kuaidi100.com/autonumber/auto"
PROBE_KEY = "_doctor/probe"
# A person is waiting: one retry, and no wait above a second, whatever the other side asks for.
PATIENCE = RetryPolicy(attempts=2, base_delay=0.2, max_delay=1.0, max_wait=1.0, max_total_wait=1.0)


class Status(enum.Enum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True)
class Check:
    """One line of the report. ``detail`` and ``fix`` are "中文 / English" sentences."""

    system: str
    status: Status
    detail: str
    fix: str = ""


def _zh_en(zh: str, en: str) -> str:
    return Bilingual(zh, en).joined()


# --- settings --------------------------------------------------------------------------------------

_NEEDED = {
    "WAYBILL_WECHAT_APPID": Bilingual("小店 AppID", "the shop's AppID"),
    "WAYBILL_WECHAT_SECRET": Bilingual("小店 AppSecret", "the shop's AppSecret"),
    ENV_SPREADSHEET_ID: Bilingual("表格 ID", "the spreadsheet id"),
    "WAYBILL_EDIT_SECRET": Bilingual("表格触发器的签名密钥", "the sheet trigger's HMAC secret"),
    "WAYBILL_WECHAT_PUSH_TOKEN": Bilingual("消息推送 Token", "the message-push Token"),
    "WAYBILL_WECHAT_AES_KEY": Bilingual("消息推送 EncodingAESKey", "the message-push EncodingAESKey"),
}


def check_settings(config: AppConfig, env: Mapping[str, str]) -> Check:
    system = "设置 Settings"
    missing = [name for name in _NEEDED if not env.get(name, "").strip()]
    if config.journal_bucket:
        missing += [n for n in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY") if not env.get(n, "").strip()]
    if missing:
        what_zh = "、".join(_NEEDED[n].zh if n in _NEEDED else n for n in missing)
        what_en = ", ".join(_NEEDED[n].en if n in _NEEDED else n for n in missing)
        # A shop of a registry reads its secrets from its own variables: name those (shop_config.py).
        named = ", ".join(config.secret_names.get(n, n) for n in missing)
        return Check(
            system,
            Status.FAIL,
            _zh_en(f"缺少 {named}", f"missing {named}"),
            _zh_en(
                f"在 Secret Manager 或环境变量里设置：{what_zh}",
                f"set them (Secret Manager or env): {what_en}",
            ),
        )
    try:
        load_settings(env)
        event_receiver(config)
    except (SheetsConfigError, ConfigError, WeChatError, ValueError) as exc:
        return Check(
            system,
            Status.FAIL,
            _zh_en("设置无效", f"invalid setting: {exc}"),
            _zh_en(
                "按提示改正该设置（EncodingAESKey 为 43 个字符）",
                "correct it (an EncodingAESKey is 43 characters)",
            ),
        )
    return Check(system, Status.OK, _zh_en("必需的设置都已填写", "every required setting is present"))


# --- the sheet ---------------------------------------------------------------------------------------


def check_sheet(settings: SheetsSettings) -> Check:
    system = "表格 Google Sheet"
    if not settings.spreadsheet_id:
        return Check(system, Status.SKIP, _zh_en("未设置表格 ID", f"{ENV_SPREADSHEET_ID} not set"))
    where = settings.api_base
    lay = Layouts.of(settings.lang)
    tabs = [lay.orders, lay.settings, lay.inbox, lay.exceptions, lay.log]
    try:
        gateway = connect(settings, policy=PATIENCE)
        tables = gateway.read([], headers_only=tabs)
    except SheetsPermissionDenied:
        return Check(
            system,
            Status.FAIL,
            _zh_en("没有权限打开表格", "no permission to open the spreadsheet"),
            _zh_en(
                "把表格以“编辑者”身份共享给函数的服务账号",
                "share the sheet as Editor with the service account",
            ),
        )
    except SheetsNotFound:
        return Check(
            system,
            Status.FAIL,
            _zh_en("找不到该表格", "spreadsheet not found"),
            _zh_en(f"检查 {ENV_SPREADSHEET_ID}", f"check {ENV_SPREADSHEET_ID} (the id in the sheet's URL)"),
        )
    except SheetLayoutError as exc:
        return Check(
            system,
            Status.FAIL,
            _zh_en("表格缺少标签页或表头", f"a tab or header is missing ({exc.message})"),
            _zh_en("运行 python -m shared.cli init-sheet", "run python -m shared.cli init-sheet"),
        )
    except SheetsError as exc:
        return Check(
            system,
            Status.FAIL,
            _zh_en(f"连不上表格 API（{where}）", f"cannot reach the Sheets API at {where}: {exc}"),
            _zh_en(
                f"检查 {ENV_API_BASE} 和网络；模拟器是否在运行",
                f"check {ENV_API_BASE} and the network; is the emulator running?",
            ),
        )
    header = tables[lay.orders.title].header
    return Check(
        system,
        Status.OK,
        _zh_en(
            f"读到 {len(tables)} 个标签页的表头（{lay.orders.title}：{len(header)} 列）",
            f"read the headers of {len(tables)} tabs ({lay.orders.title}: {len(header)} columns)",
        ),
    )


# --- the shop ------------------------------------------------------------------------------------------


def check_shop(config: AppConfig) -> Check:
    system = "微信小店 WeChat Shop"
    if not config.wechat_appid or not config.wechat_secret:
        return Check(system, Status.SKIP, _zh_en("未设置 AppID/AppSecret", "AppID/AppSecret not set"))
    where = config.wechat_base
    try:
        with WeChatShopClient(
            config.wechat_appid, config.wechat_secret, base_url=where, timeout=5.0, retry_policy=PATIENCE
        ) as client:
            client.tokens.get()
            couriers = client.delivery_companies()
    except WeChatError as exc:
        return _shop_failed(system, where, exc)
    return Check(
        system,
        Status.OK,
        _zh_en(f"令牌有效，快递公司 {len(couriers)} 家", f"token OK, {len(couriers)} couriers listed"),
    )


def _shop_failed(system: str, where: str, exc: WeChatError) -> Check:
    """The failed shop check, by the error's class: what is wrong and what to do."""
    if isinstance(exc, CredentialError):
        return Check(
            system,
            Status.FAIL,
            _zh_en("AppID 或 AppSecret 被拒绝", "the AppID or AppSecret was refused"),
            _zh_en(
                "在小店后台核对 AppID，重置 AppSecret 后更新 WAYBILL_WECHAT_SECRET",
                "check the AppID; reset the AppSecret and update WAYBILL_WECHAT_SECRET",
            ),
        )
    if isinstance(exc, IpNotAllowedError):
        return Check(
            system,
            Status.FAIL,
            _zh_en(
                "本机出口 IP 不在小店 IP 白名单中", "this machine's egress IP is not on the shop's allowlist"
            ),
            _zh_en(
                "把 terraform output egress_ip 加入小店后台的 IP 白名单",
                "add `terraform output egress_ip` to the shop's IP allowlist",
            ),
        )
    if isinstance(exc, ApiUnauthorizedError):
        return Check(
            system,
            Status.FAIL,
            _zh_en("账号无权调用订单接口", f"the account may not call the order API: {exc}"),
            _zh_en(
                "确认小店已开通并授权订单/物流接口", "make sure the shop is active and has the order APIs"
            ),
        )
    if isinstance(exc, TransportError):
        return Check(
            system,
            Status.FAIL,
            _zh_en(f"连不上微信接口（{where}）", f"cannot reach the WeChat API at {where}: {exc.errmsg}"),
            _zh_en(
                "检查 WAYBILL_WECHAT_API_BASE 和网络；模拟器是否在运行",
                "check WAYBILL_WECHAT_API_BASE and the network; is the emulator running?",
            ),
        )
    return Check(
        system,
        Status.FAIL,
        _zh_en("微信接口返回错误", f"the WeChat API answered an error: {exc}"),
        _zh_en(
            "按错误码查看 docs/platforms/wechat-shop.md#error-codes",
            "look the errcode up in docs/platforms/wechat-shop.md#error-codes",
        ),
    )


# --- suppliers -----------------------------------------------------------------------------------------


def check_suppliers(feed: SupplierFeed) -> list[Check]:
    """One page from each supplier API (an order no. nobody has: nothing matches, nothing changes)."""
    if not feed.sources:
        return [Check("供应商接口 Supplier APIs", Status.SKIP, _zh_en("未配置", "none configured"))]
    checks: list[Check] = []
    for supplier_id, source in feed.sources:
        system = f"供应商 Supplier {supplier_id}"
        if not isinstance(source, HttpApiSource):
            checks.append(Check(system, Status.SKIP, _zh_en("非接口来源", "not an API source")))
            continue
        probe = SupplierOrder(source.config.supplier_id, "__doctor_probe__", "__doctor_probe__")
        with HttpApiSource(replace(source.config, max_pages=1, max_attempts=1)) as one_page:
            try:
                one_page.fetch_updates([probe])
            except SupplierError as exc:
                checks.append(
                    Check(
                        system,
                        Status.FAIL,
                        _zh_en("供应商接口出错", f"the supplier API failed: {exc}"),
                        _zh_en("检查该供应商的地址和密钥", "check this supplier's endpoint and credentials"),
                    )
                )
                continue
        checks.append(Check(system, Status.OK, _zh_en("接口可用", "the API answers")))
    return checks


def check_alibaba(env: Mapping[str, str]) -> list[Check]:
    """Each 1688 buyer account the environment holds (``WR_<KEY>_APP_KEY`` with its ``_SECRET`` and
    ``_REFRESH_TOKEN``, shared/suppliers/alibaba_1688/config.py): a token from the refresh token and
    one order-list page of one order, no retry. The 供应商 tab is not read: the variables are."""
    checks: list[Check] = []
    base = env.get(BASE_VARIABLE, "").strip().rstrip("/") or DEFAULT_BASE
    for name in sorted(env):
        if not (name.startswith("WR_") and name.endswith("_APP_KEY")):
            continue
        stem = name[: -len("APP_KEY")]
        system = f"1688 {stem[3:-1]}"
        secret, refresh = env.get(stem + "SECRET", "").strip(), env.get(stem + "REFRESH_TOKEN", "").strip()
        if not secret or not refresh:
            missing = stem + ("SECRET" if not secret else "REFRESH_TOKEN")
            checks.append(
                Check(
                    system,
                    Status.FAIL,
                    _zh_en(f"缺少 {missing}", f"{missing} is not set"),
                    _zh_en("在部署的密钥里加上它", "add it to the deployment's secrets"),
                )
            )
            continue
        config = AlibabaConfig(
            stem[3:-1], env[name].strip(), Secret(secret), Secret(refresh), base, page_size=1, max_attempts=1
        )
        try:
            with Alibaba1688Client(config) as client:
                client.order_page(1)
        except SupplierError as exc:
            fix = (
                _zh_en(
                    "重新授权 1688 应用，把新的 refresh_token 放进部署的密钥",
                    "authorize the 1688 app again and put the new refresh_token in the deployment's secrets",
                )
                if isinstance(exc, SupplierAuthError)
                else _zh_en(
                    "核对 AppKey / AppSecret 和 1688 的接口权限",
                    "check the AppKey / AppSecret and the app's 1688 API permissions",
                )
            )
            checks.append(Check(system, Status.FAIL, _zh_en("1688 接口出错", f"1688 failed: {exc}"), fix))
            continue
        checks.append(Check(system, Status.OK, _zh_en("1688 接口可用", "1688 answers")))
    return checks


# --- tracking provider ---------------------------------------------------------------------------------


def check_tracking(env: Mapping[str, str]) -> Check:
    system = "物流查询 Kuaidi100"
    customer, key = env.get("KUAIDI100_CUSTOMER", "").strip(), env.get("KUAIDI100_KEY", "").strip()
    if not customer or not key:
        return Check(
            system, Status.SKIP, _zh_en("未配置（物流跟踪关闭）", "not configured (tracking is off)")
        )
    base = env.get("KUAIDI100_BASE_URL", "").strip() or KUAIDI100_BASE
    auto = env.get("KUAIDI100_AUTONUMBER_URL", "").strip()
    auto = auto or (KUAIDI100_AUTONUMBER if base == KUAIDI100_BASE else base.rstrip("/") + "/autonumber/auto")
    config = Kuaidi100Config(customer=customer, key=key, base_url=base, autonumber_url=auto, timeout_s=5.0)
    try:
        with Kuaidi100Client(config, retry=PATIENCE) as client:
            client.recognise("YT2000000000000")  # recognition: free, checks the key and the route
    except CredentialsRejected:
        return Check(
            system,
            Status.FAIL,
            _zh_en("快递100 key 被拒绝", "Kuaidi100 refused the key"),
            _zh_en("核对 KUAIDI100_KEY / KUAIDI100_CUSTOMER", "check KUAIDI100_KEY and KUAIDI100_CUSTOMER"),
        )
    except TrackingError as exc:
        return Check(
            system,
            Status.FAIL,
            _zh_en(f"连不上快递100（{base}）", f"cannot use Kuaidi100 at {base}: {exc}"),
            _zh_en("检查 KUAIDI100_BASE_URL 和网络", "check KUAIDI100_BASE_URL and the network"),
        )
    return Check(system, Status.OK, _zh_en("接口可用（key 已验证）", "the API answers (key accepted)"))


# --- journal ---------------------------------------------------------------------------------------------


def check_journal(config: AppConfig, clock: Callable[[], float] = time.time) -> list[Check]:
    system = "日志存储 Journal"
    if not config.journal_bucket and not config.journal_dir.is_dir():
        # Never create it: a doctor run from the repository without the bucket exported would leave a
        # stray .waybill/ folder behind and report a local directory as if it were the deployment's.
        return [
            Check(
                system,
                Status.FAIL,
                _zh_en(
                    f"没有设置日志存储桶，本地目录 {config.journal_dir} 也不存在（没有创建）",
                    f"no journal bucket is set and the local directory {config.journal_dir} does not exist "
                    "(not created)",
                ),
                _zh_en(
                    "设置 WAYBILL_JOURNAL_BUCKET（部署的函数用的桶，见 infra/README.md 第 7 步），"
                    "或把 WAYBILL_JOURNAL_DIR 设为已有的目录",
                    "set WAYBILL_JOURNAL_BUCKET (the deployed functions' bucket, infra/README.md step 7), "
                    "or WAYBILL_JOURNAL_DIR to an existing directory",
                ),
            )
        ]
    try:
        store = journal_store(config)
        where = store.describe()
        payload = f"doctor {clock():.0f}".encode()
        if not store.replace(PROBE_KEY, payload, None):
            raise JournalError("the probe write was refused")
        read = store.read(PROBE_KEY)
        if read is None or read.data != payload:
            raise JournalError("the probe read back differently")
    except (JournalError, OSError, ValueError) as exc:
        bucket = bool(config.journal_bucket)
        return [
            Check(
                system,
                Status.FAIL,
                _zh_en("日志存储无法读写", f"the journal store cannot be written and read: {exc}"),
                _zh_en(
                    "检查 WAYBILL_JOURNAL_BUCKET/ENDPOINT 与 HMAC 密钥"
                    if bucket
                    else "检查 WAYBILL_JOURNAL_DIR 的权限",
                    "check WAYBILL_JOURNAL_BUCKET/ENDPOINT and the HMAC keys"
                    if bucket
                    else "check that WAYBILL_JOURNAL_DIR is writable",
                ),
            )
        ]
    checks = [Check(system, Status.OK, _zh_en(f"写入并读回成功：{where}", f"wrote and read back: {where}"))]
    checks.append(check_timer(Journal(store), datetime.fromtimestamp(clock(), UTC)))
    if isinstance(store, S3Store):
        checks.append(_conditional_writes(store))
    return checks


def _conditional_writes(store: S3Store) -> Check:
    """Does the bucket refuse a second create of the same key (If-None-Match)? Without it, only one
    sync instance at a time keeps the journal's writes from racing."""
    honoured = probe_conditional_writes(store)
    return Check(
        "日志条件写 Journal conditional writes",
        Status.OK if honoured else Status.WARN,
        _zh_en("桶支持条件写", "the bucket honours If-None-Match")
        if honoured
        else _zh_en("桶不支持条件写", "the bucket ignores If-None-Match"),
        ""
        if honoured
        else _zh_en(
            "保持 sync 最多 1 个实例；或换用支持条件写的存储",
            "keep sync at one instance, or use a store with conditional writes",
        ),
    )


def check_timer(journal: Journal, now: datetime) -> Check:
    """Is the timer firing? The last tick that listed the shop moved the watermark; a watermark that
    stops moving means no tick runs (a paused Cloud Scheduler job, a failing sync function) even
    though every system answers."""
    system = "定时同步 Sync timer"
    try:
        at = journal.watermark(WATERMARK)
    except (JournalError, OSError, ValueError) as exc:
        return Check(
            system,
            Status.WARN,
            _zh_en("读不出上次同步的时间", f"the last sync time cannot be read: {type(exc).__name__}"),
            _zh_en("运行一次「立即同步」会重写它", "one sync (立即同步) rewrites it"),
        )
    if at is None:
        return Check(
            system,
            Status.WARN,
            _zh_en("还没有运行过同步", "no sync tick has run yet"),
            _zh_en(
                "确认 Cloud Scheduler 任务已启用，或在表格菜单点「立即同步」",
                "check that the Cloud Scheduler job is enabled, or use 立即同步 (sync now) "
                "in the sheet's menu",
            ),
        )
    minutes = max(0, int((now - at).total_seconds() // 60))
    if now - at > TIMER_STALE:
        return Check(
            system,
            Status.WARN,
            _zh_en(f"上次成功同步在 {minutes} 分钟前", f"the last successful sync was {minutes} minutes ago"),
            _zh_en(
                "检查 Cloud Scheduler 任务和 sync 函数的日志（小店接口出错时也不会推进；"
                "若 sync_schedule 本就慢于 30 分钟一次，可忽略）",
                "check the Cloud Scheduler job and the sync function's logs (a failing shop listing "
                "also holds it back; expected if sync_schedule runs less often than every 30 min)",
            ),
        )
    return Check(
        system, Status.OK, _zh_en(f"上次同步在 {minutes} 分钟前", f"last sync {minutes} minutes ago")
    )


def run_checks(
    env: Mapping[str, str],
    feed: SupplierFeed | None = None,
    clock: Callable[[], float] = time.time,
    config: AppConfig | None = None,
) -> list[Check]:
    """Every check, in the order a person fixes things: settings first, then each system.
    ``config``: one shop's settings (shared/app/shop_config.py; ``env`` is then its overlaid
    environment), else the deployment's from ``env``."""
    config = config or AppConfig.from_env(env)
    checks = [check_settings(config, env)]
    try:
        sheets = load_settings(env)
    except SheetsConfigError:
        sheets = SheetsSettings()
    checks.append(check_sheet(sheets))
    checks.append(check_shop(config))
    checks += check_suppliers(feed or SupplierFeed())
    checks += check_alibaba(env)
    checks.append(check_tracking(env))
    checks += check_journal(config, clock)
    return checks


def healthy(checks: Sequence[Check]) -> bool:
    return all(c.status is not Status.FAIL for c in checks)
