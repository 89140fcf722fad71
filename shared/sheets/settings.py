"""Where the Sheets API is, which spreadsheet, and which credentials.

Precedence for every setting: explicit value (CLI flag) > environment variable > default.

* ``WAYBILL_SHEETS_API_BASE``: API base URL; point it at the emulator for local runs
  (default ``https://sheets.googleapis.com``).
* ``WAYBILL_SPREADSHEET_ID``: the workspace spreadsheet's id (required).
* ``WAYBILL_SHEET_LANG``: template language of the workspace, ``zh`` (default) or ``en``.
* ``GOOGLE_APPLICATION_CREDENTIALS``: a service-account JSON file (default: Application Default
  Credentials). Used only with Google's base URL.
* ``WAYBILL_SHEETS_TOKEN``: a static bearer token (tests, the emulator).
* ``WAYBILL_SHEETS_ANONYMOUS``: ``1`` sends no credentials (the emulator).

The product knows the emulator only through the base URL: nothing else changes.
Secrets (token, key file contents) never appear in ``repr`` or logs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from shared.sheets.errors import SheetsConfigError

GOOGLE_SHEETS_BASE = "https://sheets.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)

ENV_API_BASE = "WAYBILL_SHEETS_API_BASE"
ENV_SPREADSHEET_ID = "WAYBILL_SPREADSHEET_ID"
ENV_LANG = "WAYBILL_SHEET_LANG"
ENV_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS"
ENV_TOKEN = "WAYBILL_SHEETS_TOKEN"
ENV_ANONYMOUS = "WAYBILL_SHEETS_ANONYMOUS"

Lang = Literal["zh", "en"]


@dataclass(frozen=True, slots=True)
class SheetsSettings:
    api_base: str = GOOGLE_SHEETS_BASE
    spreadsheet_id: str = ""
    lang: Lang = "zh"
    credentials_file: str = ""
    token: str = field(default="", repr=False)
    anonymous: bool = False

    @property
    def uses_google(self) -> bool:
        return self.api_base.rstrip("/") == GOOGLE_SHEETS_BASE

    def require_spreadsheet(self) -> str:
        if not self.spreadsheet_id:
            raise SheetsConfigError(f"no spreadsheet id: pass --spreadsheet or set {ENV_SPREADSHEET_ID}")
        return self.spreadsheet_id


def load_settings(
    env: Mapping[str, str] | None = None,
    *,
    api_base: str | None = None,
    spreadsheet_id: str | None = None,
    lang: str | None = None,
    credentials_file: str | None = None,
    token: str | None = None,
    anonymous: bool | None = None,
) -> SheetsSettings:
    """Settings from explicit values (CLI flags) over ``env`` (default ``os.environ``) over defaults."""
    env = os.environ if env is None else env

    def pick(explicit: str | None, name: str, default: str) -> str:
        if explicit:
            return explicit
        return env.get(name, "").strip() or default

    base = pick(api_base, ENV_API_BASE, GOOGLE_SHEETS_BASE).rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise SheetsConfigError(f"{ENV_API_BASE} must be an http(s) URL, got {base!r}")
    language = pick(lang, ENV_LANG, "zh")
    if language not in ("zh", "en"):
        raise SheetsConfigError(f"{ENV_LANG} must be zh or en, got {language!r}")
    anon = anonymous if anonymous is not None else env.get(ENV_ANONYMOUS, "").strip() in ("1", "true", "yes")
    return SheetsSettings(
        api_base=base,
        spreadsheet_id=pick(spreadsheet_id, ENV_SPREADSHEET_ID, ""),
        lang="zh" if language == "zh" else "en",
        credentials_file=pick(credentials_file, ENV_CREDENTIALS, ""),
        token=pick(token, ENV_TOKEN, ""),
        anonymous=anon,
    )
