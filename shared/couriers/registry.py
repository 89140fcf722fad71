"""The courier registry: every courier we know, its names, platform codes and number formats.

Facts: docs/platforms/couriers-and-tracking.md#number-formats and #ambiguity-and-ranking, and
docs/platforms/wechat-shop.md#courier-list. Source tags: [V] verified, [S] single source, [U] our inference.
No domestic courier publishes a check digit (docs/platforms/couriers-and-tracking.md#check-digits), so a
format match only means "could be"; only the tracking API can confirm. Keep this table data: formats change,
and a new one is one line here.
"""

from __future__ import annotations

import unicodedata

from shared.couriers.model import Courier, NumberFormat
from shared.domain.text import Bilingual

F = NumberFormat
B = Bilingual

_DIGITS = "位数字"

COURIERS: tuple[Courier, ...] = (
    Courier(
        code="SF",
        name=B("顺丰速运", "SF Express"),
        aliases=(
            "顺丰",
            "顺丰速运",
            "顺丰快递",
            "顺丰速递",
            "顺丰物流",
            "SF",
            "SF Express",
            "SFExpress",
            "shunfeng",
        ),
        wechat_delivery_id="SF",
        kuaidi100_code="shunfeng",
        formats=(
            F(r"SF[0-9]{13}", (15,), 1.0, B("SF+13位数字", "SF + 13 digits"), source="V"),
            F(
                r"[0-9]{12}",
                (12,),
                0.30,
                B("12位数字（旧单号）", "12 digits (older waybills)"),
                legacy=True,
                source="V",
            ),
        ),
    ),
    Courier(
        code="ZTO",
        name=B("中通快递", "ZTO Express"),
        aliases=("中通", "中通快递", "中通速递", "中通快速", "ZTO", "ZTO Express", "zhongtong"),
        wechat_delivery_id="ZTO",
        kuaidi100_code="zhongtong",
        formats=(
            F(
                r"7[3568][0-9]{12}",
                (14,),
                0.90,
                B("73/75/76/78开头的14位数字", "14 digits starting 73/75/76/78"),
                source="V",
            ),
            # CG's 14-digit list also has 778/779 prefixes; STO 773 + 11 was seen once.
            F(
                r"77[89][0-9]{11}",
                (14,),
                0.40,
                B("778/779开头的14位数字", "14 digits starting 778/779"),
                source="S",
            ),
            F(
                r"(?:768|778|780|2[0-9]{2})[0-9]{9}|(?:36|39|50|53|63|64|72|9[0-9])[0-9]{10}",
                (12,),
                0.35,
                B("12位数字（旧单号）", "12 digits (older waybills)"),
                legacy=True,
                source="V",
            ),
        ),
    ),
    Courier(
        code="YTO",
        name=B("圆通速递", "YTO Express"),
        aliases=("圆通", "圆通速递", "圆通快递", "圆通快速", "YTO", "YTO Express", "yuantong"),
        wechat_delivery_id="YTO",
        kuaidi100_code="yuantong",
        formats=(
            F(r"YT[0-9]{13}", (15,), 1.0, B("YT+13位数字", "YT + 13 digits"), source="V"),
            # Taobao's legacy YTO rules are loose ([S]); they get a low weight so that a distinctive
            # format of another courier always ranks first.
            F(
                r"[A-Z0-9]{2}[0-9]{10}",
                (12,),
                0.10,
                B("12位（旧单号）", "12 characters (older waybills)"),
                legacy=True,
                source="S",
            ),
            F(
                r"[6-9][0-9]{17}",
                (18,),
                0.30,
                B("6-9开头的18位数字（旧单号）", "18 digits starting 6-9 (older waybills)"),
                legacy=True,
                source="S",
            ),
            F(
                r"Y[0-9]{12}",
                (13,),
                0.40,
                B("Y+12位数字（旧单号）", "Y + 12 digits (older waybills)"),
                legacy=True,
                source="S",
            ),
        ),
    ),
    Courier(
        code="YUNDA",
        name=B("韵达速递", "Yunda Express"),
        aliases=("韵达", "韵达快递", "韵达速递", "Yunda", "Yunda Express", "YD"),
        # The platform's table says YUNDA; two request examples say YD (unverified). Whichever the
        # shop's courier list holds is pushed (shop_list.py); YUNDA when nothing else is known.
        wechat_delivery_id="YUNDA",
        wechat_alt_ids=("YD",),
        kuaidi100_code="yunda",
        formats=(
            F(
                r"[34][0-9]{14}",
                (15,),
                0.85,
                B("3或4开头的15位数字", "15 digits starting 3 or 4"),
                source="V",
            ),
            F(
                r"(?:1[0-9]|31|39|50|55|58|66|77|80|88)[0-9]{11}",
                (13,),
                0.40,
                B("13位数字（旧单号）", "13 digits (older waybills)"),
                legacy=True,
                source="V",
            ),
        ),
    ),
    Courier(
        code="STO",
        name=B("申通快递", "STO Express"),
        aliases=("申通", "申通快递", "申通速递", "STO", "STO Express", "shentong"),
        wechat_delivery_id="STO",
        kuaidi100_code="shentong",
        formats=(
            F(
                r"77[0-9]{13}",
                (15,),
                0.85,
                B("77开头的15位数字（多为773）", "15 digits starting 77 (mostly 773)"),
                source="V",
            ),
            F(r"43[0-9]{13}", (15,), 0.35, B("43开头的15位数字", "15 digits starting 43"), source="S"),
            F(r"773[0-9]{11}", (14,), 0.30, B("773开头的14位数字", "14 digits starting 773"), source="S"),
            F(
                r"[2-9]68[0-9]{9}|(?:11|22|40)[0-9]{10}",
                (12,),
                0.30,
                B("12位数字（旧单号）", "12 digits (older waybills)"),
                legacy=True,
                source="S",
            ),
            F(
                r"4[0-9]{12}|(?:33|55|66|77|88|99)[0-9]{11}",
                (13,),
                0.30,
                B("13位数字（旧单号）", "13 digits (older waybills)"),
                legacy=True,
                source="S",
            ),
            F(
                r"STO[0-9]{10}",
                (13,),
                0.90,
                B("STO+10位数字（旧单号）", "STO + 10 digits (older waybills)"),
                legacy=True,
                source="S",
            ),
        ),
    ),
    Courier(
        code="JTSD",
        name=B("极兔速递", "J&T Express"),
        aliases=(
            "极兔",
            "极兔速递",
            "极兔快递",
            "J&T",
            "J&T Express",
            "JT Express",
            "JTExpress",
            "JTSD",
            "Jitu",
            "jtexpress",
        ),
        wechat_delivery_id="JTSD",
        kuaidi100_code="jtexpress",
        formats=(
            F(r"JT[0-9]{13}", (15,), 1.0, B("JT+13位数字", "JT + 13 digits"), source="V"),
            F(r"JT[0-9]{12}", (14,), 0.60, B("JT+12位数字", "JT + 12 digits"), legacy=True, source="S"),
            # Best-era numbers, mapped to J&T after the merger by one detector [S].
            F(
                r"BXA[0-9]{10}|K8[0-9]{11}",
                (13,),
                0.40,
                B("BXA+10位 / K8+11位（原百世单号）", "BXA + 10 or K8 + 11 digits (former Best numbers)"),
                legacy=True,
                source="S",
            ),
        ),
    ),
    Courier(
        code="JD",
        name=B("京东快递", "JD Logistics"),
        aliases=("京东", "京东快递", "京东物流", "京东速递", "JD", "JD Logistics", "JDL", "jingdong"),
        wechat_delivery_id="JD",
        kuaidi100_code="jd",
        formats=(
            # Covers JDVA…, JDX + 12 digits and JDK + 12 digits. DHL eCommerce's JD + ~18 digits is longer.
            F(
                r"JD[A-Z0-9]{2}[0-9]{11}",
                (15,),
                1.0,
                B("JD+2位字母数字+11位数字（共15位）", "JD + 2 letters/digits + 11 digits (15 characters)"),
                source="V",
            ),
        ),
    ),
    Courier(
        code="EMS",
        name=B("EMS", "EMS (China Post Express)"),
        aliases=("EMS", "中国邮政速递", "邮政速递", "邮政EMS", "EMS快递", "中国邮政EMS", "中国EMS", "ems"),
        wechat_delivery_id="EMS",
        kuaidi100_code="ems",
        formats=(
            F(
                r"E[A-Z][0-9]{9}CN",
                (13,),
                1.0,
                B("E+字母+9位数字+CN（国际标准单号）", "E + letter + 9 digits + CN (UPU S10)"),
                checksum="s10",
                source="V",
            ),
            F(
                r"(?:10|11|12|50|51|52|95|97|98|99)[0-9]{11}",
                (13,),
                0.50,
                B("13位数字", "13 digits"),
                source="V",
            ),
        ),
    ),
    Courier(
        code="YZPY",
        name=B("邮政快递包裹", "China Post Parcel"),
        aliases=(
            "邮政快递包裹",
            "邮政包裹",
            "中国邮政",
            "邮政",
            "邮政快递",
            "邮政国内",
            "邮政标准快递",
            "邮政电商标快",
            "邮政小包",
            "China Post",
            "ChinaPost",
            "YZPY",
            "youzhengguonei",
        ),
        # The platform lists only EMS 中国邮政 for the whole postal group
        # (docs/platforms/wechat-shop.md#courier-list).
        wechat_delivery_id="EMS",
        kuaidi100_code="youzhengguonei",
        formats=(
            F(r"9[689][0-9]{11}", (13,), 0.50, B("13位数字", "13 digits"), source="V"),
            # CG accepts any 13 digits for postal parcels (samples start 12 and 43).
            F(r"[0-9]{13}", (13,), 0.15, B("13位数字", "13 digits"), source="V"),
            F(
                r"(?:[GAKQPH]{2}|SA|XA|XB)[0-9]{9}(?:1[1-9]|[2-5][0-9]|6[0-5])",
                (13,),
                0.80,
                B("2位字母+11位数字", "2 letters + 11 digits"),
                source="V",
            ),
            # International S10 (registered letter, letter-post express, parcel ...) issued in China.
            F(
                r"[RLCUVH][A-Z][0-9]{9}CN",
                (13,),
                0.90,
                B("字母+字母+9位数字+CN（国际标准单号）", "2 letters + 9 digits + CN (UPU S10)"),
                checksum="s10",
                source="V",
            ),
        ),
    ),
    Courier(
        code="DBKD",
        name=B("德邦快递", "Deppon Express"),
        aliases=("德邦", "德邦快递", "德邦物流", "Deppon", "Debang", "DBL", "DBKD", "debangkuaidi"),
        wechat_delivery_id="DBKD",
        kuaidi100_code="debangkuaidi",
        formats=(
            F(r"DPK[0-9]{12}", (15,), 1.0, B("DPK+12位数字", "DPK + 12 digits"), source="V"),
            # Freight child-piece suffixes (-n-m) are lost when hyphens are removed; the main number
            # before them is what the courier tracks.
            F(
                r"[0-9]{8,10}",
                (8, 9, 10),
                0.50,
                B("8-10位数字（旧单号）", "8-10 digits (older waybills)"),
                legacy=True,
                source="V",
            ),
        ),
    ),
    Courier(
        code="CNSD",
        name=B("菜鸟速递(丹鸟)", "Cainiao / Danniao"),
        aliases=("菜鸟速递", "菜鸟", "丹鸟", "丹鸟快递", "菜鸟直送", "Cainiao", "Danniao", "CNSD"),
        wechat_delivery_id="CNSD",
        kuaidi100_code="danniao",
        formats=(
            # Two single sources conflict ([U]); both kept with low weights.
            F(r"621[0-9]{12}", (15,), 0.40, B("621开头的15位数字", "15 digits starting 621"), source="S"),
            F(r"66[0-9]{11}", (13,), 0.15, B("66开头的13位数字", "13 digits starting 66"), source="S"),
        ),
    ),
    Courier(
        code="ZJS",
        name=B("宅急送", "ZJS Express"),
        aliases=("宅急送", "ZJS", "ZJS Express", "zhaijisong"),
        wechat_delivery_id="ZJS",
        kuaidi100_code="zhaijisong",
        formats=(
            F(r"ZJS[0-9]{12}", (15,), 1.0, B("ZJS+12位数字", "ZJS + 12 digits"), source="S"),
            F(r"A[0-9]{12}", (13,), 0.40, B("A+12位数字", "A + 12 digits"), source="S"),
            # Taobao also lists "10 letters/digits": too loose to tell anything; left out on purpose.
        ),
    ),
    Courier(
        code="ZTOKY",
        name=B("中通快运", "ZTO Freight"),
        aliases=("中通快运", "ZTO Freight", "ZTOKY", "zhongtongkuaiyun"),
        wechat_delivery_id="ZTOKY",
        kuaidi100_code="zhongtongkuaiyun",
        formats=(F(r"[0-9]{12}", (12,), 0.10, B("12位数字", "12 digits"), source="S"),),
    ),
    Courier(
        code="YDKY",
        name=B("韵达快运", "Yunda Freight"),
        aliases=("韵达快运", "Yunda Freight", "YDKY", "yundakuaiyun"),
        wechat_delivery_id="YDKY",
        kuaidi100_code="yundakuaiyun",
        formats=(),
        note="number format unknown: not checked",
    ),
    Courier(
        code="BEST",
        name=B("百世快递", "Best Express"),
        aliases=(
            "百世",
            "百世快递",
            "百世汇通",
            "汇通",
            "汇通快递",
            "Best",
            "Best Express",
            "HTKY",
            "huitongkuaidi",
        ),
        # No WeChat code for Best's parcel network (BTWL is Best freight).
        wechat_delivery_id="OTHER",
        kuaidi100_code="huitongkuaidi",
        active=False,
        note="domestic express sold to J&T (~2021-22, general knowledge [U])",
        formats=(
            F(
                r"[ABDE][0-9]{12}",
                (13,),
                0.40,
                B("A/B/D/E+12位数字", "A/B/D/E + 12 digits"),
                legacy=True,
                source="S",
            ),
            F(
                r"BXA[0-9]{10}|K8[0-9]{11}|02[0-9]{11}|000[0-9]{10}|C0000[0-9]{8}",
                (13,),
                0.40,
                B("13位（BXA/K8/02/000/C0000开头）", "13 characters (BXA/K8/02/000/C0000 prefix)"),
                legacy=True,
                source="S",
            ),
            F(
                r"(?:2[1-9]|3[0-9]|61|63)[0-9]{10}",
                (12,),
                0.30,
                B("12位数字", "12 digits"),
                legacy=True,
                source="S",
            ),
            F(
                r"5[01][0-9]{12}|[67][0-9]{13}",
                (14,),
                0.30,
                B("14位数字", "14 digits"),
                legacy=True,
                source="S",
            ),
            F(
                r"58[0-9]{14}",
                (16,),
                0.40,
                B("58开头的16位数字", "16 digits starting 58"),
                legacy=True,
                source="S",
            ),
        ),
    ),
    Courier(
        code="FENGWANG",
        name=B("丰网速运", "Fengwang Express"),
        aliases=("丰网", "丰网速运", "丰网快递", "Fengwang"),
        # No WeChat code found (docs/platforms/wechat-shop.md#courier-list); merged into J&T in 2023 [U].
        wechat_delivery_id="OTHER",
        kuaidi100_code="fengwang",
        active=False,
        formats=(),
        note="number format unknown; network merged into J&T (2023, [U])",
    ),
    Courier(
        code="OTHER",
        name=B("其他", "Other"),
        aliases=("其他", "其它", "其他快递", "Other"),
        wechat_delivery_id="OTHER",
        kuaidi100_code=None,
        formats=(),
        note="any courier the platform does not list; the number is not format-checked",
    ),
)

_BY_CODE: dict[str, Courier] = {c.code: c for c in COURIERS}


def _alias_key(text: str) -> str:
    return "".join(text.split()).upper()


_BY_ALIAS: dict[str, Courier] = {}
for _courier in COURIERS:
    for _name in (_courier.code, _courier.name.zh, _courier.name.en, *_courier.aliases):
        _BY_ALIAS.setdefault(_alias_key(_name), _courier)

# Longest first, so that 中通快运 wins over 中通 and 邮政快递包裹 over 邮政.
ALIASES_LONGEST_FIRST: tuple[tuple[str, Courier], ...] = tuple(
    sorted(_BY_ALIAS.items(), key=lambda item: -len(item[0]))
)


def by_code(code: str) -> Courier:
    """The courier with our code ``code``; KeyError if there is none."""
    return _BY_CODE[code]


_MAX_NAME_CHARS = 64


def find(name: str) -> Courier | None:
    """The courier named ``name``: our code, a Chinese or English name, or a common alias.

    Case, inner spaces and full-width characters are ignored (中通, 中通快递, ZTO, zto, ＺＴＯ).
    """
    if len(name) > _MAX_NAME_CHARS:
        return None  # no courier's name is this long: skip folding a pasted page
    key = _alias_key(unicodedata.normalize("NFKC", name))
    return _BY_ALIAS.get(key)


def active_couriers() -> tuple[Courier, ...]:
    return tuple(c for c in COURIERS if c.active)


def by_wechat_delivery_id(delivery_id: str) -> tuple[Courier, ...]:
    """Our couriers that ship as WeChat's ``delivery_id`` (several may share one, e.g. EMS), the
    platform table's id first, then the other ids its material uses (Yunda's ``YD``)."""
    return tuple(c for c in COURIERS if c.wechat_delivery_id == delivery_id) or tuple(
        c for c in COURIERS if delivery_id in c.wechat_alt_ids
    )


def same_wechat_courier(courier: Courier, delivery_id: str) -> bool:
    """``delivery_id`` (as a shop records or lists it) names ``courier``'s WeChat courier."""
    return delivery_id == courier.wechat_delivery_id or delivery_id in courier.wechat_alt_ids
