"""The shop registry (店群): which shops one deployment serves, read from WAYBILL_SHOPS (pure).

WAYBILL_SHOPS is a JSON object keyed by a short shop key (``^[a-z][a-z0-9-]{0,19}$``: it names the
shop in Pub/Sub messages, journal prefixes, log lines and, later, Terraform resources)::

    {"north": {"appid": "wx0123456789abcdef", "spreadsheet_id": "1AbC...",
               "secret_var": "WAYBILL_SHOP_NORTH_SECRET",          # optional, this is the default
               "settings": {"WAYBILL_SHEET_LANG": "en"}}}

Per shop:

* ``appid`` (required): the shop's WeChat AppID; no two shops share one.
* ``spreadsheet_id`` (required): its workspace; no two shops share one.
* ``secret_var``, ``push_token_var``, ``aes_key_var``, ``aes_key_previous_var``, ``edit_secret_var``:
  the NAMES of the environment variables (Secret Manager mounts) holding the shop's AppSecret, push
  token, EncodingAESKey (current and previous) and the HMAC secret of its sheet's Apps Script. The
  registry never holds a secret. Default: ``WAYBILL_SHOP_<KEY>_SECRET``, ``..._PUSH_TOKEN``,
  ``..._AES_KEY``, ``..._AES_KEY_PREVIOUS``, ``..._EDIT_SECRET`` (KEY upper-cased, ``-`` as ``_``).
* ``journal`` (optional, default the key): the shop's journal lives under ``shops/<journal>/`` of
  the deployment's journal, so its lease, idempotency keys, queues and facts are its own. Only the
  Sheets quota buckets stay in the deployment's journal (shared/app/shop_config.py says why).
* ``settings`` (optional): per-shop values of the plain settings in ``SHOP_SETTINGS``; the rest are
  the deployment's for every shop.

Bounded: at most ``MAX_BYTES`` of JSON and ``MAX_SHOPS`` shops. Every problem found is reported at
once, each naming its shop and field, in Chinese and English (``ShopRegistryError``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.app.config import ConfigError
from shared.domain.text import Bilingual

ENV_SHOPS = "WAYBILL_SHOPS"
#: Set by the deployment in each shop's own environment (shared/app/shop_config.py), never by hand:
#: the key of the shop the settings are for (its supplier-sheet tabs are named with it).
SHOP_KEY_VARIABLE = "WAYBILL_SHOP_KEY"
MAX_BYTES = 64 * 1024
MAX_SHOPS = 100
MAX_PROBLEMS = 10
JOURNAL_ROOT = "shops"

#: Plain settings a shop may set for itself. Not here, on purpose: the deployment's endpoints,
#: journal, topics and Sheets quota (one service account: one quota for all shops), and the
#: Kuaidi100 callback (each shop's is the deployment's plus ``/<key>``: shared/app/shop_config.py).
SHOP_SETTINGS = frozenset(
    {
        "WAYBILL_SHEET_LANG",
        "WAYBILL_ACTOR",
        "WAYBILL_EVENT_MIN_INTERVAL",
        "WAYBILL_TARGETED_WRITE",
        "KUAIDI100_BUDGET",
        "WAYBILL_SUPPLIER_FILES",
        "WAYBILL_SUPPLIER_FILES_ENDPOINT",
    }
)
SECRET_FIELDS = {
    "secret_var": "SECRET",
    "push_token_var": "PUSH_TOKEN",
    "aes_key_var": "AES_KEY",
    "aes_key_previous_var": "AES_KEY_PREVIOUS",
    "edit_secret_var": "EDIT_SECRET",
}
FIELDS = frozenset({"appid", "spreadsheet_id", "journal", "settings", *SECRET_FIELDS})

_KEY = re.compile(r"[a-z][a-z0-9-]{0,19}")
_APPID = re.compile(r"[A-Za-z0-9_]{1,64}")
_SPREADSHEET = re.compile(r"[A-Za-z0-9_-]{1,128}")
_VARIABLE = re.compile(r"[A-Z][A-Z0-9_]{0,79}")
_JOURNAL = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_VALUE_MAX = 500


class ShopRegistryError(ConfigError):
    """WAYBILL_SHOPS is not a valid registry; ``problems`` lists each (zh + en), the message joins them."""

    def __init__(self, problems: list[Bilingual]) -> None:
        self.problems = problems
        head = Bilingual(f"{ENV_SHOPS} 有误", f"{ENV_SHOPS} is invalid")
        super().__init__("; ".join(p.joined() for p in [head, *problems[:MAX_PROBLEMS]]))


@dataclass(frozen=True)
class Shop:
    key: str
    appid: str
    spreadsheet_id: str
    secret_var: str
    push_token_var: str
    aes_key_var: str
    aes_key_previous_var: str
    edit_secret_var: str
    journal: str
    settings: Mapping[str, str] = field(default_factory=dict)

    @property
    def journal_prefix(self) -> str:
        """Where the shop's journal lives inside the deployment's: ``shops/<journal>``."""
        return f"{JOURNAL_ROOT}/{self.journal}"


@dataclass(frozen=True)
class ShopRegistry:
    shops: tuple[Shop, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.shops)

    def get(self, key: str) -> Shop | None:
        return next((s for s in self.shops if s.key == key), None)

    def by_appid(self, appid: str) -> Shop | None:
        return next((s for s in self.shops if s.appid == appid), None)

    def by_spreadsheet(self, spreadsheet_id: str) -> Shop | None:
        return next((s for s in self.shops if s.spreadsheet_id == spreadsheet_id), None)


def default_variable(key: str, what: str) -> str:
    """``WAYBILL_SHOP_<KEY>_<WHAT>``: the variable a shop's secret is read from unless named."""
    return f"WAYBILL_SHOP_{key.upper().replace('-', '_')}_{what}"


def registry_from_env(env: Mapping[str, str]) -> ShopRegistry | None:
    """The registry in ``env``, or None when WAYBILL_SHOPS is unset or blank (one shop, as before)."""
    text = env.get(ENV_SHOPS, "").strip()
    return parse_registry(text) if text else None


def parse_registry(text: str) -> ShopRegistry:
    """Parse WAYBILL_SHOPS; raises ShopRegistryError listing every problem found."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ShopRegistryError([Bilingual(f"超过 {MAX_BYTES} 字节", f"longer than {MAX_BYTES} bytes")])
    try:
        data = json.loads(text, object_pairs_hook=_no_repeated_names)
    except _RepeatedName as exc:
        raise ShopRegistryError([Bilingual(f"名称 {exc} 重复", f"name {exc} appears twice")]) from None
    except (ValueError, RecursionError):
        raise ShopRegistryError([Bilingual("不是合法的 JSON", "not valid JSON")]) from None
    if not isinstance(data, dict) or not data:
        raise ShopRegistryError(
            [Bilingual("须为按店铺键排列的非空 JSON 对象", "must be a non-empty JSON object by shop key")]
        )
    if len(data) > MAX_SHOPS:
        raise ShopRegistryError(
            [Bilingual(f"店铺数超过 {MAX_SHOPS}", f"more than {MAX_SHOPS} shops ({len(data)})")]
        )
    problems: list[Bilingual] = []
    shops = [shop for key, spec in data.items() if (shop := _shop(key, spec, problems)) is not None]
    problems.extend(_clashes(shops))
    if problems:
        raise ShopRegistryError(problems)
    return ShopRegistry(tuple(shops))


class _RepeatedName(ValueError):
    pass


def _no_repeated_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, value in pairs:
        if name in seen:
            raise _RepeatedName(repr(name)[:60])
        seen[name] = value
    return seen


def _shop(key: Any, spec: Any, problems: list[Bilingual]) -> Shop | None:
    shown = repr(key)[:40]
    if not _KEY.fullmatch(key):
        problems.append(
            Bilingual(
                f"店铺键 {shown} 须为小写字母开头的字母、数字或 -，至多 20 个字符",
                f"shop key {shown} must be lower-case letters, digits or -, starting with a letter, "
                "at most 20 characters",
            )
        )
        return None
    if not isinstance(spec, dict):
        problems.append(Bilingual(f"店铺 {key} 须为 JSON 对象", f"shop {key} must be a JSON object"))
        return None
    before = len(problems)
    for name in sorted(set(spec) - FIELDS):
        problems.append(
            Bilingual(
                f"店铺 {key} 的字段 {name[:40]!r} 无法识别",
                f"shop {key}: unknown field {name[:40]!r} (known: {', '.join(sorted(FIELDS))})",
            )
        )
    appid = _text(key, spec, "appid", _APPID, problems, required=True)
    sheet = _text(key, spec, "spreadsheet_id", _SPREADSHEET, problems, required=True)
    journal = _text(key, spec, "journal", _JOURNAL, problems) or key
    names = {
        name: _text(key, spec, name, _VARIABLE, problems) or default_variable(key, what)
        for name, what in SECRET_FIELDS.items()
    }
    settings = _settings(key, spec.get("settings", {}), problems)
    if len(problems) > before:
        return None
    return Shop(key=key, appid=appid, spreadsheet_id=sheet, journal=journal, settings=settings, **names)


def _text(
    key: str,
    spec: dict[str, Any],
    name: str,
    pattern: re.Pattern[str],
    problems: list[Bilingual],
    *,
    required: bool = False,
) -> str:
    value = spec.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        problems.append(
            Bilingual(
                f"店铺 {key} 的 {name} 缺失或格式不对",
                f"shop {key}: {name} is missing or malformed (expected {pattern.pattern})",
            )
        )
        return ""
    return value


def _settings(key: str, given: Any, problems: list[Bilingual]) -> dict[str, str]:
    if not isinstance(given, dict):
        problems.append(
            Bilingual(f"店铺 {key} 的 settings 须为 JSON 对象", f"shop {key}: settings must be an object")
        )
        return {}
    settings: dict[str, str] = {}
    for name, value in given.items():
        if name not in SHOP_SETTINGS:
            problems.append(
                Bilingual(
                    f"店铺 {key} 不能单独设置 {name[:60]!r}",
                    f"shop {key}: {name[:60]!r} is not a per-shop setting "
                    f"(allowed: {', '.join(sorted(SHOP_SETTINGS))})",
                )
            )
        elif not isinstance(value, str) or len(value) > _VALUE_MAX:
            problems.append(
                Bilingual(
                    f"店铺 {key} 的 {name} 须为不超过 {_VALUE_MAX} 字符的文本",
                    f"shop {key}: {name} must be text of at most {_VALUE_MAX} characters",
                )
            )
        else:
            settings[name] = value
    return settings


def _clashes(shops: list[Shop]) -> list[Bilingual]:
    """Two shops on one app id, one spreadsheet or one journal would act on each other's orders."""
    problems: list[Bilingual] = []
    for label, zh in (("appid", "AppID"), ("spreadsheet_id", "工作表格"), ("journal", "日志前缀")):
        owners: dict[str, str] = {}
        for shop in shops:
            first = owners.setdefault(str(getattr(shop, label)), shop.key)
            if first != shop.key:
                problems.append(
                    Bilingual(
                        f"店铺 {first} 与 {shop.key} 使用同一个{zh}",
                        f"shops {first} and {shop.key} have the same {label}",
                    )
                )
    return problems
