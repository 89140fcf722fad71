"""The message column's sentences, in Chinese and English (pure). One plain sentence: what is
wrong and what to do. Functions return (zh, en)."""

from __future__ import annotations

from shared.couriers import Problem, by_code

Text = tuple[str, str]


def join(first: Text, second: Text) -> Text:
    zh = "；".join(p for p in (first[0].rstrip("。"), second[0].rstrip("。")) if p) + "。"
    en = "; ".join(p for p in (first[1].rstrip("."), second[1].rstrip(".")) if p) + "."
    return zh, en


def _numbers(numbers: tuple[str, ...] | list[str]) -> str:
    return "、".join(numbers) if numbers else "（无）"


def _with(courier: str, numbers: str) -> str:
    return f"{courier} {numbers}" if courier.strip() else numbers


def stopped(cancelled: bool, supplier_shipped: bool, supplier_order_no: str) -> Text:
    what_zh = "订单已取消" if cancelled else "买家申请了售后/退款，暂停发货"
    what_en = (
        "The order was cancelled"
        if cancelled
        else "The buyer opened an after-sale request; shipping is on hold"
    )
    if supplier_shipped:
        return (
            f"{what_zh}，但供应商已经发货：请马上联系供应商拦截或退回包裹。",
            f"{what_en}, but the supplier already shipped: ask them to intercept or recall the parcel now.",
        )
    if supplier_order_no:
        return (
            f"{what_zh}：请取消供应商订单 {supplier_order_no}。",
            f"{what_en}: cancel supplier order {supplier_order_no}.",
        )
    return f"{what_zh}，无需向供应商下单。", f"{what_en}; do not order it from a supplier."


def stop_action(supplier_shipped: bool) -> str:
    return "联系供应商拦截/退回包裹" if supplier_shipped else "取消供应商订单"


def courier_disagrees(sheet_courier: str, report_courier: str) -> Text:
    return (
        f"表格里的快递公司是{sheet_courier}，供应商回传的是{report_courier}，未覆盖：请核对后修改。",
        f"The sheet says {sheet_courier} but the supplier reported {report_courier}; nothing was "
        "overwritten: check and fix it.",
    )


def supplier_disagrees(
    report_courier: str, numbers: tuple[str, ...], sheet_courier: str, sheet_numbers: tuple[str, ...]
) -> Text:
    return (
        f"供应商回传的是 {_with(report_courier, _numbers(numbers))}，"
        f"表格里是 {_with(sheet_courier, _numbers(sheet_numbers))}，两者不一致，未覆盖：请核对后修改表格。",
        f"The supplier reported {_with(report_courier, ', '.join(numbers))}, the sheet has "
        f"{_with(sheet_courier, ', '.join(sheet_numbers))}; nothing was overwritten: check and fix the "
        "sheet.",
    )


def supplier_changed_after_push(
    report_courier: str, numbers: tuple[str, ...], pushed: tuple[str, ...]
) -> Text:
    """The supplier's sheet now holds other numbers than the ones already pushed to the shop."""
    return (
        f"供应商把单号改成了 {_with(report_courier, _numbers(numbers))}，"
        f"小店里是已推送的 {_numbers(pushed)}，"
        "未覆盖：如果供应商是对的，请把表格里的单号改成新单号（按修正处理）；否则请供应商改回。",
        f"The supplier changed the number to {_with(report_courier, ', '.join(numbers))}; the shop has "
        f"{', '.join(pushed)} (pushed). Nothing was overwritten: if the supplier is right, put the new "
        "number in the sheet (it is handled as a correction); otherwise ask the supplier to change it back.",
    )


def shop_changed_elsewhere(shop_numbers: tuple[str, ...]) -> Text:
    return (
        f"小店里的单号被改成了 {_numbers(shop_numbers)}（不是在表格里改的）："
        "如果小店是对的，请把表格改成一致。",
        f"The shop now shows {', '.join(shop_numbers)} (changed outside the sheet): if the shop is right, "
        "make the sheet match.",
    )


def sheet_vs_shop(sheet_numbers: tuple[str, ...], shop_numbers: tuple[str, ...]) -> Text:
    return (
        f"表格里的单号 {_numbers(sheet_numbers)} 与小店里的 {_numbers(shop_numbers)} 不一致："
        "请确认哪个是对的。",
        f"The sheet's {', '.join(sheet_numbers)} differs from the shop's {', '.join(shop_numbers)}: "
        "decide which is right.",
    )


def delivered(text: str) -> Text:
    return (f"买家已签收。{text}".strip(), f"Delivered. {text}".strip())


def shipped(numbers: tuple[str, ...], logistics: str) -> Text:
    zh = f"已推送到小店：{_numbers(numbers)}。"
    en = f"On the shop order: {', '.join(numbers)}."
    return zh, en


def corrected(numbers: tuple[str, ...]) -> Text:
    return (
        f"修正已推送到小店：{_numbers(numbers)}，已记录在日志。",
        f"The correction is on the shop order: {', '.join(numbers)}; it is in the log.",
    )


def invalid_correction(problem: Problem) -> Text:
    return (
        f"{problem.message_zh.rstrip('。')}；小店里仍是原单号。",
        f"{problem.message_en.rstrip('.')}; the shop keeps the old number.",
    )


def budget_exhausted(used: int) -> Text:
    return (
        f"这个订单已修改过 {used} 次单号，达到平台上限，不能再自动修正：请在小店后台联系平台客服。",
        f"This order's number was already changed {used} times, the platform's limit: no more automatic "
        "corrections; contact platform support from the shop backend.",
    )


def budget_action() -> str:
    return "在小店后台联系平台客服修改单号"


def correction_pending(old: tuple[str, ...], new: tuple[str, ...], auto_push: bool) -> Text:
    tail_zh = "正在推送修正" if auto_push else "请点菜单「推送所选行」推送修正"
    tail_en = (
        "the correction is being pushed" if auto_push else "use the menu 'Push selected rows' to push it"
    )
    return (
        f"单号由 {_numbers(old)} 改为 {_numbers(new)}，{tail_zh}。",
        f"The number changed from {', '.join(old)} to {', '.join(new)}; {tail_en}.",
    )


def courier_correction_pending(old: str, new: str, auto_push: bool) -> Text:
    """The tracking provider says the parcel is with ``new`` (our codes), the shop records ``old``."""
    tail_zh = "正在推送修正" if auto_push else "请点菜单「推送所选行」推送修正"
    tail_en = (
        "the correction is being pushed" if auto_push else "use the menu 'Push selected rows' to push it"
    )
    old_zh = by_code(old).name_zh if old else "其他快递"
    old_en = by_code(old).name_en if old else "another courier"
    return (
        f"物流查询确认包裹由{by_code(new).name_zh}承运，小店里是{old_zh}，{tail_zh}。",
        f"Tracking confirms {by_code(new).name_en} carries the parcel, the shop records {old_en}; {tail_en}.",
    )


def buyer_message(order_id: str, courier: str | None, numbers: tuple[str, ...]) -> str:
    """A draft for the operator to send the buyer after a correction (Chinese, polite, short)."""
    name = by_code(courier).name_zh if courier else "快递"
    return (
        f"亲，您的订单（尾号{order_id[-4:]}）的快递单号已更新为：{name} {'、'.join(numbers)}，"
        "之前的单号填写有误，给您带来不便非常抱歉，您可以用新单号查询物流。"
    )


def supplier_status(status: str, supplier: str) -> Text:
    if status == "out_of_stock":
        return (
            f"供应商（{supplier}）说缺货：请换供应商或联系买家。",
            f"The supplier ({supplier}) is out of stock: switch supplier or contact the buyer.",
        )
    return (
        f"供应商（{supplier}）取消了这个订单：请重新下单或联系买家。",
        f"The supplier ({supplier}) cancelled the order: reorder elsewhere or contact the buyer.",
    )


def stock_action() -> str:
    return "换供应商或联系买家"


def chase_action() -> str:
    return "催供应商发货并回传单号"


def place_supplier_order() -> Text:
    return (
        "买家已付款，请向供应商下单并填写供应商单号。",
        "Paid: order it from a supplier and fill in the supplier order no.",
    )


def waiting_for_number() -> Text:
    return "已向供应商下单，等待快递单号。", "Ordered from the supplier; waiting for the tracking number."


def choose_courier() -> Text:
    return (
        "单号看不出是哪家快递：请在「快递公司」列选择。",
        "The number alone does not tell the courier: choose it in the courier column.",
    )


def quantity_short(shipped_units: int, ordered_units: int) -> Text:
    return (
        f"供应商只发了 {shipped_units} 件，订单共 {ordered_units} 件：请确认是否分批发货，补齐后再推送。",
        f"The supplier shipped {shipped_units} of {ordered_units} units: confirm a split shipment before "
        "pushing.",
    )


def number_reused(others: list[str]) -> Text:
    listed = "、".join(others)
    return (
        f"注意：同一个单号也用在了收件人不同的订单 {listed} 上，请向供应商确认",
        f"Note: the same number is on order(s) {', '.join(others)} with a different recipient; "
        "check with the "
        "supplier",
    )


def ready(auto_push: bool) -> Text:
    if auto_push:
        return "单号已校验，正在推送到小店。", "Validated; being pushed to the shop."
    return (
        "单号已校验：请点菜单「推送所选行」推送到小店。",
        "Validated: use the menu 'Push selected rows' to push it to the shop.",
    )


def push_failed(code: str, message: str) -> Text:
    return (
        f"推送失败（平台返回 {code}：{message}），下一轮会重试；若一直失败请核对单号和快递公司。",
        f"The push failed (platform said {code}: {message}); it is retried next tick. If it keeps failing, "
        "check the number and the courier.",
    )
