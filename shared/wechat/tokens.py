"""Access tokens: a pluggable cache and the provider that fills it from ``/cgi-bin/stable_token``.

* Normal mode (``force_refresh: false``) only: repeated calls return the same token while it is
  valid, so many instances can share one credential without invalidating each other
  (docs/platforms/wechat-shop.md#access-tokens).
* The cache keeps a token until ``expires_in`` (the platform's value, never an assumed 7200) minus a
  safety margin (60 s, or a fifth of a short lifetime).
* After the platform rejects a token (40001/40014/42001), :meth:`TokenProvider.refresh` drops it and
  fetches again in normal mode. Only if that returns the very token just rejected does it use ONE
  forced refresh (limited to 20/day, 30 s apart, by the platform).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

MAX_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class CachedToken:
    value: str = field(repr=False)
    expires_at: float  # wall-clock Unix seconds after which we stop using it


class TokenCache(Protocol):
    """Where tokens live between calls (memory now; the journal store later)."""

    def get(self, key: str) -> CachedToken | None: ...

    def put(self, key: str, token: CachedToken) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryTokenCache:
    """Process-local :class:`TokenCache`."""

    def __init__(self) -> None:
        self._items: dict[str, CachedToken] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedToken | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, token: CachedToken) -> None:
        with self._lock:
            self._items[key] = token

    def delete(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)


def safety_margin(expires_in: float) -> float:
    return min(MAX_MARGIN_SECONDS, expires_in / 5.0)


Fetch = Callable[[bool], tuple[str, int]]  # force_refresh -> (access_token, expires_in)


class TokenProvider:
    """Hands out a valid token, fetching through ``fetch`` when the cache has none (thread-safe)."""

    def __init__(
        self,
        fetch: Fetch,
        cache: TokenCache,
        key: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fetch = fetch
        self._cache = cache
        self._key = key
        self._clock = clock
        self._lock = threading.Lock()
        self.fetches = 0

    def __repr__(self) -> str:
        return f"TokenProvider(key={self._key!r})"

    def _usable(self) -> CachedToken | None:
        cached = self._cache.get(self._key)
        if cached is not None and cached.expires_at > self._clock():
            return cached
        return None

    def _store(self, force: bool) -> str:
        value, expires_in = self._fetch(force)
        self.fetches += 1
        now = self._clock()
        self._cache.put(self._key, CachedToken(value, now + expires_in - safety_margin(expires_in)))
        return value

    def get(self) -> str:
        cached = self._usable()
        if cached is not None:
            return cached.value
        with self._lock:
            cached = self._usable()
            if cached is not None:
                return cached.value
            return self._store(False)

    def refresh(self, rejected: str) -> str:
        """Replace a token the platform rejected. Concurrent callers holding the same rejected token
        share one fetch."""
        with self._lock:
            cached = self._cache.get(self._key)
            if cached is not None and cached.value != rejected and cached.expires_at > self._clock():
                return cached.value  # another thread already replaced it
            self._cache.delete(self._key)
            value = self._store(False)
            if value == rejected:
                value = self._store(True)
            return value
