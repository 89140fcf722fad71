"""One HTTP answer read with a byte cap and an overall deadline.

httpx's timeout applies to each read, so an answer that drips a few bytes at a time can last for
ever, and nothing stops an answer of gigabytes. The supplier and tracking adapters read answers
through ``read_bounded``, which streams the body and stops at the cap or the deadline. It is a
leaf (httpx only): each adapter turns its two errors into its own exception family, so adapters
still import nothing from each other.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

#: Defaults for an answer of an order or tracking API: far above any honest page, far below memory.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_DEADLINE_SECONDS = 30.0


class AnswerTooLarge(Exception):
    """The answer's body (as declared or as read, after content decoding) is above the cap."""


class AnswerTooSlow(Exception):
    """The answer did not arrive in full before the overall deadline."""


def read_bounded(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    **kwargs: Any,
) -> httpx.Response:
    """Send the request and read the whole answer, or raise AnswerTooLarge / AnswerTooSlow.

    The deadline counts from the call; it is checked after every chunk, so the longest a call can
    last is the deadline plus one read timeout. Nothing of a refused answer is returned. httpx
    errors pass through unchanged (the caller maps them as before).
    """
    deadline = clock() + deadline_seconds
    with client.stream(method, url, **kwargs) as streamed:
        declared = streamed.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not streamed.headers.get("content-encoding"):
            raise AnswerTooLarge(f"the answer declares {int(declared)} bytes, above the cap of {max_bytes}")
        chunks: list[bytes] = []
        total = 0
        for chunk in streamed.iter_bytes():
            total += len(chunk)
            if total > max_bytes:
                raise AnswerTooLarge(f"the answer is above the cap of {max_bytes} bytes")
            if clock() > deadline:
                raise AnswerTooSlow(f"the answer took longer than {deadline_seconds:g} s")
            chunks.append(chunk)
        if clock() > deadline:
            raise AnswerTooSlow(f"the answer took longer than {deadline_seconds:g} s")
    # Content is already decoded: the copy carries the headers minus the encoding ones.
    headers = [(k, v) for k, v in streamed.headers.multi_items() if k.lower() not in _ENCODING_HEADERS]
    return httpx.Response(
        streamed.status_code, headers=headers, content=b"".join(chunks), request=streamed.request
    )


_ENCODING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
