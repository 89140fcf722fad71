"""OAuth 2 as 1688 runs it: the browser authorize page and the getToken endpoint.

* ``GET /oauth/authorize?client_id&site=1688&redirect_uri&state``: the "logged in" buyer
  (``World.buyer``) grants at once; 302 to ``redirect_uri?code=…&state=…``. A missing parameter gives
  "缺少必要参数", a redirect off the app's registered domain "非法请求" (HTTP 400, text).
* ``POST /openapi/http/1/system.oauth2/getToken/{appKey}`` (no signature): ``grant_type``
  ``authorization_code`` (``code`` once, within 2 minutes, same ``redirect_uri``) or
  ``refresh_token``. ``expires_in`` is a **string**, ``refresh_token_timeout`` a 1688 date.
  Errors: HTTP 400 ``{"error", "error_description"}`` (the OAuth 2 shape; 1688's exact text is not
  documented, README "fidelity").
"""

from __future__ import annotations

import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

from emulators._http import Answer, Request
from emulators.alibaba_1688.gateway import form
from emulators.alibaba_1688.world import ACCESS_SECONDS, CODE_SECONDS, Grant, World, trade_time


def _text(status: int, text: str) -> Answer:
    return Answer(status, text.encode("utf-8"), "text/plain; charset=utf-8")


def authorize(world: World, request: Request) -> Answer:
    params = dict(parse_qsl(request.query, keep_blank_values=True))
    needed = ("client_id", "site", "redirect_uri")
    if any(not params.get(name) for name in needed):
        return _text(400, "缺少必要参数")
    with world.lock:
        app = world.apps.get(params["client_id"])
        host = urlsplit(params["redirect_uri"]).hostname or ""
        if app is None or params["site"] != "1688" or host != app.redirect_domain:
            return _text(400, "非法请求")
        code = uuid.uuid4().hex
        world.codes[code] = Grant(
            params["client_id"], world.buyer, world.clock + CODE_SECONDS, redirect_uri=params["redirect_uri"]
        )
    query = urlencode({"code": code, "state": params.get("state", "")})
    separator = "&" if "?" in params["redirect_uri"] else "?"
    return Answer(302, b"", headers={"Location": params["redirect_uri"] + separator + query})


def _refused(error: str, description: str) -> Answer:
    return Answer.json(400, {"error": error, "error_description": description})


def get_token(world: World, request: Request) -> Answer:
    app_key = request.params["app_key"]
    params, _ = form(request)
    with world.lock:
        world.calls.append(
            {
                "method": request.method,
                "api": "getToken",
                "clock": world.clock,
                "grant_type": params.get("grant_type"),
            }
        )
        app = world.apps.get(app_key)
        if app is None or params.get("client_id") != app_key or params.get("client_secret") != app.secret:
            return _refused("invalid_client", "client_id or client_secret is wrong")
        if world.scenario.https_only and request.headers.get("X-Forwarded-Proto") != "https":
            return _refused("invalid_request", "getToken must be called over https")
        grant_type = params.get("grant_type", "")
        if grant_type == "authorization_code":
            grant = world.codes.get(params.get("code", ""))
            if (
                grant is None
                or grant.used
                or grant.app_key != app_key
                or grant.expires_at <= world.clock
                or grant.redirect_uri != params.get("redirect_uri")
            ):
                return _refused("invalid_grant", "code is invalid, used or expired")
            grant.used = True
            return Answer.json(200, issue(world, app_key, grant.member, with_refresh=True))
        if grant_type == "refresh_token":
            token = params.get("refresh_token", "")
            grant = world.refresh.get(token)
            if grant is None or grant.app_key != app_key or grant.expires_at <= world.clock:
                return _refused("invalid_grant", "refresh_token is invalid or expired")
            answer = issue(world, app_key, grant.member, with_refresh=False)
            answer["refresh_token"] = (
                token  # refresh keeps the refresh token (whether 1688 rotates it: unknown)
            )
            answer["refresh_token_timeout"] = trade_time(grant.expires_at)
            return Answer.json(200, answer)
        return _refused("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")


def issue(world: World, app_key: str, member: str, *, with_refresh: bool) -> dict[str, str]:
    """A new access token (and a refresh token unless the scenario's app type gets none)."""
    access = str(uuid.uuid4())
    world.access[access] = Grant(app_key, member, world.clock + ACCESS_SECONDS)
    answer = {
        "access_token": access,
        "expires_in": str(ACCESS_SECONDS),
        "aliId": "8" + member[-9:],
        "resource_owner": "buyer_" + member[-4:],
        "memberId": member,
    }
    if with_refresh and not world.scenario.no_refresh_token:
        refresh = str(uuid.uuid4())
        expires = world.clock + world.scenario.refresh_seconds
        world.refresh[refresh] = Grant(app_key, member, expires)
        answer["refresh_token"] = refresh
        answer["refresh_token_timeout"] = trade_time(expires)
    return answer
