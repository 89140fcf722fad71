"""What every control client shares: the base URL, one httpx client, JSON in and out."""

from __future__ import annotations

from typing import Any, Self

import httpx


class ControlFailed(Exception):
    """The emulator refused a control call (not 2xx): ``status`` and the answer's ``text``."""

    def __init__(self, method: str, url: str, status: int, text: str) -> None:
        super().__init__(f"{method} {url} -> {status}: {text[:500]}")
        self.status = status
        self.text = text


class ControlClient:
    """``base_url`` is the emulator's (``http://127.0.0.1:PORT``). ``http``: a client to share (its
    owner closes it); without one, the control client makes and closes its own."""

    def __init__(self, base_url: str, http: httpx.Client | None = None, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._own = http is None
        self.http = http if http is not None else httpx.Client(timeout=timeout, trust_env=False)

    def close(self) -> None:
        if self._own:
            self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return f"{self.base_url}/_emulator/{path}".rstrip("/")

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, **params: Any) -> Any:
        """One control call; a POST always carries a JSON object (``{}`` when ``body`` is None).
        Raises ControlFailed on a refusal, httpx.HTTPError when the emulator is not there."""
        url = self.url(path)
        json_body = (body or {}) if method == "POST" else body
        answer = self.http.request(method, url, json=json_body, params=params or None)
        if not answer.is_success:
            raise ControlFailed(method, url, answer.status_code, answer.text)
        return answer.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, **params)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.call("POST", path, body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


def given(**fields: Any) -> dict[str, Any]:
    """The fields that were given (not None): a control body that leaves the rest at its default."""
    return {k: v for k, v in fields.items() if v is not None}
