"""The configuration of one supplier's JSON API, built from a row of the 供应商 tab (pure).

A new supplier is a new row, not new code. The row is a plain ``{key: text}`` dict; keys are listed
in ``KEYS`` with their meaning. The row never holds a secret: ``token_env`` / ``secret_env`` name
an environment variable, and the secret is read from the environment given to ``from_row``.
Every refusal is a SupplierConfigError whose message is Chinese, then English, and whose ``code``
is the offending key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, cast
from urllib.parse import parse_qsl, urlsplit

from shared.domain.text import Bilingual
from shared.suppliers.errors import SupplierConfigError
from shared.suppliers.field_mapping import DEFAULT_SEPARATORS, TIME_FORMATS, PathError, TimeFormat, split_path
from shared.suppliers.http_presets import PRESETS, with_preset
from shared.suppliers.model import SHIPMENT_STATUSES

AuthMode = Literal["bearer", "hmac", "none"]
Paging = Literal["page", "cursor", "none"]
StatusTarget = Literal["shipped", "out_of_stock", "cancelled", "pending"]
STATUS_TARGETS: tuple[StatusTarget, ...] = (*SHIPMENT_STATUSES, "pending")
Path = tuple[str, ...]

KEYS: dict[str, str] = {
    "preset": f"a named field mapping to start from ({', '.join(sorted(PRESETS))}); the row's own keys win",
    "supplier_id": "our id of the supplier (required)",
    "endpoint": "the order-list URL (https, or http on loopback only)",
    "auth": "bearer | hmac | none",
    "token_env": "bearer: the environment variable that holds the token",
    "app_key": "hmac: the app key (not secret)",
    "secret_env": "hmac: the environment variable that holds the app secret",
    "app_key_param": "hmac: name of the app-key parameter (app_key)",
    "timestamp_param": "hmac: name of the timestamp parameter, epoch seconds (timestamp)",
    "sign_param": "hmac: name of the signature parameter (sign)",
    "paging": "page | cursor | none (page)",
    "page_param": "page-number parameter (page)",
    "page_size_param": "page-size parameter (pageSize)",
    "page_size": "records per page (50)",
    "first_page": "number of the first page (1)",
    "max_pages": "stop after this many pages in one pull (50)",
    "cursor_param": "cursor paging: the parameter that carries the cursor (cursor)",
    "next_cursor_path": "cursor paging: dotted path to the next cursor in the answer (required)",
    "has_more_path": "dotted path to a 'more pages follow' flag (optional)",
    "since_param": "parameter for 'changed since' (none: not sent)",
    "since_format": "auto | epoch_s | epoch_ms | beijing | iso (epoch_s)",
    "records_path": "dotted path to the list of orders in the answer (required)",
    "total_path": "dotted path to the total count (optional)",
    "code_path": "dotted path to the business code (optional)",
    "ok_codes": "business codes meaning success, comma separated (0)",
    "auth_codes": "business codes meaning bad credentials, comma separated",
    "message_path": "dotted path to the business message (optional)",
    "order_no_path": "the supplier order no. in a record",
    "shop_order_id_path": "the shop order id in a record (at least one of the two)",
    "courier_path": "the courier text in a record",
    "default_courier": "the courier when the supplier never says (one courier only)",
    "tracking_path": "the tracking numbers: a string with separators, a list, or a list of packages",
    "tracking_separators": "characters between numbers in a string (, ; ， ； 、 | newline tab)",
    "package_number_field": "in a package object: the number's path",
    "package_courier_field": "in a package object: the courier's path",
    "items_path": "the list of items in a record",
    "item_sku_field": "in an item: the SKU's path",
    "item_title_field": "in an item: the title's path",
    "item_quantity_field": "in an item: the quantity's path",
    "shipped_at_path": "the ship time in a record",
    "shipped_at_format": "auto | epoch_s | epoch_ms | beijing | iso (auto)",
    "status_path": "the status in a record",
    "status_map": "supplier value=shipped|out_of_stock|cancelled|pending, separated by ; or newlines",
    "timeout_seconds": "per request (10)",
    "max_attempts": "tries per request, retries included (4)",
}

_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_SECRETISH = re.compile(r"token|secret|sign|passw|password|pwd", re.IGNORECASE)


class Secret:
    """A credential that never shows itself in a repr, a log line or an exception."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True, slots=True)
class HttpSupplierConfig:
    """One supplier's API, validated. Build it with ``from_row``."""

    supplier_id: str
    endpoint: str
    auth: AuthMode
    records_path: Path
    tracking_path: Path
    order_no_path: Path | None = None
    shop_order_id_path: Path | None = None
    secret: Secret | None = field(default=None, repr=False)
    app_key: str | None = None
    app_key_param: str = "app_key"
    timestamp_param: str = "timestamp"
    sign_param: str = "sign"
    paging: Paging = "page"
    page_param: str = "page"
    page_size_param: str = "pageSize"
    page_size: int = 50
    first_page: int = 1
    max_pages: int = 50
    cursor_param: str = "cursor"
    next_cursor_path: Path | None = None
    has_more_path: Path | None = None
    since_param: str | None = None
    since_format: TimeFormat = "epoch_s"
    total_path: Path | None = None
    code_path: Path | None = None
    ok_codes: frozenset[str] = frozenset({"0"})
    auth_codes: frozenset[str] = frozenset()
    message_path: Path | None = None
    courier_path: Path | None = None
    default_courier: str | None = None
    tracking_separators: str = DEFAULT_SEPARATORS
    package_number_field: Path | None = None
    package_courier_field: Path | None = None
    items_path: Path | None = None
    item_sku_field: Path | None = None
    item_title_field: Path | None = None
    item_quantity_field: Path | None = None
    shipped_at_path: Path | None = None
    shipped_at_format: TimeFormat = "auto"
    status_path: Path | None = None
    status_map: Mapping[str, StatusTarget] = field(default_factory=dict)
    timeout_seconds: float = 10.0
    max_attempts: int = 4

    @classmethod
    def from_row(
        cls, row: Mapping[str, object], env: Mapping[str, str], *, strict: bool = True
    ) -> HttpSupplierConfig:
        """Validate a 供应商-tab row. ``strict`` refuses unknown keys (a typo would be silently lost).
        A ``preset`` key fills in a named field mapping under the row's own keys."""
        try:
            full = with_preset(row)
        except KeyError as exc:
            name = str(exc.args[0]) if exc.args else ""
            supplier = str(row.get("supplier_id") or "") or None
            raise config_error(
                supplier,
                "preset",
                f"不认识的预设「{name}」，可用：{', '.join(sorted(PRESETS))}。",
                f"Unknown preset '{name}'; available: {', '.join(sorted(PRESETS))}.",
            ) from None
        return _Reader(full, env, strict).build()


class HttpConfigError(SupplierConfigError):
    """A SupplierConfigError that also keeps its two messages apart, for the sheet's message column."""

    def __init__(self, message: Bilingual, *, supplier_id: str | None, code: str) -> None:
        super().__init__(message.joined(), supplier_id=supplier_id, code=code)
        self.message = message


def config_error(supplier_id: str | None, key: str, zh: str, en: str) -> HttpConfigError:
    """The error for a bad setting ``key``: Chinese then English, ``code`` = the key."""
    return HttpConfigError(Bilingual(zh, en), supplier_id=supplier_id, code=key)


class _Reader:
    def __init__(self, row: Mapping[str, object], env: Mapping[str, str], strict: bool) -> None:
        self.row = {str(k).strip(): v for k, v in row.items()}
        self.env = env
        self.strict = strict
        self.supplier_id: str | None = None

    def fail(self, key: str, zh: str, en: str) -> HttpConfigError:
        return config_error(self.supplier_id, key, zh, en)

    def text(self, key: str) -> str | None:
        value = self.row.get(key)
        if value is None or isinstance(value, bool):
            return None
        result = str(value).strip()
        return result or None

    def required(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise self.fail(key, f"供应商设置缺少「{key}」。", f"The supplier settings lack '{key}'.")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = (self.text(key) or default).lower()
        if value not in allowed:
            raise self.fail(
                key,
                f"「{key}」只能是 {'、'.join(allowed)}，现在是「{value}」。",
                f"'{key}' must be one of {', '.join(allowed)}, not '{value}'.",
            )
        return value

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        raw = self.text(key)
        try:
            value = default if raw is None else int(float(raw))
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise self.fail(
                key,
                f"「{key}」应为 {low} 到 {high} 之间的整数，现在是「{raw}」。",
                f"'{key}' must be a whole number from {low} to {high}, not '{raw}'.",
            )
        return value

    def path(self, key: str) -> Path | None:
        raw = self.text(key)
        if raw is None:
            return None
        try:
            return split_path(raw)
        except PathError:
            raise self.fail(
                key,
                f"「{key}」不是有效的字段路径：「{raw}」（用点分隔，如 data.list）。",
                f"'{key}' is not a valid field path: '{raw}' (dot-separated, e.g. data.list).",
            ) from None

    def codes(self, key: str, default: frozenset[str]) -> frozenset[str]:
        raw = self.text(key)
        if raw is None:
            return default
        return frozenset(part.strip() for part in re.split(r"[,，;；\s]+", raw) if part.strip())

    def secret(self, key: str) -> Secret:
        name = self.required(key)
        if not _ENV_NAME.fullmatch(name):
            raise self.fail(
                key,
                f"「{key}」应填写环境变量的名字（如 WR_SUPPLIER_TOKEN），不要把密钥本身写在表格里。",
                f"'{key}' must name an environment variable (e.g. WR_SUPPLIER_TOKEN); "
                "never put the secret itself in the sheet.",
            )
        value = self.env.get(name, "").strip()
        if not value:
            raise self.fail(
                key,
                f"环境变量 {name} 没有设置，无法连接供应商接口。",
                f"The environment variable {name} is not set, so the supplier API cannot be reached.",
            )
        return Secret(value)

    def build(self) -> HttpSupplierConfig:
        self.supplier_id = self.required("supplier_id")
        if self.strict:
            unknown = sorted(k for k in self.row if k not in KEYS and self.text(k) is not None)
            if unknown:
                names = ", ".join(unknown)
                raise self.fail(
                    unknown[0],
                    f"供应商设置里有不认识的项：{names}。请检查拼写。",
                    f"Unknown supplier settings: {names}. Check the spelling.",
                )
        auth = cast(AuthMode, self.choice("auth", ("bearer", "hmac", "none"), "bearer"))
        secret: Secret | None = None
        app_key: str | None = None
        if auth == "bearer":
            secret = self.secret("token_env")
        elif auth == "hmac":
            app_key = self.required("app_key")
            secret = self.secret("secret_env")
        order_no_path = self.path("order_no_path")
        shop_order_id_path = self.path("shop_order_id_path")
        if order_no_path is None and shop_order_id_path is None:
            raise self.fail(
                "order_no_path",
                "请至少填写 order_no_path 或 shop_order_id_path，否则无法把单号对应到订单。",
                "Set order_no_path or shop_order_id_path (or both): without one no number can be "
                "matched to an order.",
            )
        tracking_path = self.required_path("tracking_path")
        status_path = self.path("status_path")
        status_map = self.status_map()
        if status_path is not None and not status_map:
            raise self.fail(
                "status_map",
                "填写了 status_path 就要填写 status_map（如 SENT=shipped; CLOSED=cancelled）。",
                "status_path needs a status_map (e.g. SENT=shipped; CLOSED=cancelled).",
            )
        courier_path = self.path("courier_path")
        package_courier = self.path("package_courier_field")
        default_courier = self.text("default_courier")
        if courier_path is None and package_courier is None and default_courier is None:
            raise self.fail(
                "courier_path",
                "请填写 courier_path、package_courier_field 或 default_courier 之一，否则不知道快递公司。",
                "Set courier_path, package_courier_field or default_courier: the courier must come "
                "from somewhere.",
            )
        time_formats = cast(tuple[str, ...], TIME_FORMATS)
        paging = cast(Paging, self.choice("paging", ("page", "cursor", "none"), "page"))
        next_cursor_path = self.path("next_cursor_path")
        if paging == "cursor" and next_cursor_path is None:
            raise self.fail(
                "next_cursor_path",
                "游标分页（paging=cursor）需要填写 next_cursor_path（如 data.nextCursor）。",
                "Cursor paging (paging=cursor) needs next_cursor_path (e.g. data.nextCursor).",
            )
        return HttpSupplierConfig(
            supplier_id=self.supplier_id,
            endpoint=self.endpoint(),
            auth=auth,
            records_path=self.required_path("records_path"),
            tracking_path=tracking_path,
            order_no_path=order_no_path,
            shop_order_id_path=shop_order_id_path,
            secret=secret,
            app_key=app_key,
            app_key_param=self.text("app_key_param") or "app_key",
            timestamp_param=self.text("timestamp_param") or "timestamp",
            sign_param=self.text("sign_param") or "sign",
            paging=paging,
            page_param=self.text("page_param") or "page",
            page_size_param=self.text("page_size_param") or "pageSize",
            page_size=self.integer("page_size", 50, 1, 1000),
            first_page=self.integer("first_page", 1, 0, 1),
            max_pages=self.integer("max_pages", 50, 1, 10_000),
            cursor_param=self.text("cursor_param") or "cursor",
            next_cursor_path=next_cursor_path,
            has_more_path=self.path("has_more_path"),
            since_param=self.text("since_param"),
            since_format=cast(TimeFormat, self.choice("since_format", time_formats, "epoch_s")),
            total_path=self.path("total_path"),
            code_path=self.path("code_path"),
            ok_codes=self.codes("ok_codes", frozenset({"0"})),
            auth_codes=self.codes("auth_codes", frozenset()),
            message_path=self.path("message_path"),
            courier_path=courier_path,
            default_courier=default_courier,
            tracking_separators=self.separators(),
            package_number_field=self.path("package_number_field"),
            package_courier_field=package_courier,
            items_path=self.path("items_path"),
            item_sku_field=self.path("item_sku_field"),
            item_title_field=self.path("item_title_field"),
            item_quantity_field=self.path("item_quantity_field"),
            shipped_at_path=self.path("shipped_at_path"),
            shipped_at_format=cast(TimeFormat, self.choice("shipped_at_format", time_formats, "auto")),
            status_path=status_path,
            status_map=MappingProxyType(status_map),
            timeout_seconds=float(self.integer("timeout_seconds", 10, 1, 120)),
            max_attempts=self.integer("max_attempts", 4, 1, 10),
        )

    def required_path(self, key: str) -> Path:
        self.required(key)
        found = self.path(key)
        assert found is not None  # required() has refused an empty value
        return found

    def separators(self) -> str:
        value = self.row.get("tracking_separators")
        if value is None or str(value) == "":
            return DEFAULT_SEPARATORS
        # Written in a cell, a newline or tab separator is typed as the two characters \n or \t.
        return str(value).replace("\\n", "\n").replace("\\t", "\t")

    def endpoint(self) -> str:
        url = self.required("endpoint")
        try:
            parts = urlsplit(url)
            secretish = parts.password is not None or any(
                _SECRETISH.search(key) for key, _ in parse_qsl(parts.query)
            )
        except ValueError:
            parts, secretish = urlsplit(""), False
        if secretish:
            # The sheet is shared with the whole team: a credential in it is a leaked credential.
            raise self.fail(
                "endpoint",
                "接口地址里似乎带有密钥（token/secret/sign/password）。"
                "请去掉，把密钥放进环境变量并填写 token_env 或 secret_env。",
                "The endpoint seems to carry a credential (token/secret/sign/password). Remove it, put "
                "the secret in an environment variable and name it in token_env or secret_env.",
            )
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(
                "endpoint",
                f"接口地址无效：「{url}」（应以 https:// 开头）。",
                f"Invalid endpoint '{url}' (it should start with https://).",
            )
        if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
            # A token or signature sent in clear text can be read and replayed on the way.
            raise self.fail(
                "endpoint",
                "接口地址必须使用 https://（http 只允许本机测试）。",
                "The endpoint must use https:// (plain http is allowed for loopback testing only).",
            )
        return url

    def status_map(self) -> dict[str, StatusTarget]:
        raw = self.row.get("status_map")
        if raw is None or raw == "":
            return {}
        pairs: list[tuple[str, str]] = []
        if isinstance(raw, Mapping):
            pairs = [(str(k).strip(), str(v).strip()) for k, v in raw.items()]
        else:
            for chunk in re.split(r"[;；\n]+", str(raw)):
                if not chunk.strip():
                    continue
                source, sep, target = chunk.partition("=")
                if not sep or not source.strip():
                    raise self.fail(
                        "status_map",
                        f"status_map 的「{chunk.strip()}」应写成 供应商状态=shipped。",
                        f"status_map entry '{chunk.strip()}' must look like SUPPLIER_VALUE=shipped.",
                    )
                pairs.append((source.strip(), target.strip()))
        result: dict[str, StatusTarget] = {}
        for source, target in pairs:
            if target not in STATUS_TARGETS:
                raise self.fail(
                    "status_map",
                    f"status_map 里「{source}」对应的「{target}」无效，只能是 {'、'.join(STATUS_TARGETS)}。",
                    f"status_map maps '{source}' to '{target}'; "
                    f"it must be one of {', '.join(STATUS_TARGETS)}.",
                )
            result[source] = target
        return result
