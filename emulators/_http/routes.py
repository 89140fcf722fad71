"""The route table: (method, path pattern) -> handler, tried in the order added.

A pattern is the path as written, with ``{name}`` for one path segment or ``{name:regex}`` for a
part matched by ``regex``; it must match the whole raw path. A request no route takes goes to the
table's fallback (the emulator's own "not found" answer). With ``ignore_trailing_slash``, ``/a/b/``
is routed as ``/a/b`` (and a bare ``/`` stays ``/``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from emulators._http.messages import Answer, Request

Handler = Callable[[Request], Answer]

# {name} or {name:regex}; the regex may hold quantifier braces such as {2,254}.
_FIELD = re.compile(r"\{(\w+)(?::((?:[^{}]|\{[0-9,]*\})+))?\}")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    parts, at = [], 0
    for found in _FIELD.finditer(pattern):
        parts.append(re.escape(pattern[at : found.start()]))
        parts.append(f"(?P<{found.group(1)}>{found.group(2) or '[^/]+'})")
        at = found.end()
    parts.append(re.escape(pattern[at:]))
    return re.compile("".join(parts))


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler


class Routes:
    def __init__(self, fallback: Handler, *, ignore_trailing_slash: bool = False) -> None:
        self._routes: list[_Route] = []
        self.fallback = fallback
        self.ignore_trailing_slash = ignore_trailing_slash

    def add(self, methods: str, pattern: str, handler: Handler) -> Handler:
        """Route ``methods`` (one or several, space-separated: ``"GET POST"``) on ``pattern``."""
        compiled = compile_pattern(pattern)
        for method in methods.split():
            self._routes.append(_Route(method, compiled, handler))
        return handler

    def on(self, methods: str, pattern: str) -> Callable[[Handler], Handler]:
        """The decorator form of ``add``."""
        return lambda handler: self.add(methods, pattern, handler)

    @property
    def methods(self) -> frozenset[str]:
        """The methods some route takes: the server answers others 501, as the standard library does."""
        return frozenset(route.method for route in self._routes)

    def find(self, method: str, path: str) -> tuple[Handler, Mapping[str, str]]:
        if self.ignore_trailing_slash:
            path = path.rstrip("/") or "/"
        for route in self._routes:
            if route.method == method and (found := route.pattern.fullmatch(path)):
                return route.handler, found.groupdict()
        return self.fallback, {}
