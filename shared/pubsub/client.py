"""``Publisher.publish``: one message to one topic, with a timeout and a bounded, jittered retry.

An answer of 429 or 5xx, or no answer, is tried again through the project's one retry loop
(:mod:`shared.retry`) as :mod:`shared.pubsub.retry_rules` says (at most three calls, a Retry-After
up to 5 s honoured); anything else is Google's refusal and is raised at once.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from shared import retry
from shared.domain.text import Bilingual
from shared.pubsub.errors import PubSubConfigError, PubSubError, PubSubRefused, PubSubUnavailable
from shared.pubsub.retry_rules import DEFAULT_RETRY, classify
from shared.pubsub.settings import PubSubSettings

SCOPES = ("https://www.googleapis.com/auth/pubsub",)
TIMEOUT = httpx.Timeout(10.0)
_RETRIED_STATUSES = {429, 500, 502, 503, 504}
_MAX_ANSWER_BYTES = 64 * 1024


class Publisher:
    """Publishes to topics of ``settings.project``; ``token`` gives the bearer token (None: none)."""

    def __init__(
        self,
        settings: PubSubSettings,
        *,
        client: httpx.Client | None = None,
        token: Callable[[], str | None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not settings.project:
            raise PubSubConfigError(Bilingual("缺少设置", "missing setting: WAYBILL_GCP_PROJECT").joined())
        self.settings = settings
        self._client = client or httpx.Client(timeout=TIMEOUT)
        self._token = token if token is not None else _token_source(settings)
        self._sleep, self._rand, self._clock = sleep, rand, clock

    def publish(self, topic: str, data: bytes, attributes: Mapping[str, str] | None = None) -> str:
        """Publish one message; its id. Raises :class:`PubSubError` (after the retries)."""
        if not topic:
            raise PubSubConfigError(Bilingual("缺少设置", "missing setting: the topic name").joined())
        url = f"{self.settings.api_base}/v1/projects/{self.settings.project}/topics/{topic}:publish"
        message: dict[str, Any] = {"data": base64.b64encode(data).decode("ascii")}
        if attributes:
            message["attributes"] = dict(attributes)
        body = {"messages": [message]}
        return retry.call(
            lambda: self._once(url, body), classify, DEFAULT_RETRY, sleep=self._sleep, rand=self._rand
        )

    def _once(self, url: str, body: dict[str, Any]) -> str:
        headers = {"Content-Type": "application/json"}
        token = self._token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            answer = self._client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise PubSubUnavailable(f"Pub/Sub unreachable: {type(exc).__name__}") from None
        request_id = answer.headers.get("x-request-id") or answer.headers.get("x-goog-request-id")
        text = answer.content[:_MAX_ANSWER_BYTES]
        parsed = _json(text)
        if answer.status_code == 200:
            ids = parsed.get("messageIds") if isinstance(parsed, dict) else None
            if isinstance(ids, list) and ids and isinstance(ids[0], str):
                return ids[0]
            raise PubSubUnavailable("Pub/Sub answered without a message id", http_status=200)
        error = parsed.get("error") if isinstance(parsed, dict) else None
        status = str(error.get("status", "")) if isinstance(error, dict) else ""
        what = f"Pub/Sub {answer.status_code} {status}".strip()
        kind = PubSubUnavailable if answer.status_code in _RETRIED_STATUSES else PubSubRefused
        raise kind(
            what,
            status=status or None,
            http_status=answer.status_code,
            request_id=request_id,
            retry_after=retry.parse_retry_after(answer.headers.get("Retry-After"), self._clock()),
        )

    def close(self) -> None:
        self._client.close()


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _token_source(settings: PubSubSettings) -> Callable[[], str | None]:
    """Application Default Credentials for Google's own base; no token for any other host."""
    if not settings.uses_google:
        return lambda: None
    try:
        import google.auth
        import google.auth.transport.requests

        credentials, _project = google.auth.default(scopes=list(SCOPES))
    except Exception as exc:  # no ADC on this machine: a configuration problem
        raise PubSubConfigError(f"cannot load Google credentials: {type(exc).__name__}") from None
    refresh = google.auth.transport.requests.Request()

    def token() -> str | None:
        if not credentials.valid:
            try:
                credentials.refresh(refresh)  # type: ignore[no-untyped-call]  # once per call
            except Exception as exc:
                raise PubSubUnavailable(f"token refresh failed: {type(exc).__name__}") from None
        return str(credentials.token)

    return token


__all__ = ["PubSubError", "Publisher"]
