"""How the emulator spells its HTTP answers: JSON with UTF-8 text as is (as Google's front end
does), and an ApiError as Google's error body. Every answer also carries ``Cache-Control: no-store``
(the server adds it)."""

from __future__ import annotations

from typing import Any

from .._http import Answer
from .errors import ApiError

JSON_TYPE = "application/json; charset=UTF-8"


def google_json(status: int, out: Any, headers: dict[str, str] | None = None) -> Answer:
    return Answer.json(status, out, headers, content_type=JSON_TYPE)


def refusal(err: ApiError) -> Answer:
    return google_json(err.code, err.body(), err.headers)
