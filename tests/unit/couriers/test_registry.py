from __future__ import annotations

import pytest

from shared.couriers import COURIERS, active_couriers, by_code, by_wechat_delivery_id, find

REQUIRED = {
    "SF",
    "ZTO",
    "YTO",
    "YUNDA",
    "STO",
    "JTSD",
    "JD",
    "EMS",
    "YZPY",
    "DBKD",
    "BEST",
    "CNSD",
    "ZJS",
    "OTHER",
}


def test_required_codes_present_and_unique() -> None:
    codes = [c.code for c in COURIERS]
    assert set(codes) >= REQUIRED
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("中通", "ZTO"),
        ("中通快递", "ZTO"),
        ("ZTO", "ZTO"),
        ("zto", "ZTO"),
        ("中通速递", "ZTO"),
        ("ＺＴＯ", "ZTO"),
        (" 中通 ", "ZTO"),
        ("顺丰", "SF"),
        ("SF Express", "SF"),
        ("sf express", "SF"),
        ("圆通", "YTO"),
        ("韵达快递", "YUNDA"),
        ("申通", "STO"),
        ("极兔", "JTSD"),
        ("J&T", "JTSD"),
        ("京东物流", "JD"),
        ("EMS", "EMS"),
        ("邮政快递包裹", "YZPY"),
        ("中国邮政", "YZPY"),
        ("德邦", "DBKD"),
        ("Deppon", "DBKD"),
        ("百世快递", "BEST"),
        ("汇通", "BEST"),
        ("丹鸟", "CNSD"),
        ("菜鸟", "CNSD"),
        ("宅急送", "ZJS"),
        ("其他", "OTHER"),
        ("中通快运", "ZTOKY"),
    ],
)
def test_aliases(name: str, code: str) -> None:
    courier = find(name)
    assert courier is not None and courier.code == code


def test_unknown_name() -> None:
    assert find("不存在快递") is None


def test_china_post_parcels_ship_as_ems() -> None:
    assert by_code("YZPY").wechat_delivery_id == "EMS"
    assert {c.code for c in by_wechat_delivery_id("EMS")} == {"EMS", "YZPY"}


def test_wechat_codes_follow_the_platform_table() -> None:
    expected = {
        "SF": "SF",
        "ZTO": "ZTO",
        "YTO": "YTO",
        "YUNDA": "YUNDA",
        "STO": "STO",
        "JTSD": "JTSD",
        "JD": "JD",
        "EMS": "EMS",
        "DBKD": "DBKD",
        "CNSD": "CNSD",
        "ZJS": "ZJS",
        "OTHER": "OTHER",
    }
    assert {code: by_code(code).wechat_delivery_id for code in expected} == expected


def test_kuaidi100_codes() -> None:
    assert by_code("SF").kuaidi100_code == "shunfeng"
    assert by_code("JTSD").kuaidi100_code == "jtexpress"
    assert by_code("BEST").kuaidi100_code == "huitongkuaidi"
    assert by_code("OTHER").kuaidi100_code is None


def test_defunct_networks_are_inactive() -> None:
    assert not by_code("BEST").active
    assert "BEST" not in {c.code for c in active_couriers()}


def test_every_format_fits_its_declared_lengths() -> None:
    # A format whose regex can match a length it does not declare would never be tried at that length.
    for courier in COURIERS:
        for fmt in courier.formats:
            for length in range(1, 40):
                samples = ("7" * length, "4" * length, "JT" + "1" * (length - 2), "E" * length)
                if any(fmt.regex.fullmatch(sample) for sample in samples):
                    assert length in fmt.lengths, (courier.code, fmt.pattern, length)
            assert fmt.pattern.isascii()
            assert 0 < fmt.weight <= 1
