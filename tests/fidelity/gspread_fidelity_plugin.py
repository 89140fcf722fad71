"""pytest plugin loaded into gspread's own test run (``python -m tests.fidelity``; issue 15 item 4).

It is imported as a top-level module (``-p gspread_fidelity_plugin``, this folder on PYTHONPATH)
because gspread's checkout has a ``tests`` package of its own that shadows ours in that process.

What it does, at run time only (nothing of gspread is copied here):

* the cassette layer is off: gspread's conftest imports ``vcr``; when vcrpy is not installed a
  stand-in module with the two names it imports is registered, and pytest-vcr (if installed) is
  disabled by the runner (``-p no:vcr``), so ``@pytest.mark.vcr()`` is an inert mark;
* the Sheets emulator is started on 127.0.0.1 (a free port) and every ``sheets.googleapis.com`` URL
  gspread builds is rewritten to it (one ``HTTPClient.request`` override, as shared/sheets does);
* Drive is stubbed: creating a spreadsheet (``client.create``) makes it on the emulator and deleting
  it removes it, the two calls every gspread test makes around itself. Any other Drive call
  (list, copy, share, export, import, comments, file metadata) is recorded against the test and
  refused, and the runner counts that test as out of scope;
* per test: the outcome, the first failure's message, the Drive operations refused and the number
  of Sheets requests made, written as JSON to ``$FIDELITY_REPORT`` at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import types
from collections.abc import Generator
from typing import Any

import pytest

SHEETS = "https://sheets.googleapis.com"
GOOGLE_APIS = "https://www.googleapis.com/"
DRIVE_FILES = "https://www.googleapis.com/drive/v3/files"
DRIVE_UPLOAD = "https://www.googleapis.com/upload/drive/v2/files"
SHEETS_MIME = "application/vnd.google-apps.spreadsheet"

#: The Drive operations the stub serves (everything else is out of scope).
SERVED = frozenset({"create", "delete"})


class DriveNotEmulated(Exception):
    """A Drive API call the Sheets emulator does not stand in for."""


def drive_operation(method: str, url: str, body: Any = None) -> str:
    """Name the Drive operation a gspread request performs (the out-of-scope reason shown)."""
    method = method.upper()
    if url.startswith(DRIVE_UPLOAD):
        return "import (upload a file's content)"
    path = url[len(DRIVE_FILES) :].split("?")[0].strip("/") if url.startswith(DRIVE_FILES) else None
    if path is None:
        return f"Google API outside Sheets ({method} {url.split('?')[0]})"
    parts = path.split("/") if path else []
    if not parts:
        if method == "GET":
            return "list / search files"
        if method == "POST":
            wants_sheet = isinstance(body, dict) and body.get("mimeType") == SHEETS_MIME
            if wants_sheet and not body.get("parents"):
                return "create"
            return "create in a folder" if wants_sheet else "create a file that is not a spreadsheet"
    elif len(parts) == 1:
        return {
            "DELETE": "delete",
            "GET": "file metadata (created / modified time)",
            "PATCH": "update file (rename / move)",
        }.get(method, f"files {method}")
    else:
        kind = parts[1]
        if kind == "copy":
            return "copy"
        if kind == "export":
            return "export"
        if kind == "comments":
            return "comments"
        if kind == "permissions":
            if method == "GET":
                return "list permissions"
            if method == "POST":
                return "share"
            if method == "DELETE":
                return "remove permission"
            return "change permission (ownership transfer)"
    return f"Drive {method} {path}"


def _install_vcr_stand_in() -> None:
    """gspread's conftest imports ``vcr.VCR`` and ``vcr.errors``; with the cassette layer off, a
    module holding just those two names is enough when vcrpy is not installed."""
    try:
        import vcr  # noqa: F401
    except ImportError:
        vcr_mod = types.ModuleType("vcr")
        errors = types.ModuleType("vcr.errors")

        class CannotOverwriteExistingCassetteException(Exception):
            pass

        class VCR:
            @staticmethod
            def ensure_suffix(suffix: str) -> Any:
                return lambda path: path if path.endswith(suffix) else path + suffix

        errors.CannotOverwriteExistingCassetteException = CannotOverwriteExistingCassetteException  # type: ignore[attr-defined]
        vcr_mod.VCR = VCR  # type: ignore[attr-defined]
        vcr_mod.errors = errors  # type: ignore[attr-defined]
        sys.modules["vcr"] = vcr_mod
        sys.modules["vcr.errors"] = errors


def _inert_mark(*args: Any, **kwargs: Any) -> Any:
    """``@pytest.mark.vcr`` and ``@pytest.mark.vcr(...)`` alike: the function, unmarked."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return args[0]
    return lambda function: function


class Recorder:
    """Per-test records, and the test running now (requests are attributed to it)."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.current: dict[str, Any] | None = None

    def record(self, nodeid: str) -> dict[str, Any]:
        return self.records.setdefault(
            nodeid,
            {
                "nodeid": nodeid,
                "outcome": "passed",
                "crash": "",
                "where": "",
                "drive": [],
                "sheets_requests": 0,
            },
        )


RECORDER = Recorder()
_RUNNING: Any = None


def _json_response(payload: dict[str, Any]) -> Any:
    from requests import Response

    response = Response()
    response.status_code = 200
    response._content = json.dumps(payload).encode()
    response.headers["Content-Type"] = "application/json; charset=UTF-8"
    response.encoding = "utf-8"
    return response


def _route(original: Any, base_url: str, store: Any) -> Any:
    def request(self: Any, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        current = RECORDER.current
        if endpoint.startswith(SHEETS):
            if current is not None:
                current["sheets_requests"] += 1
            return original(self, method, base_url + endpoint[len(SHEETS) :], *args, **kwargs)
        if endpoint.startswith(GOOGLE_APIS):
            op = drive_operation(method, endpoint, kwargs.get("json"))
            if op == "create":
                title = kwargs["json"]["name"]
                made = original(
                    self, "post", base_url + "/v4/spreadsheets", json={"properties": {"title": title}}
                ).json()
                return _json_response(
                    {
                        "kind": "drive#file",
                        "id": made["spreadsheetId"],
                        "name": title,
                        "mimeType": SHEETS_MIME,
                    }
                )
            if op == "delete":
                file_id = endpoint[len(DRIVE_FILES) :].split("?")[0].strip("/")
                # Removing it keeps the emulator small over ~150 tests; if the store's shape ever
                # changes, leaving it there is harmless (each test makes its own spreadsheet).
                with contextlib.suppress(AttributeError, TypeError), store.lock:
                    store.spreadsheets.pop(file_id, None)
                    store.touch()
                return _json_response({})
            if current is not None and op not in current["drive"]:
                current["drive"].append(op)
            raise DriveNotEmulated(f"Drive API call out of scope for the Sheets emulator: {op}")
        # Only loopback traffic: anything else gspread might reach for is refused, not sent.
        raise DriveNotEmulated(f"refused a request outside the emulator: {method} {endpoint}")

    return request


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    # Before gspread's conftest and test modules are imported (pytest_configure comes after that).
    _install_vcr_stand_in()
    # gspread puts @pytest.mark.vcr() on a fixture too, which pytest 9 refuses at import time
    # ("Marks cannot be applied to fixtures"); with the cassette layer off the mark carries nothing,
    # so it becomes a decorator that leaves the function as it is.
    pytest.mark.vcr = _inert_mark  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    global _RUNNING

    from gspread import http_client

    from emulators.sheets.server import serve

    _RUNNING = serve(port=0)
    http_client.HTTPClient.request = _route(  # type: ignore[method-assign]
        http_client.HTTPClient.request, _RUNNING.url, _RUNNING.emulator.store
    )
    # A 5xx from the emulator is a finding, not something to retry for minutes.
    http_client.BackOffHTTPClient._MAX_BACKOFF = 0


def pytest_unconfigure(config: pytest.Config) -> None:
    if _RUNNING is not None:
        _RUNNING.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    RECORDER.current = RECORDER.record(item.nodeid)
    try:
        yield
    finally:
        RECORDER.current = None


def _crash(report: pytest.TestReport | pytest.CollectReport) -> tuple[str, str]:
    longrepr = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message, f"{os.path.basename(crash.path)}:{crash.lineno}"
    text = str(longrepr).strip().splitlines()
    return (text[-1] if text else "failed"), ""


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    rec = RECORDER.record(report.nodeid)
    if rec["outcome"] == "failed":
        return  # the first failure is the cause
    if hasattr(report, "wasxfail"):
        rec["outcome"] = "skipped"
        rec["crash"] = f"marked xfail by gspread: {report.wasxfail}"
    elif report.failed:
        rec["outcome"] = "failed"
        rec["crash"], rec["where"] = _crash(report)
        rec["crash"] = f"[{report.when}] {rec['crash']}" if report.when != "call" else rec["crash"]
    elif report.skipped:
        rec["outcome"] = "skipped"
        longrepr = report.longrepr
        rec["crash"] = re.sub(r"^Skipped: ", "", longrepr[2]) if isinstance(longrepr, tuple) else "skipped"


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        rec = RECORDER.record(report.nodeid or "<collection>")
        rec["outcome"] = "collection error"
        rec["crash"], rec["where"] = _crash(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import gspread

    path = os.environ.get("FIDELITY_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "gspread_version": gspread.__version__,
                    "gspread_file": gspread.__file__,
                    "exitstatus": int(exitstatus),
                    "tests": list(RECORDER.records.values()),
                },
                fh,
                ensure_ascii=False,
                indent=1,
            )
