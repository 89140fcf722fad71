"""Small typed readers for request bodies: wrong JSON types -> 47001, missing/bad values -> 40097."""

from __future__ import annotations

from typing import Any

from .errors import ApiError


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def get_int(body: dict[str, Any], key: str, required: bool = False, where: str = "") -> int | None:
    value = body.get(key)
    if value is None:
        if required:
            raise ApiError(40097, f"invalid args, {where}{key}: missing")
        return None
    if not is_int(value):
        raise ApiError(47001, f"data format error, {where}{key} must be a number")
    return int(value)


def get_str(body: dict[str, Any], key: str, required: bool = False, where: str = "") -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise ApiError(40097, f"invalid args, {where}{key}: missing")
        return None
    if not isinstance(value, str):
        raise ApiError(47001, f"data format error, {where}{key} must be a string")
    return value


def get_id(body: dict[str, Any], key: str, required: bool = False, where: str = "") -> str | None:
    """An id that the docs type as a string but some tables as a number (a conflict of the sources:
    docs/platforms/wechat-shop.md#transport-and-envelope).

    Both are accepted (the safer choice for an emulator); a number is kept exact (never a float).
    """
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise ApiError(40097, f"invalid args, {where}{key}: missing")
        return None
    if is_int(value):
        return str(value)
    if isinstance(value, str):
        return value
    raise ApiError(47001, f"data format error, {where}{key} must be a string")


def get_obj(body: dict[str, Any], key: str, where: str = "") -> dict[str, Any] | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(47001, f"data format error, {where}{key} must be an object")
    return value


def get_list(body: dict[str, Any], key: str, where: str = "") -> list[Any] | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise ApiError(47001, f"data format error, {where}{key} must be an array")
    return value


def get_bool(body: dict[str, Any], key: str, required: bool = False) -> bool | None:
    value = body.get(key)
    if value is None:
        if required:
            raise ApiError(40097, f"invalid args, {key}: missing")
        return None
    if not isinstance(value, bool):
        raise ApiError(47001, f"data format error, {key} must be a boolean")
    return value
