"""Which secrets an API supplier's row may use, and where they may be sent (pure: env passed in).

The 供应商 tab is edited by the whole team, so nothing in it may decide on its own that one of our
credentials goes somewhere. Two rules, both checked before any request is made:

* **Secrets are named for their supplier.** A supplier's token is ``WR_<KEY>_TOKEN`` (``auth=bearer``)
  and its app secret ``WR_<KEY>_SECRET`` (``auth=hmac``), where KEY is the supplier key derived from
  the row's name (the 供应商 column): a name made only of ASCII characters gives its letters and digits
  upper-cased, every other run of characters turned into one ``_`` (``Acme Ltd.`` -> ``ACME_LTD``); any
  other name (丁工厂 ...) gives ``S`` and the first 10 hex digits of the SHA-256 of the name, spaces
  collapsed (丁工厂 -> ``S`` + 10 hex digits). ``token_env`` / ``secret_env`` may be left out (these are
  the names used) and, when given, must be exactly these names: a row can never borrow another
  supplier's secret. The row's 状态 cell names the variable it expects.
* **Each secret's hosts are a deployment setting.** ``WAYBILL_SUPPLIER_HOSTS`` is a JSON object: secret
  variable name -> the host (or list of hosts) its endpoint may have; an entry ``host:port`` also fixes
  the port. Terraform sets it from ``supplier_api_hosts``. A supplier API without credentials
  (``auth=none``) is listed under the name its token would have (``WR_<KEY>_TOKEN``): the functions'
  own network position must not be lent to a host the deployment did not name either.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from shared.domain.text import Bilingual
from shared.suppliers.errors import SupplierSettingsError

HOSTS_VARIABLE = "WAYBILL_SUPPLIER_HOSTS"
TERRAFORM_VARIABLE = "supplier_api_hosts"
SECRET_KEYS = {"token_env": "TOKEN", "secret_env": "SECRET"}
# An endpoint's authority: a plain host name or IPv4 address and an optional port. No user info, no
# brackets or backslashes: every URL parser (ours, httpx's) then agrees on which host is called.
_AUTHORITY = re.compile(r"([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?")


def supplier_key(name: str) -> str:
    """The supplier key of a 供应商 row's name (see the module's docstring)."""
    plain = " ".join(name.split())
    if plain.isascii():
        words = re.findall(r"[A-Za-z0-9]+", plain)
        if words:
            return "_".join(words).upper()
    return "S" + hashlib.sha256(plain.encode()).hexdigest()[:10].upper()


def secret_variable(name: str, key: str = "token_env") -> str:
    """The environment variable that holds this supplier's token (or, ``secret_env``, app secret)."""
    return f"WR_{supplier_key(name)}_{SECRET_KEYS[key]}"


def bind_secret_names(supplier_id: str, settings: Mapping[str, str]) -> dict[str, str]:
    """``settings`` with ``token_env`` and ``secret_env`` set to this supplier's own variable names;
    refused when the row names any other variable."""
    bound = dict(settings)
    for key in SECRET_KEYS:
        own = secret_variable(supplier_id, key)
        given = settings.get(key, "").strip()
        if given and given != own:
            raise SupplierSettingsError(
                Bilingual(
                    f"「{key}」只能是本供应商自己的密钥变量 {own}（按供应商名称命名），不能使用 {given}。"
                    f"请把密钥放进 {own}，或删掉 {key} 这一项。",
                    f"'{key}' may only name this supplier's own variable {own} (named for the supplier), "
                    f"not {given}. Put the secret in {own}, or leave {key} out.",
                ),
                supplier_id=supplier_id,
                code=key,
            )
        bound[key] = own
    return bound


def allowed_hosts(env: Mapping[str, str], supplier_id: str | None = None) -> dict[str, frozenset[str]]:
    """``WAYBILL_SUPPLIER_HOSTS`` as {secret variable: hosts}; empty when unset. Unreadable: refused."""
    raw = env.get(HOSTS_VARIABLE, "").strip()
    if not raw:
        return {}
    try:
        parsed: object = json.loads(raw)
    except ValueError:
        parsed = None
    result: dict[str, frozenset[str]] = {}
    if isinstance(parsed, dict):
        for name, hosts in parsed.items():
            listed = [hosts] if isinstance(hosts, str) else hosts
            if not isinstance(listed, list) or not all(isinstance(h, str) for h in listed):
                result = {}
                break
            result[str(name)] = frozenset(_host(h) for h in listed if h.strip())
        else:
            return result
    raise SupplierSettingsError(
        Bilingual(
            f"部署设置 {HOSTS_VARIABLE} 无法读取，所有接口供应商暂停："
            f"请在 Terraform 变量 {TERRAFORM_VARIABLE} "
            "里按「密钥变量名 = [接口主机名]」填写后重新部署。",
            f"The deployment setting {HOSTS_VARIABLE} cannot be read, so every API supplier is paused: set "
            f"the Terraform variable {TERRAFORM_VARIABLE} as secret variable name = [API host names] "
            "and deploy "
            "again.",
        ),
        supplier_id=supplier_id,
        code="endpoint",
    )


def check_endpoint_host(supplier_id: str, secret: str, endpoint: str, env: Mapping[str, str]) -> None:
    """Refuse an endpoint whose host the deployment did not allow for ``secret`` (its variable name)."""
    parts = urlsplit(endpoint.strip())
    found = _AUTHORITY.fullmatch(parts.netloc)
    if parts.scheme not in ("http", "https") or found is None:
        raise SupplierSettingsError(
            Bilingual(
                "接口地址无效：应写成 https://主机名/路径（主机名里不能有 @、\\ 或方括号）。",
                "Invalid endpoint: write it as https://host/path (no @, \\ or brackets in the host).",
            ),
            supplier_id=supplier_id,
            code="endpoint",
        )
    host = _host(found.group(1))
    port = found.group(2)
    allowed = allowed_hosts(env, supplier_id).get(secret, frozenset())
    if host in allowed or (port is not None and f"{host}:{port}" in allowed):
        return
    raise SupplierSettingsError(
        Bilingual(
            f"接口主机 {host} 不在部署设置允许 {secret} 使用的主机里，未连接：若这是供应商的真实接口，"
            f"请在 Terraform 变量 {TERRAFORM_VARIABLE} 里为 {secret} 加上 {host} 并重新部署。",
            f"The API host {host} is not one the deployment allows for {secret}, so nothing was sent: if it "
            f"is the supplier's real API, add {host} for {secret} to the Terraform variable "
            f"{TERRAFORM_VARIABLE} and deploy again.",
        ),
        supplier_id=supplier_id,
        code="endpoint",
    )


def _host(text: str) -> str:
    return text.strip().lower().rstrip(".")
