"""The recognition reply reader accepts both shapes of noCount (SDK string, sample number)."""

from __future__ import annotations

import pytest

from shared.logistics.kuaidi100_autonumber import AutonumberCandidate, read_autonumber


@pytest.mark.parametrize("count", ["37945", 37945])
def test_no_count_as_string_or_number(count: object) -> None:
    reply = [
        {"comCode": "huitongkuaidi", "name": "百世快递", "lengthPre": 13, "noPre": "7038", "noCount": count}
    ]
    assert read_autonumber(reply) == (AutonumberCandidate("huitongkuaidi", "百世快递", 37945),)


def test_missing_and_odd_fields_are_tolerated() -> None:
    reply = [
        {"comCode": "yuantong"},
        {"comCode": "zhongtong", "name": 5, "noCount": "many", "lengthPre": "14", "extra": {"x": 1}},
        {"comCode": ""},
        {"name": "no code"},
        "garbage",
    ]
    assert read_autonumber(reply) == (
        AutonumberCandidate("yuantong", "", None),
        AutonumberCandidate("zhongtong", "", None),
    )


@pytest.mark.parametrize("data", [{"returnCode": "601", "message": "key已过期"}, None, "x", 3])
def test_not_a_list_is_none(data: object) -> None:
    assert read_autonumber(data) is None
