"""One row of the 供应商 tab -> how to reach that supplier (pure: no I/O, the environment is passed in).

The row's 对接方式 (channel) says which adapter serves the supplier; its 接入设置 (settings) cell holds
``key=value`` pairs, separated by ``;`` (or one pair per line: then ``;`` may appear inside a value,
e.g. ``status_map=SENT=shipped;CLOSED=cancelled``).

* API (``api``): the keys of ``http_config.KEYS`` (``supplier_id`` is the row's name). Secrets are
  never in the sheet: they are environment variables named for the supplier (``WR_<KEY>_TOKEN``,
  ``WR_<KEY>_SECRET``), and the endpoint's host must be one the deployment allows for that secret
  (``secret_binding.py``): the sheet is shared with the whole team, so it must neither hold a secret
  nor be able to send one of our credentials (another supplier's, or ``WAYBILL_WECHAT_SECRET`` ...)
  to a host of an editor's choosing.
* Supplier sheet (``sheet``): ``spreadsheet_id`` (the id, or the spreadsheet's whole URL),
  optionally ``tab`` (default 待发货 / To ship) and ``keep_address_days`` (how many days after shipping
  the recipient stays in the supplier's sheet, for a re-ship; default 7).
* WeChat / manual (``manual``): nothing; numbers arrive through the 回传 tab or are typed.
* 1688 (``alibaba``): a 1688 buyer account; the keys of ``alibaba_1688.config.KEYS``, all optional
  (the app key, app secret and refresh token are environment variables named for the supplier).

Every refusal is a ``SupplierSettingsError`` with a Chinese and an English message that never repeats
a secret-looking value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from shared.domain.text import Bilingual
from shared.suppliers.errors import SupplierSettingsError
from shared.suppliers.http_config import KEYS as HTTP_KEYS
from shared.suppliers.http_config import HttpConfigError, HttpSupplierConfig
from shared.suppliers.http_presets import with_preset
from shared.suppliers.secret_binding import bind_secret_names, check_endpoint_host

Channel = Literal["api", "sheet", "manual", "alibaba"]

# The 对接方式 dropdown (sheet_templates.workspace.SUPPLIER_CHANNELS) in both languages, plus
# the plain words an operator may type instead.
CHANNEL_WORDS: dict[str, Channel] = {
    "api": "api",
    "接口": "api",
    "供应商表格": "sheet",
    "supplier sheet": "sheet",
    "sheet": "sheet",
    "表格": "sheet",
    "微信/手动": "manual",
    "wechat / manual": "manual",
    "微信": "manual",
    "手动": "manual",
    "manual": "manual",
    "": "manual",
    "1688": "alibaba",
    "阿里巴巴": "alibaba",
    "alibaba": "alibaba",
}

ENV_PREFIX = "WR_"
SECRET_KEYS = ("token_env", "secret_env")
SHEET_KEYS: dict[str, str] = {
    "spreadsheet_id": "the supplier's spreadsheet: its id or its URL (required)",
    "tab": "the tab the orders go to (待发货 / To ship)",
    "keep_address_days": "days after shipping before the recipient is cleared from the sheet (default 7)",
}
KEEP_ADDRESS_DAYS = 7
_MAX_KEEP_DAYS = 90
# Key names that would carry a secret itself (token=..., password=...), not the name of a variable.
_SECRET_KEY = re.compile(r"token|secret|passw|pwd|api_?key|access_?key|private", re.IGNORECASE)
_SAFE_KEY_SUFFIX = ("_env", "_param", "_path", "_field")
_SPREADSHEET_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_SPREADSHEET_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")


@dataclass(frozen=True, slots=True)
class SupplierSheetConfig:
    """Where one supplier's own spreadsheet is."""

    supplier_id: str
    spreadsheet_id: str
    tab: str | None = None  # None: the default title in the workspace's language
    default_courier: str | None = None
    # A shipped order's recipient stays this many days (a parcel in transit may need a re-ship), then
    # it is cleared from the supplier's sheet.
    keep_address_days: int = KEEP_ADDRESS_DAYS


def channel_of(text: str, supplier_id: str | None = None) -> Channel:
    """The channel a 对接方式 cell names (either language, case and spacing ignored)."""
    found = CHANNEL_WORDS.get(" ".join(text.split()).casefold())
    if found is None:
        raise SupplierSettingsError(
            Bilingual(
                f"不认识的对接方式「{text.strip()}」：请从下拉列表选择 API、供应商表格、微信/手动 或 1688。",
                f"Unknown channel '{text.strip()}': "
                "pick API, Supplier sheet, WeChat / manual or 1688 from the list.",
            ),
            supplier_id=supplier_id,
            code="channel",
        )
    return found


def parse_settings_cell(text: str, supplier_id: str | None = None) -> dict[str, str]:
    """``key=value; key=value`` (or one pair per line) -> {key: value}. Refuses a pair without ``=``,
    a key given twice, and any key that looks like it holds a secret itself."""

    def fail(code: str, zh: str, en: str) -> SupplierSettingsError:
        return SupplierSettingsError(Bilingual(zh, en), supplier_id=supplier_id, code=code)

    lines = re.split(r"\r\n|[\r\n]", text)
    chunks = lines if len([x for x in lines if x.strip()]) > 1 else re.split(r"[;；]", text)
    result: dict[str, str] = {}
    for chunk in chunks:
        if not chunk.strip():
            continue
        key, sep, value = chunk.partition("=")
        key = key.strip().strip("\ufeff").lower()
        if not sep or not key:
            # Never echo the chunk: it may be a pasted secret.
            raise fail(
                "settings",
                "接入设置应写成 key=value，用分号或换行分隔（如 spreadsheet_id=…）。",
                "Connection settings must be key=value pairs separated by ; or new lines "
                "(e.g. spreadsheet_id=...).",
            )
        if _SECRET_KEY.search(key) and not key.endswith(_SAFE_KEY_SUFFIX):
            raise fail(
                key,
                f"「{key}」看起来是密钥：表格里不能填写密钥。请把它放进环境变量（以 {ENV_PREFIX} 开头），"
                "再填写 token_env 或 secret_env=变量名。",
                f"'{key}' looks like a secret: the sheet must never hold one. Put it in an environment "
                f"variable (named {ENV_PREFIX}...) and give token_env or secret_env=THAT_NAME instead.",
            )
        if key in result:
            raise fail(key, f"「{key}」填写了两次。", f"'{key}' is given twice.")
        result[key] = value.strip()
    return result


def check_secret_names(settings: Mapping[str, str], supplier_id: str | None = None) -> None:
    """``token_env`` / ``secret_env`` must name a ``WR_`` variable, never hold the secret itself."""
    for key in SECRET_KEYS:
        name = settings.get(key, "").strip()
        if not name:
            continue
        if not re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
            raise SupplierSettingsError(
                Bilingual(
                    f"「{key}」应填写环境变量的名字（如 {ENV_PREFIX}ACME_TOKEN），看起来填的是密钥本身。"
                    "请立即更换这个密钥，并从表格中删除它。",
                    f"'{key}' must name an environment variable (e.g. {ENV_PREFIX}ACME_TOKEN); it looks like "
                    "the secret itself. Replace that secret now and delete it from the sheet.",
                ),
                supplier_id=supplier_id,
                code=key,
            )
        if not name.startswith(ENV_PREFIX):
            raise SupplierSettingsError(
                Bilingual(
                    f"「{key}」的环境变量名必须以 {ENV_PREFIX} 开头（如 {ENV_PREFIX}ACME_TOKEN）。",
                    f"The variable named in '{key}' must start with {ENV_PREFIX} "
                    f"(e.g. {ENV_PREFIX}ACME_TOKEN).",
                ),
                supplier_id=supplier_id,
                code=key,
            )


def http_config(
    supplier_id: str, settings: Mapping[str, str], env: Mapping[str, str], default_courier: str = ""
) -> HttpSupplierConfig:
    """The API adapter's config for a row (its 默认快递 column is used when settings give none)."""
    check_secret_names(settings, supplier_id)
    if "supplier_id" in settings:
        raise SupplierSettingsError(
            Bilingual(
                "接入设置里不要填写 supplier_id：供应商名称就是第一列。",
                "Do not set supplier_id in the settings: the supplier's name is the first column.",
            ),
            supplier_id=supplier_id,
            code="supplier_id",
        )
    # Before anything else: which secret this row may use, and whether its host may receive it.
    row: dict[str, str] = {**bind_secret_names(supplier_id, settings), "supplier_id": supplier_id}
    if default_courier.strip() and not row.get("default_courier"):
        row["default_courier"] = default_courier.strip()
    full: Mapping[str, object]
    try:
        full = with_preset(row)
    except KeyError:
        full = row  # from_row below refuses the unknown preset
    auth = str(full.get("auth") or "bearer").strip().lower()
    secret = row["secret_env"] if auth == "hmac" else row["token_env"]
    if str(full.get("endpoint") or "").strip():
        check_endpoint_host(supplier_id, secret, str(full["endpoint"]), env)
    try:
        return HttpSupplierConfig.from_row(row, env)
    except HttpConfigError as exc:
        raise SupplierSettingsError(exc.message, supplier_id=supplier_id, code=str(exc.code)) from None


def sheet_config(
    supplier_id: str, settings: Mapping[str, str], default_courier: str = ""
) -> SupplierSheetConfig:
    """The supplier sheet adapter's config for a row."""
    unknown = sorted(k for k in settings if k not in SHEET_KEYS)
    if unknown:
        names = ", ".join(unknown)
        raise SupplierSettingsError(
            Bilingual(
                f"供应商表格的接入设置里有不认识的项：{names}"
                "（只需要 spreadsheet_id，可选 tab、keep_address_days）。",
                f"Unknown settings for a supplier sheet: {names} (it needs spreadsheet_id, optionally tab "
                "and keep_address_days).",
            ),
            supplier_id=supplier_id,
            code=unknown[0],
        )
    raw = settings.get("spreadsheet_id", "").strip()
    found = _SPREADSHEET_URL.search(raw)
    spreadsheet_id = found.group(1) if found else raw
    if not _SPREADSHEET_ID.fullmatch(spreadsheet_id):
        raise SupplierSettingsError(
            Bilingual(
                "请在接入设置里填写 spreadsheet_id=供应商表格的 ID（或整个表格链接）。",
                "Set spreadsheet_id=the supplier spreadsheet's id (or its whole URL) in the settings.",
            ),
            supplier_id=supplier_id,
            code="spreadsheet_id",
        )
    return SupplierSheetConfig(
        supplier_id,
        spreadsheet_id,
        settings.get("tab", "").strip() or None,
        default_courier.strip() or None,
        _keep_days(supplier_id, settings.get("keep_address_days", "")),
    )


def _keep_days(supplier_id: str, text: str) -> int:
    """``keep_address_days``: a whole number of days, 0 (clear once shipped) to 90; empty: 7."""
    text = text.strip()
    if not text:
        return KEEP_ADDRESS_DAYS
    if not text.isascii() or not text.isdigit() or int(text) > _MAX_KEEP_DAYS:
        raise SupplierSettingsError(
            Bilingual(
                f"keep_address_days 应是 0 到 {_MAX_KEEP_DAYS} 之间的整数天数（默认 {KEEP_ADDRESS_DAYS}）。",
                f"keep_address_days must be a whole number of days from 0 to {_MAX_KEEP_DAYS} "
                f"(default {KEEP_ADDRESS_DAYS}).",
            ),
            supplier_id=supplier_id,
            code="keep_address_days",
        )
    return int(text)


__all__ = [
    "CHANNEL_WORDS",
    "HTTP_KEYS",
    "KEEP_ADDRESS_DAYS",
    "Channel",
    "SupplierSettingsError",
    "SupplierSheetConfig",
    "channel_of",
    "check_secret_names",
    "http_config",
    "parse_settings_cell",
    "sheet_config",
]
