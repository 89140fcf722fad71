"""Our courier -> the delivery_id the shop's own list holds (shop_list.py)."""

from __future__ import annotations

from shared.couriers import by_code
from shared.couriers.shop_list import shop_delivery_id

TABLE = (("SF", "顺丰速运"), ("ZTO", "中通快递"), ("YUNDA", "韵达速递"), ("EMS", "中国邮政"))


def test_the_tables_id_when_the_shop_lists_it() -> None:
    assert shop_delivery_id(by_code("SF"), TABLE) == "SF"
    assert shop_delivery_id(by_code("YUNDA"), TABLE) == "YUNDA"


def test_yunda_listed_as_yd_is_pushed_as_yd() -> None:
    assert shop_delivery_id(by_code("YUNDA"), (("SF", "顺丰速运"), ("YD", "韵达快递"))) == "YD"


def test_matched_by_name_when_the_id_is_new_to_us() -> None:
    assert shop_delivery_id(by_code("YUNDA"), (("YUNDAEX", "韵达快递"),)) == "YUNDAEX"
    assert shop_delivery_id(by_code("ZTO"), (("ZTO2", "中通"),)) == "ZTO2"


def test_a_name_of_another_courier_does_not_match() -> None:
    # 韵达快运 is Yunda's freight arm (YDKY), not its parcel network.
    assert shop_delivery_id(by_code("YUNDA"), (("YDKY", "韵达快运"),)) is None


def test_not_listed_is_none_never_the_tables_id() -> None:
    assert shop_delivery_id(by_code("JTSD"), TABLE) is None
    assert shop_delivery_id(by_code("SF"), ()) is None


def test_china_post_parcels_ship_as_the_listed_ems() -> None:
    assert shop_delivery_id(by_code("YZPY"), TABLE) == "EMS"


def test_other_is_the_platforms_catch_all() -> None:
    assert shop_delivery_id(by_code("OTHER"), ()) == "OTHER"
    assert shop_delivery_id(by_code("BEST"), TABLE) == "OTHER"


def test_a_package_recorded_as_yd_is_yundas() -> None:
    from shared.couriers import by_wechat_delivery_id

    assert [c.code for c in by_wechat_delivery_id("YD")] == ["YUNDA"]
    assert [c.code for c in by_wechat_delivery_id("YUNDA")] == ["YUNDA"]
