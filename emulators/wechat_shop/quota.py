"""Per-path minute and day budgets (45011 / 45009) and the quota get/clear API
(docs/platforms/wechat-shop.md#quotas-and-rate-limits)."""

from __future__ import annotations

from typing import Any

from .errors import ApiError
from .state import State
from .validate import get_str

CLEARS_PER_DAY = 50


def budget(state: State, path: str) -> tuple[int | None, int | None]:
    per_path = state.limits["paths"].get(path, {})
    minute = per_path.get("per_minute", state.limits["per_minute"])
    day = per_path.get("per_day", state.limits["per_day"])
    return minute, day


def admit(state: State, path: str) -> None:
    """Count one call on ``path`` or refuse it. Refused calls are not counted."""
    minute_budget, day_budget = budget(state, path)
    minute, day = state.minute_index(), state.day_index()
    m = state.minute_counts.get(path)
    if m is None or m[0] != minute:
        m = [minute, 0]
    d = state.day_counts.get(path)
    if d is None or d[0] != day:
        d = [day, 0]
    if day_budget is not None and d[1] >= day_budget:
        raise ApiError(45009)
    if minute_budget is not None and m[1] >= minute_budget:
        raise ApiError(45011)
    m[1] += 1
    d[1] += 1
    state.minute_counts[path] = m
    state.day_counts[path] = d


def _cgi_path(body: dict[str, Any]) -> str:
    path = get_str(body, "cgi_path", required=True)
    assert path is not None
    if not path.startswith("/") or "://" in path:
        raise ApiError(76003)
    return path


def quota_get(state: State, body: dict[str, Any], known_paths: set[str]) -> dict[str, Any]:
    path = _cgi_path(body)
    if path not in known_paths:
        raise ApiError(76021)
    minute_budget, day_budget = budget(state, path)
    d = state.day_counts.get(path)
    used = d[1] if d and d[0] == state.day_index() else 0
    daily = day_budget if day_budget is not None else 0
    return {
        "quota": {"daily_limit": daily, "used": used, "remain": max(0, daily - used)},
        "rate_limit": {"call_count": minute_budget or 0, "refresh_second": 60},
        "component_rate_limit": {"call_count": minute_budget or 0, "refresh_second": 60},
    }


def quota_clear(state: State, body: dict[str, Any], known_paths: set[str]) -> dict[str, Any]:
    path = _cgi_path(body)
    if not path.startswith("/channels/ec/"):
        raise ApiError(76003)  # code for a non-shop path is undocumented; 76003 is the nearest
    if path not in known_paths:
        raise ApiError(76021)
    day = state.day_index()
    if state.quota_clears[0] != day:
        state.quota_clears = [day, 0]
    if state.quota_clears[1] >= CLEARS_PER_DAY:
        raise ApiError(48006)
    state.quota_clears[1] += 1
    state.day_counts.pop(path, None)
    return {}
