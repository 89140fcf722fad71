"""Logs as Cloud Logging reads them: one JSON object per line, configured once (main.py).

Cloud Run (which runs gen2 functions) turns each stderr line that is a JSON object into a structured
entry: ``severity`` sets the entry's level, ``message`` its summary line, every other key lands in
``jsonPayload`` (what the log-based metrics in infra/terraform/monitoring.tf filter on).

What a line may hold: the fields the code passes (``extra={"fields": {...}}``: ids, counts, durations,
error classes) and the formatted message. Never buyer data or secrets; the callers log counts and
ids, not cells or answers, and this module is the second lock:

* an exception is logged as its class and its frames (file, line, code), never its message, which
  may quote a cell or a platform answer;
* every configured secret's value (any environment variable whose name says SECRET, TOKEN, KEY,
  SALT or PASSWORD) and anything shaped like a mainland mobile number is masked in the line.

stderr, not stdout: the command-line tools print their results on stdout, and a log line must never
be mixed into them (tests and the demo run the functions in the same process).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

_SECRET_NAME = re.compile(r"SECRET|TOKEN|KEY|SALT|PASSWORD|PASSWD", re.IGNORECASE)
_MIN_SECRET = 6  # shorter values ("1", "on") would mask ordinary words
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
_MARK = "_waybill_json"  # on our handler: configure() is idempotent (main.py is loaded per function)


def secret_values(env: Mapping[str, str]) -> list[str]:
    """The values to mask: longest first, so a secret containing another is masked whole."""
    found = {v for k, v in env.items() if _SECRET_NAME.search(k) and len(v.strip()) >= _MIN_SECRET}
    return sorted(found, key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    for value in secrets:
        text = text.replace(value, "[redacted]")
    return _MOBILE.sub("[phone]", text)


class JsonFormatter(logging.Formatter):
    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._env = env  # None: os.environ at each line (secrets set after start are masked too)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "severity": record.levelname if record.levelname in _LEVELS else "DEFAULT",
            "message": record.getMessage(),
            "logger": record.name,
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, Mapping):
            entry.update({str(k): v for k, v in fields.items() if k not in ("severity", "message")})
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            entry.setdefault("error_class", type(exc).__name__)
            # Frames only: the exception's text may quote a cell, an address or a platform answer.
            entry["stack_trace"] = "".join(traceback.format_tb(exc.__traceback__))
        line = json.dumps(entry, ensure_ascii=False, default=str)
        return scrub(line, secret_values(os.environ if self._env is None else self._env))


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (pytest swaps it per test)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
        except Exception:  # a log line must never fail a function
            self.handleError(record)


def configure(env: Mapping[str, str] | None = None) -> None:
    """Once per process: every logger's records go out as JSON lines on stderr.

    Levels: ours (``waybill.*``, ``shared.*``) at ``WAYBILL_LOG_LEVEL`` (INFO by default); the
    libraries at WARNING, because httpx logs each request's URL at INFO and a WeChat URL carries
    the access token."""
    env = os.environ if env is None else env
    root = logging.getLogger()
    if not any(getattr(h, _MARK, False) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level < logging.WARNING:
        root.setLevel(logging.WARNING)
    level = env.get("WAYBILL_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    for name in ("waybill", "shared", "functions"):
        logging.getLogger(name).setLevel(level if level in _LEVELS else "INFO")
