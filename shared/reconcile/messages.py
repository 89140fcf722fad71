"""The message column's sentences, in Chinese and English (pure). One plain sentence: what is
wrong and what to do. Functions return a ``Bilingual``."""

from __future__ import annotations

from shared.couriers import Problem, by_code
from shared.domain.pushes import RefusalReason
from shared.domain.text import Bilingual


def join(first: Bilingual, second: Bilingual) -> Bilingual:
    zh = "；".join(p for p in (first.zh.rstrip("。"), second.zh.rstrip("。")) if p) + "。"
    en = "; ".join(p for p in (first.en.rstrip("."), second.en.rstrip(".")) if p) + "."
    return Bilingual(zh, en)


def _numbers(numbers: tuple[str, ...] | list[str]) -> str:
    return "、".join(numbers) if numbers else "（无）"


def _with(courier: str, numbers: str) -> str:
    return f"{courier} {numbers}" if courier.strip() else numbers


def stopped(cancelled: bool, supplier_shipped: bool, supplier_order_no: str) -> Bilingual:
    what_zh = "订单已取消" if cancelled else "买家申请了售后/退款，暂停发货"
    what_en = (
        "The order was cancelled"
        if cancelled
        else "The buyer opened an after-sale request; shipping is on hold"
    )
    if supplier_shipped:
        return Bilingual(
            f"{what_zh}，但供应商已经发货：请马上联系供应商拦截或退回包裹。",
            f"{what_en}, but the supplier already shipped: ask them to intercept or recall the parcel now.",
        )
    if supplier_order_no:
        return Bilingual(
            f"{what_zh}：请取消供应商订单 {supplier_order_no}。",
            f"{what_en}: cancel supplier order {supplier_order_no}.",
        )
    return Bilingual(f"{what_zh}，无需向供应商下单。", f"{what_en}; do not order it from a supplier.")


def stop_action(supplier_shipped: bool) -> Bilingual:
    if supplier_shipped:
        return Bilingual("联系供应商拦截/退回包裹", "Ask the supplier to intercept or recall the parcel")
    return Bilingual("取消供应商订单", "Cancel the supplier order")


def courier_disagrees(sheet_courier: str, report_courier: str) -> Bilingual:
    return Bilingual(
        f"表格里的快递公司是{sheet_courier}，供应商回传的是{report_courier}，未覆盖：请核对后修改。",
        f"The sheet says {sheet_courier} but the supplier reported {report_courier}; nothing was "
        "overwritten: check and fix it.",
    )


def supplier_disagrees(
    report_courier: str, numbers: tuple[str, ...], sheet_courier: str, sheet_numbers: tuple[str, ...]
) -> Bilingual:
    return Bilingual(
        f"供应商回传的是 {_with(report_courier, _numbers(numbers))}，"
        f"表格里是 {_with(sheet_courier, _numbers(sheet_numbers))}，两者不一致，未覆盖：请核对后修改表格。",
        f"The supplier reported {_with(report_courier, ', '.join(numbers))}, the sheet has "
        f"{_with(sheet_courier, ', '.join(sheet_numbers))}; nothing was overwritten: check and fix the "
        "sheet.",
    )


def supplier_changed_after_push(
    report_courier: str, numbers: tuple[str, ...], pushed: tuple[str, ...]
) -> Bilingual:
    """The supplier's sheet now holds other numbers than the ones already pushed to the shop."""
    return Bilingual(
        f"供应商把单号改成了 {_with(report_courier, _numbers(numbers))}，"
        f"小店里是已推送的 {_numbers(pushed)}，"
        "未覆盖：如果供应商是对的，请把表格里的单号改成新单号（按修正处理）；否则请供应商改回。",
        f"The supplier changed the number to {_with(report_courier, ', '.join(numbers))}; the shop has "
        f"{', '.join(pushed)} (pushed). Nothing was overwritten: if the supplier is right, put the new "
        "number in the sheet (it is handled as a correction); otherwise ask the supplier to change it back.",
    )


def shop_changed_elsewhere(shop_numbers: tuple[str, ...]) -> Bilingual:
    return Bilingual(
        f"小店里的单号被改成了 {_numbers(shop_numbers)}（不是在表格里改的）："
        "如果小店是对的，请把表格改成一致。",
        f"The shop now shows {', '.join(shop_numbers)} (changed outside the sheet): if the shop is right, "
        "make the sheet match.",
    )


def sheet_vs_shop(sheet_numbers: tuple[str, ...], shop_numbers: tuple[str, ...]) -> Bilingual:
    return Bilingual(
        f"表格里的单号 {_numbers(sheet_numbers)} 与小店里的 {_numbers(shop_numbers)} 不一致："
        "请确认哪个是对的。",
        f"The sheet's {', '.join(sheet_numbers)} differs from the shop's {', '.join(shop_numbers)}: "
        "decide which is right.",
    )


def delivered(text: str) -> Bilingual:
    return Bilingual(f"买家已签收。{text}".strip(), f"Delivered. {text}".strip())


def shipped(numbers: tuple[str, ...], logistics: str) -> Bilingual:
    zh = f"已推送到小店：{_numbers(numbers)}。"
    en = f"On the shop order: {', '.join(numbers)}."
    return Bilingual(zh, en)


def corrected(numbers: tuple[str, ...]) -> Bilingual:
    return Bilingual(
        f"修正已推送到小店：{_numbers(numbers)}，已记录在日志。",
        f"The correction is on the shop order: {', '.join(numbers)}; it is in the log.",
    )


def invalid_correction(problem: Problem) -> Bilingual:
    return Bilingual(
        f"{problem.message.zh.rstrip('。')}；小店里仍是原单号。",
        f"{problem.message.en.rstrip('.')}; the shop keeps the old number.",
    )


def budget_exhausted(used: int) -> Bilingual:
    return Bilingual(
        f"这个订单已修改过 {used} 次单号，达到平台上限，不能再自动修正：请在小店后台联系平台客服。",
        f"This order's number was already changed {used} times, the platform's limit: no more automatic "
        "corrections; contact platform support from the shop backend.",
    )


def budget_action() -> Bilingual:
    return Bilingual(
        "在小店后台联系平台客服修改单号", "Ask platform support (shop backend) to change the number"
    )


def correction_pending(old: tuple[str, ...], new: tuple[str, ...], auto_push: bool) -> Bilingual:
    tail_zh = "正在推送修正" if auto_push else "请点菜单「推送所选行」推送修正"
    tail_en = (
        "the correction is being pushed" if auto_push else "use the menu 'Push selected rows' to push it"
    )
    return Bilingual(
        f"单号由 {_numbers(old)} 改为 {_numbers(new)}，{tail_zh}。",
        f"The number changed from {', '.join(old)} to {', '.join(new)}; {tail_en}.",
    )


def courier_correction_pending(old: str, new: str, auto_push: bool) -> Bilingual:
    """The tracking provider says the parcel is with ``new`` (our codes), the shop records ``old``."""
    tail_zh = "正在推送修正" if auto_push else "请点菜单「推送所选行」推送修正"
    tail_en = (
        "the correction is being pushed" if auto_push else "use the menu 'Push selected rows' to push it"
    )
    old_zh = by_code(old).name.zh if old else "其他快递"
    old_en = by_code(old).name.en if old else "another courier"
    return Bilingual(
        f"物流查询确认包裹由{by_code(new).name.zh}承运，小店里是{old_zh}，{tail_zh}。",
        f"Tracking confirms {by_code(new).name.en} carries the parcel, the shop records {old_en}; {tail_en}.",
    )


def buyer_message(order_id: str, courier: str | None, numbers: tuple[str, ...]) -> str:
    """A draft for the operator to send the buyer after a correction (Chinese, polite, short)."""
    name = by_code(courier).name.zh if courier else "快递"
    return (
        f"亲，您的订单（尾号{order_id[-4:]}）的快递单号已更新为：{name} {'、'.join(numbers)}，"
        "之前的单号填写有误，给您带来不便非常抱歉，您可以用新单号查询物流。"
    )


def supplier_status(status: str, supplier: str) -> Bilingual:
    if status == "out_of_stock":
        return Bilingual(
            f"供应商（{supplier}）说缺货：请换供应商或联系买家。",
            f"The supplier ({supplier}) is out of stock: switch supplier or contact the buyer.",
        )
    return Bilingual(
        f"供应商（{supplier}）取消了这个订单：请重新下单或联系买家。",
        f"The supplier ({supplier}) cancelled the order: reorder elsewhere or contact the buyer.",
    )


def stock_action() -> Bilingual:
    return Bilingual("换供应商或联系买家", "Switch supplier or contact the buyer")


def chase_action() -> Bilingual:
    return Bilingual("催供应商发货并回传单号", "Chase the supplier for the tracking number")


def place_supplier_order() -> Bilingual:
    return Bilingual(
        "买家已付款，请向供应商下单并填写供应商单号。",
        "Paid: order it from a supplier and fill in the supplier order no.",
    )


def waiting_for_number() -> Bilingual:
    return Bilingual(
        "已向供应商下单，等待快递单号。", "Ordered from the supplier; waiting for the tracking number."
    )


def choose_courier() -> Bilingual:
    return Bilingual(
        "单号看不出是哪家快递：请在「快递公司」列选择。",
        "The number alone does not tell the courier: choose it in the courier column.",
    )


def quantity_short(shipped_units: int, ordered_units: int) -> Bilingual:
    return Bilingual(
        f"供应商只发了 {shipped_units} 件，订单共 {ordered_units} 件：请确认是否分批发货，补齐后再推送。",
        f"The supplier shipped {shipped_units} of {ordered_units} units: confirm a split shipment before "
        "pushing.",
    )


def number_reused(others: list[str]) -> Bilingual:
    listed = "、".join(others)
    return Bilingual(
        f"注意：同一个单号也用在了收件人不同的订单 {listed} 上，请向供应商确认",
        f"Note: the same number is on order(s) {', '.join(others)} with a different recipient; "
        "check with the "
        "supplier",
    )


def ready(auto_push: bool) -> Bilingual:
    if auto_push:
        return Bilingual("单号已校验，正在推送到小店。", "Validated; being pushed to the shop.")
    return Bilingual(
        "单号已校验：请点菜单「推送所选行」推送到小店。",
        "Validated: use the menu 'Push selected rows' to push it to the shop.",
    )


def push_unconfirmed() -> Bilingual:
    """A push whose answer was lost (or whose tick stopped mid-push): it is neither done nor failed
    until the order is read back (shared/app/pushes.py, READ_BACK_GRACE)."""
    return Bilingual(
        "推送结果还没有确认（小店没有及时回复）：正在核对小店订单，几分钟内会显示结果，无需操作。",
        "The push's result is not confirmed yet (the shop did not answer in time): the order is being "
        "checked and the result shows within a few minutes; nothing to do.",
    )


def number_reused_held(others: list[str]) -> Bilingual:
    listed_zh, listed_en = "、".join(others), ", ".join(others)
    return Bilingual(
        f"这个单号也用在了收件人不同的订单 {listed_zh} 上，所以没有推送：请向供应商确认这个包裹寄给了谁；"
        "单号无误就选中这一行，用菜单「单号中继 → 推送所选行」确认推送，否则改成正确的单号。",
        f"This number is also on order(s) {listed_en} with a different recipient, so it was not pushed: "
        "ask the supplier who the parcel went to; if the number is right, select this row and confirm "
        "with the menu 'Waybill Relay → Push selected rows', otherwise type the right number.",
    )


def cell_is_a_number(label: Bilingual, shown: str) -> Bilingual:
    """An identifier the sheet stored as a number (its column is not plain text)."""
    return Bilingual(
        f"「{label.zh}」里的 {shown} 被表格存成了数字（超过 15 位的数字会丢掉末尾几位，开头的 0 也会丢），"
        f"所以不会推送。请把「{label.zh}」列设为纯文本（格式 → 数字 → 纯文本），再重新输入一次。",
        f"The sheet stored {shown} in '{label.en}' as a number (digits past the 15th and leading zeros are "
        f"lost), so it is not pushed. Format the '{label.en}' column as plain text (Format → Number → Plain "
        "text) and type it again.",
    )


def too_many_numbers(numbers: int, slots: int) -> Bilingual:
    return Bilingual(
        f"单元格里有 {numbers} 个单号，但这个订单只有 {slots} 种商品，小店最多只能登记 {slots} 个包裹"
        "（同一种商品不能拆到两个包裹里），所以没有推送。请只保留实际寄出的包裹单号，多余的删掉"
        "（一个包裹一个单号，每行一个）。",
        f"The cell holds {numbers} numbers but the order has {slots} product line(s), and the shop "
        "records at most one parcel per line (a line cannot be split across parcels), so nothing was "
        "pushed. Keep only the numbers of the parcels really sent (one per line) and delete the others.",
    )


# Why the platform refused a push, as the operator can act on it; ``retry``: a later tick can succeed
# as it is (a busy platform, a token, the order changing), so the row says so.
_REFUSALS: dict[RefusalReason, Bilingual] = {
    RefusalReason.INVALID_WAYBILL: Bilingual(
        "小店认为这个单号不是该快递公司的有效单号，请向供应商核对单号和快递公司后改正。",
        "The shop says this is not a valid number for that courier: check both with the supplier and fix "
        "them.",
    ),
    RefusalReason.INVALID_COURIER: Bilingual(
        "小店不接受这家快递公司，请在「快递公司」列改选正确的快递（或向供应商确认）。",
        "The shop does not accept that courier: choose the right one in the courier column (ask the "
        "supplier if unsure).",
    ),
    RefusalReason.TOO_MANY_NUMBERS: Bilingual(
        "单号比订单能登记的包裹多（同一种商品不能拆到两个包裹里），请只保留实际寄出的包裹单号。",
        "More numbers than the order can record as parcels (a product line cannot be split): keep only the "
        "numbers of the parcels really sent.",
    ),
    RefusalReason.COUNT_CHANGED: Bilingual(
        "修正时单号的个数要和小店已登记的包裹数一样，请按包裹逐个改正（每行一个单号）。",
        "A correction must keep as many numbers as the shop has parcels: correct them parcel by parcel "
        "(one number per line).",
    ),
    RefusalReason.DUPLICATE_NUMBER: Bilingual(
        "同一个单号在单元格里出现了两次，请删掉重复的一行。",
        "The same number is in the cell twice: delete the repeated line.",
    ),
    RefusalReason.ITEMS: Bilingual(
        "小店拒绝了这次发货的商品数量（订单可能有部分退款或已部分发货），请在小店后台核对订单后再处理。",
        "The shop refused the items of this shipment (part of the order may be refunded or already "
        "shipped): check the order in the shop backend.",
    ),
    RefusalReason.MODIFY_NOT_ALLOWED: Bilingual(
        "这个订单的单号现在不能修改（小店不允许），请在小店后台处理或联系平台客服。",
        "The shop does not allow this order's number to be changed now: handle it in the shop backend or ask "
        "platform support.",
    ),
    RefusalReason.ORDER_STATE: Bilingual(
        "订单状态刚刚变了（已发货、已取消或有售后），下一轮同步会按最新状态处理，无需操作。",
        "The order just changed (shipped, cancelled or in after-sale); the next sync follows its new state, "
        "nothing to do.",
    ),
    RefusalReason.TEMPORARY: Bilingual(
        "小店暂时没有响应（繁忙或网络问题），下一轮同步会自动重试，无需操作。",
        "The shop did not answer this time (busy or a network problem); the next sync retries it, nothing to "
        "do.",
    ),
    RefusalReason.ACCESS: Bilingual(
        "小店拒绝了本系统的访问（密钥、IP 白名单或接口权限），请管理员运行 doctor 检查设置；"
        "修好后会自动重试。",
        "The shop refused our access (secret, IP allowlist or API permission): ask the admin to run doctor; "
        "it retries once fixed.",
    ),
}


# Refusals a later pass may overcome as they are, whatever the caller says (their words say so).
_RETRIED = frozenset({RefusalReason.ORDER_STATE, RefusalReason.TEMPORARY, RefusalReason.ACCESS})


def courier_not_listed(courier: str) -> Bilingual:
    """A push held back: the shop's own courier list does not hold the row's courier, so no id would
    be anything but a guess."""
    found = by_code(courier) if courier else None
    zh_name = found.name.zh if found is not None else "这家快递公司"
    en_name = found.name.en if found is not None else "this courier"
    return Bilingual(
        f"小店的快递公司列表里没有{zh_name}，单号没有推送：请在「快递公司」列改选小店列出的快递公司，"
        f"或在小店后台开通{zh_name}（一天内自动推送）。",
        f"The shop's courier list has no {en_name}, so the number was not pushed: choose a courier the "
        f"shop lists in the courier column, or enable {en_name} in the shop backend (pushed within a day).",
    )


def push_refused(reason: RefusalReason, retry: bool, code: str = "", courier: str = "") -> Bilingual:
    """The row's message after a push that did not land (``reason``: see ``_REFUSALS``; ``courier``:
    our courier code, named when the shop does not list it)."""
    if reason == RefusalReason.COURIER_NOT_LISTED:
        return courier_not_listed(courier)
    known = _REFUSALS.get(reason)
    if known is not None:
        zh, en = known.zh, known.en
    else:
        zh = f"小店拒绝了这次推送（错误码 {code}）" if code else "小店拒绝了这次推送"
        en = f"The shop refused the push (error code {code})" if code else "The shop refused the push"
        zh += "，请核对单号和快递公司。"
        en += ": check the number and the courier."
    if retry or reason in _RETRIED:
        return Bilingual(f"推送没有成功：{zh}", f"The push did not go through: {en}")
    return Bilingual(
        f"推送被拒绝，不会自动重试：{zh}", f"The push was refused and is not retried as it is: {en}"
    )
