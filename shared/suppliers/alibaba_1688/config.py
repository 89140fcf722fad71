"""One 1688 supplier row -> the adapter's settings (pure: the environment is passed in).

The 供应商 row's 对接方式 is ``1688``; its 接入设置 may be empty. The credentials are never in the
sheet: they are environment variables named for the supplier, like every supplier secret
(shared/suppliers/secret_binding.py): ``WR_<KEY>_APP_KEY``, ``WR_<KEY>_SECRET`` (the app secret) and
``WR_<KEY>_REFRESH_TOKEN`` (from the buyer's one-time authorization). A row may name them
(``app_key_env=…; secret_env=…; refresh_token_env=…``) only with exactly these names.
Where 1688 is reached is a deployment setting, never the sheet's: ``WAYBILL_1688_BASE``
(default ``https://gw.open.1688.com``; the emulator's URL locally).
Other keys: ``web_site`` (``1688`` or ``alibaba``), ``page_size`` (1..50), ``max_pages`` (1..50),
``follow_days`` (0..30: how long after shipping a changed number is still looked for, default 7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.domain.text import Bilingual
from shared.suppliers.errors import SupplierSettingsError
from shared.suppliers.http_config import Secret
from shared.suppliers.secret_binding import supplier_key

BASE_VARIABLE = "WAYBILL_1688_BASE"
DEFAULT_BASE = "https://gw.open.1688.com"
VARIABLES = {"app_key_env": "APP_KEY", "secret_env": "SECRET", "refresh_token_env": "REFRESH_TOKEN"}
KEYS = (*VARIABLES, "web_site", "page_size", "max_pages", "follow_days")


@dataclass(frozen=True, slots=True)
class AlibabaConfig:
    supplier_id: str
    app_key: str
    app_secret: Secret = field(repr=False)
    refresh_token: Secret | None = field(repr=False)
    base_url: str = DEFAULT_BASE
    web_site: str = "1688"
    page_size: int = 50  # clients cap it at 50; 1688's own maximum is not documented
    max_pages: int = 10
    follow_days: int = 7
    timeout_seconds: float = 10.0
    max_attempts: int = 4
    default_courier: str | None = None


def variable(supplier_id: str, key: str) -> str:
    """The environment variable of ``key`` (app_key_env, secret_env, refresh_token_env) for this supplier."""
    return f"WR_{supplier_key(supplier_id)}_{VARIABLES[key]}"


def _fail(supplier_id: str, code: str, zh: str, en: str) -> SupplierSettingsError:
    return SupplierSettingsError(Bilingual(zh, en), supplier_id=supplier_id, code=code)


def _number(
    settings: Mapping[str, str], supplier_id: str, key: str, default: int, low: int, high: int
) -> int:
    raw = settings.get(key, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _fail(
            supplier_id,
            key,
            f"{key} 应为 {low} 到 {high} 之间的整数。",
            f"{key} must be a whole number {low}-{high}.",
        )
    return int(raw)


def alibaba_config(
    supplier_id: str, settings: Mapping[str, str], env: Mapping[str, str], default_courier: str = ""
) -> AlibabaConfig:
    """The row's config; SupplierSettingsError (both languages, naming the variable) when unusable."""
    unknown = sorted(set(settings) - set(KEYS))
    if unknown:
        raise _fail(
            supplier_id,
            "settings",
            f"1688 供应商的接入设置不认识这些项：{'、'.join(unknown)}（可用：{', '.join(KEYS)}）。",
            f"Unknown settings for a 1688 supplier: {', '.join(unknown)} (known: {', '.join(KEYS)}).",
        )
    values: dict[str, str] = {}
    for key in VARIABLES:
        own = variable(supplier_id, key)
        given = settings.get(key, "").strip()
        if given and given != own:
            raise _fail(
                supplier_id,
                key,
                f"「{key}」只能是本供应商自己的变量 {own}（按供应商名称命名），不能使用 {given}。",
                f"'{key}' may only name this supplier's own variable {own}, not {given}.",
            )
        values[key] = env.get(own, "").strip()
    for key in ("app_key_env", "secret_env"):
        if not values[key]:
            own = variable(supplier_id, key)
            raise _fail(
                supplier_id,
                key,
                f"缺少环境变量 {own}：请在部署时把 1688 应用的 AppKey / AppSecret 放进 {own}。",
                f"The environment variable {own} is missing: put the 1688 app's AppKey / AppSecret in {own} "
                "when deploying.",
            )
    web_site = settings.get("web_site", "1688").strip() or "1688"
    if web_site not in ("1688", "alibaba"):
        raise _fail(
            supplier_id, "web_site", "web_site 只能是 1688 或 alibaba。", "web_site must be 1688 or alibaba."
        )
    base = env.get(BASE_VARIABLE, "").strip().rstrip("/") or DEFAULT_BASE
    return AlibabaConfig(
        supplier_id=supplier_id,
        app_key=values["app_key_env"],
        app_secret=Secret(values["secret_env"]),
        refresh_token=Secret(values["refresh_token_env"]) if values["refresh_token_env"] else None,
        base_url=base,
        web_site=web_site,
        page_size=_number(settings, supplier_id, "page_size", 50, 1, 50),
        max_pages=_number(settings, supplier_id, "max_pages", 10, 1, 50),
        follow_days=_number(settings, supplier_id, "follow_days", 7, 0, 30),
        default_courier=default_courier.strip() or None,
    )
