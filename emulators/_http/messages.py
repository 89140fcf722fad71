"""What a route handler gets (``Request``) and gives back (``Answer``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

JSON_UTF8 = "application/json; charset=utf-8"


class Hangup(Exception):
    """Raised by a handler: close the connection without answering (a reply lost on the way)."""


class NotAnObject(ValueError):
    """The body is JSON, but not the JSON object the route expects."""


@dataclass(frozen=True)
class Request:
    """One request as read off the wire. ``path`` is the raw path (percent-encoding kept, no query);
    ``params`` are the named parts of the route pattern that matched it, also raw."""

    method: str
    path: str
    query: str
    headers: Message  # case-insensitive: headers.get("content-type")
    body: bytes
    client_ip: str
    params: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body as JSON; an empty (or blank) body reads as ``{}``. Raises ValueError."""
        return json.loads(self.body) if self.body.strip() else {}

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object (``{}`` when empty). Raises ValueError (``NotAnObject`` for
        JSON that is not an object)."""
        value = self.json()
        if not isinstance(value, dict):
            raise NotAnObject("the body must be a JSON object")
        return value


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: ``body`` at once, or ``pieces`` written one after another (``pause`` seconds
    after each; ``length`` is their total) for answers too big to hold or meant to arrive slowly.
    A streamed answer says ``Connection: close`` and closes it afterwards: a client that gave up
    reading has closed its end."""

    status: int
    body: bytes = b""
    content_type: str = JSON_UTF8
    headers: Mapping[str, str] = field(default_factory=dict)
    pieces: Iterable[bytes] | None = None
    length: int = 0
    pause: float = 0.0

    @classmethod
    def json(
        cls,
        status: int,
        value: Any,
        headers: Mapping[str, str] | None = None,
        *,
        compact: bool = False,
        ascii_only: bool = False,
        content_type: str = JSON_UTF8,
    ) -> Answer:
        """``value`` as JSON; each emulator picks the spelling its platform uses."""
        separators = (",", ":") if compact else None
        text = json.dumps(value, ensure_ascii=ascii_only, separators=separators)
        return cls(status, text.encode("utf-8"), content_type, dict(headers or {}))

    @classmethod
    def stream(
        cls,
        status: int,
        pieces: Iterable[bytes],
        length: int,
        headers: Mapping[str, str] | None = None,
        *,
        pause: float = 0.0,
        content_type: str = JSON_UTF8,
    ) -> Answer:
        return cls(status, b"", content_type, dict(headers or {}), pieces, length, pause)
