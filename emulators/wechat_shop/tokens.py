"""Access tokens: GET /cgi-bin/token, POST /cgi-bin/stable_token, and token checks
(docs/platforms/wechat-shop.md#access-tokens).

The two endpoints keep separate slots and never invalidate each other.
"""

from __future__ import annotations

import re
import string
from typing import Any

from .errors import ApiError
from .state import State, Token

LIFETIME = 7200
OVERLAP = 300  # old and new token both valid for 5 minutes
FORCE_PER_DAY = 20
FORCE_MIN_GAP = 30
TOKEN_RE = re.compile(r"^[0-9]{2,3}_[A-Za-z0-9_-]{100,600}$")
_ALPHABET = string.ascii_letters + string.digits + "_-"


def _make(state: State, kind: str) -> Token:
    body = "".join(state.rng.choice(_ALPHABET) for _ in range(150))
    now = state.now()
    tok = Token(
        token=f"{state.config['token_prefix']}_{body}",
        kind=kind,
        appid=state.appid,
        issued_at=now,
        expires_at=now + LIFETIME,
    )
    state.tokens[tok.token] = tok
    state.current[kind] = tok.token
    return tok


def _check_credentials(state: State, grant_type: Any, appid: Any, secret: Any) -> None:
    if not appid:
        raise ApiError(41002)
    if grant_type != "client_credential":
        raise ApiError(40002)
    if appid != state.appid:
        raise ApiError(40013)
    if secret != state.secret:
        # Wrong AppSecret on the token call answers 40001 (docs/platforms/wechat-shop.md#access-tokens).
        raise ApiError(40001, "invalid credential, access_token is invalid or not latest (bad secret)")


def _supersede(state: State, old: str | None, grace: float) -> None:
    if old and old in state.tokens:
        tok = state.tokens[old]
        until = min(tok.expires_at, state.now() + grace)
        tok.valid_until = until if tok.valid_until is None else min(tok.valid_until, until)


def _answer(state: State, tok: Token) -> dict[str, Any]:
    return {"access_token": tok.token, "expires_in": max(0, round(tok.expires_at - state.now()))}


def get_token(state: State, query: dict[str, str]) -> dict[str, Any]:
    """/cgi-bin/token: every fetch issues a new token; the previous one lives 5 more minutes."""
    _check_credentials(state, query.get("grant_type"), query.get("appid"), query.get("secret"))
    _supersede(state, state.current["token"], OVERLAP)
    tok = _make(state, "token")
    return {"access_token": tok.token, "expires_in": LIFETIME}


def stable_token(state: State, body: dict[str, Any]) -> dict[str, Any]:
    """/cgi-bin/stable_token: same token in normal mode, rotated in its last 5 minutes."""
    force = body.get("force_refresh", False)
    if not isinstance(force, bool):
        raise ApiError(47001)
    _check_credentials(state, body.get("grant_type"), body.get("appid"), body.get("secret"))
    now = state.now()
    cur_id = state.current["stable"]
    cur = state.tokens.get(cur_id) if cur_id else None
    if cur is not None and (cur.valid_until is not None or cur.expires_at <= now):
        cur = None
    if force:
        day_start = now - 86400
        recent = [t for t in state.force_log if t > day_start]
        last = max(recent) if recent else None
        if len(recent) < FORCE_PER_DAY and (last is None or now - last >= FORCE_MIN_GAP):
            state.force_log = [*recent, now]
            _supersede(state, cur_id, 0)  # forced mode: the old token dies at once
            return _answer(state, _make(state, "stable"))
        # Too soon or too many: "calling faster simply does not refresh" — normal mode answer.
    if cur is None:
        return _answer(state, _make(state, "stable"))
    if cur.expires_at - now <= OVERLAP:
        _supersede(state, cur.token, OVERLAP)
        return _answer(state, _make(state, "stable"))
    return _answer(state, cur)


def check_access_token(state: State, raw: str | None) -> Token:
    """Validate the query-string access_token: 41001 / 40014 / 40001 / 42001."""
    if raw is None or raw == "":
        raise ApiError(41001)
    if not TOKEN_RE.match(raw):
        raise ApiError(40014)
    tok = state.tokens.get(raw)
    if tok is None:
        raise ApiError(40001)
    now = state.now()
    if tok.valid_until is not None and now >= tok.valid_until and tok.valid_until < tok.expires_at:
        raise ApiError(40001)
    if now >= tok.expires_at:
        raise ApiError(42001)
    return tok


def expire(state: State, token: str | None = None, mode: str = "expire") -> int:
    """Test hook: ``expire`` makes tokens answer 42001 now, ``revoke`` makes them answer 40001."""
    now = state.now()
    hit = 0
    for tok in state.tokens.values():
        if token is not None and tok.token != token:
            continue
        if mode == "revoke":
            tok.valid_until = now - 1
            tok.expires_at = max(tok.expires_at, now + 1)
        else:
            tok.expires_at = now - 1
            tok.valid_until = None
        hit += 1
    return hit
