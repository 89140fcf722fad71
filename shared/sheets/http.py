"""gspread's HTTP client with bounded retries, the API base-URL rewrite, and a per-endpoint call count.

* gspread hard-codes ``https://sheets.googleapis.com`` in ``gspread/urls.py`` (copied by value into
  ``gspread.http_client``), so the base URL is rewritten here, in ``request()``, through which every
  gspread call passes. This is the only place the product learns about a local emulator.
* gspread's ``BackOffHTTPClient`` never gives up on 429/5xx. This client retries through the
  project's one retry loop (:mod:`shared.retry`: bounded, jittered, ``Retry-After`` in both forms,
  no wait past the invocation's deadline) as :mod:`shared.sheets.retry_rules` classifies each
  failure: non-idempotent calls (``values:append``, ``spreadsheets.create``) are retried only on
  429, which means "refused before processing"; a 5xx or a lost answer might have been applied.
* Before each attempt the client spends a token of the request's bucket (reads or writes) from its
  ``quota`` gate (shared/sheets/quota.py), which waits for one or raises ``SheetsQuotaShort``: the
  functions share the buckets through the journal, so a burst waits its turn instead of meeting 429.
* Every HTTP attempt is counted per endpoint (``CallCounter``), which is what Sheets quota counts.
* Errors leave as the ``shared.sheets.errors`` family, never as gspread/requests exceptions.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from google.auth.credentials import AnonymousCredentials, Credentials
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from shared import retry
from shared.retry import RetryPolicy, parse_retry_after
from shared.sheets import retry_rules
from shared.sheets.errors import (
    SheetsConfigError,
    SheetsPermissionDenied,
    SheetsUnavailable,
    from_http,
)
from shared.sheets.quota import QuotaGate, kind_of
from shared.sheets.settings import GOOGLE_SHEETS_BASE, SCOPES, SheetsSettings


class CallCounter:
    """HTTP attempts per endpoint name (``values.batchGet``, ``spreadsheets.batchUpdate`` ...)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.retries = 0

    def record(self, endpoint: str) -> None:
        self.calls[endpoint] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def snapshot(self) -> dict[str, int]:
        return dict(self.calls)

    def reset(self) -> None:
        self.calls.clear()
        self.retries = 0


def classify(method: str, url: str) -> str:
    """The Sheets API method a request URL calls (ranges in the path are percent-encoded)."""
    path = urlsplit(url).path
    marker = "/v4/spreadsheets"
    idx = path.find(marker)
    if idx < 0:
        return "other"
    rest = path[idx + len(marker) :]
    m = method.upper()
    if rest in ("", "/"):
        return "spreadsheets.create" if m == "POST" else "other"
    rest = rest.lstrip("/")
    head, _, verb = rest.partition(":")
    parts = head.split("/")
    if len(parts) == 1:
        if verb == "batchUpdate":
            return "spreadsheets.batchUpdate"
        return "spreadsheets.get" if not verb and m == "GET" else "other"
    if parts[1] == "values":
        if len(parts) == 2:
            return f"values.{verb}" if verb in ("batchGet", "batchUpdate", "batchClear") else "other"
        if verb in ("append", "clear"):
            return f"values.{verb}"
        if not verb:
            return {"GET": "values.get", "PUT": "values.update"}.get(m, "other")
    if parts[1] == "sheets" and verb == "copyTo":
        return "sheets.copyTo"
    return "other"


class SheetsHTTPClient(HTTPClient):
    """Construct with ``SheetsHTTPClient.build(settings)``; gspread's low-level helpers then just work."""

    api_base: str = GOOGLE_SHEETS_BASE
    policy: RetryPolicy = retry_rules.DEFAULT_RETRY
    counter: CallCounter
    sleep: Callable[[float], None] = staticmethod(time.sleep)
    rand: Callable[[], float] = staticmethod(random.random)
    clock: Callable[[], float] = staticmethod(time.time)  # the wall clock, for a Retry-After date
    quota: QuotaGate | None = None  # None: no shared buckets (the command line, tests of the client)

    @classmethod
    def build(
        cls,
        settings: SheetsSettings,
        *,
        counter: CallCounter | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        session: requests.Session | None = None,
    ) -> SheetsHTTPClient:
        client = cls(credentials_for(settings), session)
        client.api_base = settings.api_base.rstrip("/")
        client.counter = counter or CallCounter()
        if policy is not None:
            client.policy = policy
        if sleep is not None:
            client.sleep = sleep
        client.set_timeout((5.0, 60.0))
        return client

    def __init__(self, auth: Credentials, session: requests.Session | None = None) -> None:
        super().__init__(auth, session)
        self.counter = CallCounter()

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        if endpoint.startswith(GOOGLE_SHEETS_BASE):
            endpoint = self.api_base + endpoint[len(GOOGLE_SHEETS_BASE) :]
        name = classify(method, endpoint)

        def once() -> requests.Response:
            if self.quota is not None:
                self.quota.spend(kind_of(name))
            self.counter.record(name)
            return self._exchange(method, endpoint, *args, **kwargs)

        return retry.call(
            once,
            lambda error: retry_rules.classify(error, endpoint=name),
            self.policy,
            sleep=self._wait,
            rand=self.rand,
        )

    def _exchange(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        """One HTTP attempt; every failure leaves as the ``shared.sheets.errors`` family."""
        try:
            return super().request(method, endpoint, *args, **kwargs)
        except APIError as err:
            retry_after = parse_retry_after(_header(err.response, "Retry-After"), self.clock())
            raise from_http(_status_of(err), _error_body(err), _text_of(err), retry_after) from None
        except GoogleAuthError as err:  # token refresh failed: not retryable here
            raise SheetsPermissionDenied(f"credentials refused: {type(err).__name__}") from None
        except requests.RequestException as err:
            raise SheetsUnavailable(f"{type(err).__name__}: {err}"[:300]) from None

    def _wait(self, seconds: float) -> None:
        self.counter.retries += 1
        self.sleep(seconds)


def _status_of(err: APIError) -> int:
    code = err.code if isinstance(err.code, int) else -1
    if code <= 0:  # gspread uses -1 for a non-JSON error body; the response still has the status
        code = int(getattr(err.response, "status_code", 0) or 0)
    return code


def _error_body(err: APIError) -> Mapping[str, Any]:
    return err.error if isinstance(err.error, Mapping) else {}


def _text_of(err: APIError) -> str:
    try:
        return str(err.response.text)[:300]
    except Exception:  # a broken response must not hide the real error
        return ""


def _header(response: Any, name: str) -> str:
    try:
        return str(response.headers.get(name, "") or "")
    except Exception:
        return ""


def credentials_for(settings: SheetsSettings) -> Credentials:
    """Credentials for the configured API base.

    For a base other than Google's (the emulator, a test server) only a static token or no credentials
    are used, never Application Default Credentials or a service-account key: a real Google token must
    not be sent to another host.
    """
    if settings.anonymous:
        return AnonymousCredentials()  # type: ignore[no-untyped-call]
    if settings.token:
        from google.oauth2.credentials import Credentials as TokenCredentials

        return TokenCredentials(token=settings.token)  # type: ignore[no-untyped-call]
    if not settings.uses_google:
        return AnonymousCredentials()  # type: ignore[no-untyped-call]
    try:
        if settings.credentials_file:
            from google.oauth2 import service_account

            creds: Credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
                settings.credentials_file, scopes=list(SCOPES)
            )
            return creds
        import google.auth

        default_creds, _project = google.auth.default(scopes=list(SCOPES))
        return default_creds
    except Exception as exc:  # file missing, bad JSON, no ADC: a configuration problem
        raise SheetsConfigError(f"cannot load Google credentials: {type(exc).__name__}") from exc
