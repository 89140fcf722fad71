"""The Pub/Sub adapter's exception family; the root carries Google's status and the HTTP code."""

from __future__ import annotations


class PubSubError(Exception):
    """Root of every error raised by :class:`~shared.pubsub.client.Publisher`.

    ``status`` is Google's error status (``NOT_FOUND``, ``PERMISSION_DENIED`` ...) when the answer had
    one, ``http_status`` the HTTP code (None: no answer), ``request_id`` the ``x-request-id``-style
    header when one came back. Messages never hold a token or a message's data."""

    def __init__(
        self,
        message: str,
        *,
        status: str | None = None,
        http_status: int | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.http_status, self.request_id = status, http_status, request_id
        self.retry_after = retry_after


class PubSubUnavailable(PubSubError):
    """No answer, a 429 or a 5xx: worth another try (the client has already retried)."""


class PubSubRefused(PubSubError):
    """Google refused the request (unknown topic, no permission, bad request): a setting to fix."""


class PubSubConfigError(PubSubError):
    """Settings are missing (project or topic) or credentials cannot be loaded."""
