"""The operator workspace as data: tabs, columns, owners, widths, dropdowns, row-state colours, legend.

Nothing here does I/O. ``shared.cli.init_sheet`` turns this into Sheets API requests, and
``shared.sheets`` reads the column headers from here to find columns by their text.

Every column has a stable ``field`` id (used in code and the journal) and a header per language.
Languages: ``zh`` (default, zh-CN) and ``en``.

Ownership is the contract that prevents lost work (docs/workspace.md#rules-every-tab-follows): the system
writes ``system`` columns freely; it writes an ``operator`` column only when the cell is empty, and only if it
is still empty right before the write. System columns are protected warning-only, so an operator who edits one
is told rather than blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.domain.text import Bilingual
from shared.reconcile.causes import CAUSES
from shared.reconcile.desk import PROGRESS

Lang = Literal["zh", "en"]
Owner = Literal["system", "operator"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

# A dropdown is either a fixed list (couriers, yes/no) or "the first column of another tab" (suppliers).
DropdownKind = Literal["couriers", "suppliers", "yes_no", "on_off", "supplier_channel", "progress", "causes"]


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    header: Bilingual
    owner: Owner
    width: int
    dropdown: DropdownKind | None = None
    note: Bilingual | None = None
    # An identifier (order id, supplier order no., tracking no.): the column is formatted as plain
    # text, because Sheets turns a typed digit string into a double (15 significant digits, so a
    # 16-19 digit number loses its last digits and leading zeros vanish).
    text: bool = False


@dataclass(frozen=True, slots=True)
class Tab:
    key: str  # stable id: orders, suppliers, inbox, exceptions, log, settings, help
    title: Bilingual
    columns: tuple[Column, ...]
    key_field: str | None = None  # the column identifying a row (None: append-only or free text)

    def column(self, field: str) -> Column:
        for col in self.columns:
            if col.field == field:
                return col
        raise KeyError(field)

    def headers(self, lang: Lang) -> tuple[str, ...]:
        return tuple(c.header.pick(lang) for c in self.columns)


@dataclass(frozen=True, slots=True)
class Rgb:
    """A colour as 0..255 channels; ``as_api`` gives the Sheets API 0..1 floats."""

    red: int
    green: int
    blue: int

    def as_api(self) -> dict[str, float]:
        return {
            "red": round(self.red / 255, 4),
            "green": round(self.green / 255, 4),
            "blue": round(self.blue / 255, 4),
        }

    @property
    def hex(self) -> str:
        return f"#{self.red:02x}{self.green:02x}{self.blue:02x}"


@dataclass(frozen=True, slots=True)
class RowState:
    """One row state: its label in the 状态 column, the row colour, and a legend line.

    ``variants`` are extra labels for the same state that need their own colour (e.g. 待单号 close to
    the ship-by deadline turns urgent; 已取消 after the supplier already shipped turns red).
    """

    state: str
    label: Bilingual
    colour: Rgb
    meaning: Bilingual
    variants: tuple[tuple[Bilingual, Rgb, Bilingual], ...] = ()

    def labels_and_colours(self) -> tuple[tuple[Bilingual, Rgb, Bilingual], ...]:
        return ((self.label, self.colour, self.meaning), *self.variants)


WHITE = Rgb(255, 255, 255)
RED = Rgb(244, 199, 195)
URGENT_ROW = Rgb(244, 204, 204)  # 异常: a row left 待处理 too long (its 紧急 cell is set)
DEEP_RED = Rgb(234, 153, 153)
GREEN = Rgb(183, 225, 205)
ORANGE = Rgb(252, 208, 161)
GREY = Rgb(217, 217, 217)
YELLOW = Rgb(255, 242, 204)
AMBER = Rgb(255, 229, 153)
URGENT = Rgb(246, 178, 107)  # deeper than ORANGE, so 待单号（紧急） is not mistaken for 物流异常
BLUE = Rgb(207, 226, 243)
PURPLE = Rgb(217, 210, 233)
TEAL = Rgb(208, 224, 227)
LIGHT_GREEN = Rgb(217, 234, 211)
CONFIRM = Rgb(255, 217, 102)  # gold: "look at me", brighter than 待单号's amber
PINK = Rgb(234, 209, 220)  # a number also on another recipient's order, before or after the push
# Header row: system columns dark with white text, operator columns light yellow ("you fill these").
SYSTEM_HEADER_BG = Rgb(67, 67, 67)
SYSTEM_HEADER_FG = WHITE
OPERATOR_HEADER_BG = Rgb(255, 242, 204)
OPERATOR_HEADER_FG = Rgb(0, 0, 0)


def T(zh: str, en: str) -> Bilingual:
    """The workspace's short spelling of ``Bilingual(zh, en)``."""
    return Bilingual(zh, en)


ROW_STATES: tuple[RowState, ...] = (
    RowState(
        "awaiting_supplier_order",
        T("待下单", "Awaiting supplier order"),
        YELLOW,
        T("买家已付款，还没在供应商处下单。", "Paid by the buyer; not yet ordered from a supplier."),
    ),
    RowState(
        "awaiting_tracking",
        T("待单号", "Awaiting tracking"),
        AMBER,
        T("已向供应商下单，等待快递单号。", "Ordered from the supplier; waiting for the tracking number."),
        variants=(
            (
                T("待单号（紧急）", "Awaiting tracking (urgent)"),
                URGENT,
                T("临近发货截止仍无单号，请催供应商。", "Close to the ship-by deadline; chase the supplier."),
            ),
        ),
    ),
    RowState(
        "invalid",
        T("单号有误", "Invalid"),
        RED,
        T("单号格式或快递公司不对，见“说明”列。", "Wrong number format or courier; see the Message column."),
    ),
    RowState(
        "confirm_courier",
        T("待确认快递", "Confirm courier"),
        CONFIRM,
        T(
            "单号格式不能确定是哪家快递，未推送：请在“快递公司”列选择。",
            "The number alone does not tell the courier for sure; not pushed: choose it in the Courier "
            "column.",
        ),
    ),
    RowState(
        "number_reused",
        T("单号重复", "Number reused"),
        PINK,
        T(
            "同一单号也在收件人不同的订单上，未推送：核对后用菜单“推送所选行”确认推送。",
            "The number is also on another recipient's order; not pushed: check, then confirm with the "
            "menu's 'Push selected rows'.",
        ),
    ),
    RowState(
        "mismatch",
        T("不一致", "Mismatch"),
        RED,
        T(
            "供应商的数据与表格里填写的不一致，系统未覆盖，请核对。",
            "The supplier's data differs from what was typed; nothing was overwritten, please check.",
        ),
    ),
    RowState(
        "ready",
        T("待推送", "Ready"),
        BLUE,
        T("单号已校验，等待推送到小店。", "Validated; waiting to be pushed to the shop."),
    ),
    RowState(
        "shipped",
        T("已发货", "Shipped"),
        GREEN,
        T("单号已推送到小店。", "The tracking number is on the shop order."),
        variants=(
            (
                T("已发货（单号重复）", "Shipped (number reused)"),
                PINK,
                T(
                    "已推送，但同一单号也在收件人不同的订单上：请向供应商确认包裹寄给了谁。",
                    "Pushed, but the number is also on another recipient's order: ask the supplier who the "
                    "parcel went to.",
                ),
            ),
        ),
    ),
    RowState(
        "correction_pending",
        T("待修正", "Correction pending"),
        PURPLE,
        T("单号已修改，等待推送修正。", "The number was changed; the correction is waiting to be pushed."),
    ),
    RowState(
        "corrected",
        T("已修正", "Corrected"),
        TEAL,
        T("修正已推送到小店并记录在日志。", "The correction is on the shop order and in the log."),
    ),
    RowState(
        "logistics_exception",
        T("物流异常", "Logistics exception"),
        ORANGE,
        T(
            "包裹停滞、未揽收或退回，见“物流”列。",
            "The parcel stalled, was never picked up or is coming back; see the Logistics column.",
        ),
    ),
    RowState(
        "delivered",
        T("已签收", "Delivered"),
        LIGHT_GREEN,
        T("买家已签收。", "The buyer has received the parcel."),
    ),
    RowState(
        "cancelled",
        T("已取消", "Cancelled"),
        GREY,
        T("订单已取消，请停止供应商订单。", "The order was cancelled; stop the supplier order."),
        variants=(
            (
                T("已取消（供应商已发货）", "Cancelled (supplier shipped)"),
                DEEP_RED,
                T(
                    "订单已取消但供应商已发货，请联系供应商拦截。",
                    "Cancelled but the supplier already shipped; ask them to intercept the parcel.",
                ),
            ),
        ),
    ),
)


def state(state_id: str) -> RowState:
    """The row state with this id (``shipped`` ...); KeyError for an unknown id."""
    for st in ROW_STATES:
        if st.state == state_id:
            return st
    raise KeyError(state_id)


def status_label(state_id: str, lang: Lang = "zh", variant: int | None = None) -> str:
    """What the system writes in the 状态 column: the state's label, or one of its variants
    (``variant=0``: 待单号（紧急） for ``awaiting_tracking``, 已取消（供应商已发货） for ``cancelled``)."""
    st = state(state_id)
    if variant is None:
        return st.label.pick(lang)
    return st.variants[variant][0].pick(lang)


def state_by_label(label: str) -> RowState | None:
    """The state a 状态 cell shows (either language, any variant), or None."""
    text = label.strip()
    for st in ROW_STATES:
        for variant_label, _colour, _meaning in st.labels_and_colours():
            if text in (variant_label.zh, variant_label.en):
                return st
    return None


# --- dropdown data -------------------------------------------------------------------------------

# Fallback courier list, used only while shared.couriers is not importable (see courier_names()).
# TODO(lead): once shared.couriers is merged, this list can go; the order there is the dropdown order.
COURIERS: tuple[Bilingual, ...] = (
    T("顺丰速运", "SF Express"),
    T("中通快递", "ZTO Express"),
    T("圆通速递", "YTO Express"),
    T("韵达速递", "Yunda Express"),
    T("申通快递", "STO Express"),
    T("极兔速递", "J&T Express"),
    T("京东快递", "JD Logistics"),
    T("EMS", "EMS"),
    T("邮政快递包裹", "China Post"),
    T("德邦快递", "Deppon Express"),
    T("菜鸟速递(丹鸟)", "Cainiao (Danniao)"),
    T("宅急送", "ZJS Express"),
    T("中通快运", "ZTO Freight"),
    T("韵达快运", "Yunda Freight"),
    T("百世快递", "Best Express"),
    T("丰网速运", "Fengwang Express"),
    T("其他", "Other"),
)


def courier_names() -> tuple[Bilingual, ...]:
    """Courier display names for the dropdown: from ``shared.couriers`` when it is importable.

    The template stays importable on its own (the fallback is the list above).
    """
    try:
        from shared.couriers import active_couriers
    except ImportError:  # shared.couriers not on this branch yet
        return COURIERS
    return tuple(c.name for c in active_couriers())


YES_NO: tuple[Bilingual, ...] = (T("是", "Yes"), T("否", "No"))
ON_OFF: tuple[Bilingual, ...] = (T("开", "On"), T("关", "Off"))
SUPPLIER_CHANNELS: tuple[Bilingual, ...] = (
    T("API", "API"),
    T("供应商表格", "Supplier sheet"),
    T("微信/手动", "WeChat / manual"),
    T("1688", "1688"),  # a 1688 buyer account (shared/suppliers/alibaba_1688)
)


# --- tabs ----------------------------------------------------------------------------------------

ORDERS = Tab(
    key="orders",
    title=T("订单", "Orders"),
    key_field="order_id",
    columns=(
        Column("order_id", T("订单号", "Order ID"), "system", 180, text=True),
        Column("paid_at", T("付款时间", "Paid at"), "system", 140),
        Column("ship_by", T("发货截止", "Ship by"), "system", 140),
        Column("items", T("商品", "Items"), "system", 240),
        Column("quantity", T("数量", "Qty"), "system", 60),
        Column("recipient", T("收件人", "Recipient"), "system", 150),
        Column("supplier", T("供应商", "Supplier"), "operator", 120, dropdown="suppliers"),
        Column("supplier_order_no", T("供应商单号", "Supplier order no."), "operator", 160, text=True),
        Column("courier", T("快递公司", "Courier"), "operator", 120, dropdown="couriers"),
        Column(
            "tracking_numbers",
            T("快递单号", "Tracking no."),
            "operator",
            190,
            note=T("多个包裹：每行一个单号。", "Several parcels: one number per line."),
            text=True,
        ),
        Column("status", T("状态", "Status"), "system", 110),
        Column("message", T("说明", "Message"), "system", 320),
        Column("logistics", T("物流", "Logistics"), "system", 240),
        Column("synced_at", T("同步时间", "Last synced"), "system", 140),
    ),
)

SUPPLIERS = Tab(
    key="suppliers",
    title=T("供应商", "Suppliers"),
    key_field="name",
    columns=(
        Column("name", T("供应商", "Supplier"), "operator", 140),
        Column("channel", T("对接方式", "Channel"), "operator", 120, dropdown="supplier_channel"),
        Column("contact", T("联系人", "Contact"), "operator", 120),
        Column("reach", T("联系方式", "How to reach"), "operator", 180),
        Column(
            "default_courier",
            T("默认快递", "Default courier"),
            "operator",
            120,
            dropdown="couriers",
            note=T(
                "该供应商通常用的快递。订单行只填了单号、且单号同时符合几家快递的格式时，按这里的快递推送。",
                "The courier this supplier usually ships with: used for a bare number on their rows "
                "when the number fits several couriers.",
            ),
        ),
        Column(
            "remarks",
            T("备注", "Remarks"),
            "operator",
            260,
            note=T("不要在表格里填写密钥或密码。", "Never put keys or passwords in the sheet."),
        ),
        Column(
            "settings",
            T("接入设置", "Connection settings"),
            "operator",
            320,
            note=T(
                "key=value，用分号或换行分隔。API：endpoint=…（主机须是部署设置允许的），密钥在以供应商命名的"
                "环境变量 WR_<KEY>_TOKEN 里（状态格会写出名字），不填在表格里；"
                "供应商表格：spreadsheet_id=…（表格 ID 或链接）；keep_address_days=7"
                "（发货后几天清除对方表格里的收件信息）。",
                "key=value pairs separated by ; or new lines. API: endpoint=... (a host the deployment "
                "allows); the key lives in an environment variable named for the supplier, WR_<KEY>_TOKEN "
                "(the Status cell names it), never in the sheet. Supplier sheet: spreadsheet_id=... "
                "(its id or URL); keep_address_days=7 (days after shipping before the recipient's "
                "details are cleared from their sheet).",
            ),
        ),
        Column("status", T("状态", "Status"), "system", 260),
    ),
)

INBOX = Tab(
    key="inbox",
    title=T("回传", "Inbox"),
    # One paste per row (one or many lines: "订单号/供应商单号 快递公司 单号"), as shared.suppliers.inbox
    # reads it. The pasted text is the row's key: a result is written only next to the same paste
    # (in place, or remapped when exactly one row holds that text).
    key_field="text",
    columns=(
        Column("supplier", T("供应商", "Supplier"), "operator", 120, dropdown="suppliers"),
        Column(
            "text",
            T("回传内容", "Pasted shipments"),
            "operator",
            380,
            note=T(
                "每行一个包裹：订单号或供应商单号、快递公司、快递单号。可以整段粘贴。",
                "One parcel per line: order or supplier order no., courier, tracking no. Paste whole blocks.",
            ),
            text=True,
        ),
        Column("result", T("处理结果", "Result"), "system", 320),
        Column("processed_at", T("处理时间", "Processed at"), "system", 140),
    ),
)

# Why a number was wrong (shared/reconcile/causes.py): the operator's, on a correction's or a refused
# number's 日志 row and on a reused number's 异常 row; prefilled with the cause the journal shows, empty
# when it cannot tell.
# Not 原因: the 日志 tab has a 原因 (Reason) column already, and a header is found by its text.
CAUSE_COLUMN = Column(
    "cause",
    T("原因分类", "Cause"),
    "operator",
    130,
    dropdown="causes",
    note=T(
        "改号或被拒单号的出错原因：系统按记录预填，可改选；改动记入日志。",
        "Why the number was wrong (a correction or a refused number): prefilled from the journal; "
        "change it if you know better, the change is logged.",
    ),
)

EXCEPTIONS = Tab(
    key="exceptions",
    title=T("异常", "Exceptions"),
    key_field="order_id",  # not unique (several problems per order): written in place, or remapped if unique
    columns=(
        Column("found_at", T("发现时间", "Found at"), "system", 140),
        Column("order_id", T("订单号", "Order ID"), "system", 180),
        Column("kind", T("类型", "Kind"), "system", 120),
        Column("message", T("说明", "Message"), "system", 320),
        Column("action", T("建议操作", "Suggested action"), "system", 260),
        Column("assignee", T("处理人", "Assignee"), "operator", 100),
        Column("resolved", T("已处理", "Resolved"), "operator", 80, dropdown="yes_no"),
        # The exception desk (shared/reconcile/desk.py): the operator's progress, when it last changed
        # (written by the product from the edit hook), the urgent mark, and one ready-to-send draft
        # per addressee (one cell each: a click and a copy gives exactly the text to paste in a chat).
        Column(
            "progress",
            T("进度", "Progress"),
            "operator",
            110,
            dropdown="progress",
            note=T(
                "选择处理进度；选“已解决”即关闭这一行（与 已处理=是 相同）。",
                "Choose the progress; Resolved closes the row (the same as Resolved = Yes).",
            ),
        ),
        Column("progress_at", T("进度时间", "Progress at"), "system", 140),
        Column("urgent", T("紧急", "Urgent"), "system", 200),
        Column("draft_supplier", T("给供应商", "To the supplier"), "system", 320),
        Column("draft_buyer", T("给买家", "To the buyer"), "system", 320),
        CAUSE_COLUMN,
    ),
)

LOG = Tab(
    key="log",
    title=T("日志", "Log"),
    key_field=None,
    columns=(
        Column("at", T("时间", "Time"), "system", 150),
        Column("order_id", T("订单号", "Order ID"), "system", 180),
        Column("actor", T("操作人", "Who"), "system", 160),
        Column("action", T("操作", "Action"), "system", 120),
        Column("old", T("原值", "Old"), "system", 180),
        Column("new", T("新值", "New"), "system", 180),
        Column("source", T("来源", "Source"), "system", 100),
        Column("reason", T("原因", "Reason"), "system", 220),
        Column("result", T("结果", "Result"), "system", 160),
        CAUSE_COLUMN,
    ),
)

SETTINGS = Tab(
    key="settings",
    title=T("设置", "Settings"),
    key_field="key",
    columns=(
        Column("key", T("键", "Key"), "system", 140),
        Column("name", T("设置项", "Setting"), "system", 200),
        Column("value", T("值", "Value"), "operator", 100),
        Column("description", T("说明", "Description"), "system", 420),
    ),
)

HELP = Tab(
    key="help",
    title=T("说明", "Help"),
    key_field=None,
    columns=(
        Column("label", T("状态", "Status"), "system", 200),
        Column("meaning", T("含义", "Meaning"), "system", 560),
    ),
)

TABS: tuple[Tab, ...] = (ORDERS, SUPPLIERS, INBOX, EXCEPTIONS, LOG, SETTINGS, HELP)


def tab(key: str) -> Tab:
    for t in TABS:
        if t.key == key:
            return t
    raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    name: Bilingual
    default: Bilingual
    description: Bilingual


SETTINGS_ROWS: tuple[Setting, ...] = (
    Setting(
        "auto_push",
        T("自动推送", "Auto-push"),
        T("关", "Off"),
        T(
            "开：校验通过的单号立即推送到小店；关：只在菜单“推送所选行”时推送。",
            "On: push validated numbers at once; Off: push only from the menu (Push selected rows).",
        ),
    ),
    Setting(
        "urgent_hours",
        T("紧急提前(小时)", "Urgent before deadline (hours)"),
        T("12", "12"),
        T(
            "距发货截止少于这么多小时仍无单号时，标为紧急。",
            "Rows still without a number this many hours before the ship-by deadline turn urgent.",
        ),
    ),
    Setting(
        "stall_days",
        T("物流停滞(天)", "Stalled after (days)"),
        T("3", "3"),
        T(
            "物流这么多天没有新动态时，标为物流异常。",
            "A parcel with no new tracking event for this many days is flagged.",
        ),
    ),
    Setting(
        "pickup_days",
        T("未揽收(天)", "Not picked up after (days)"),
        T("2", "2"),
        T(
            "推送后这么多天仍未揽收时，标为物流异常。",
            "A parcel not picked up this many days after the push is flagged.",
        ),
    ),
    # The logistics watch's other thresholds (shared/logistics/settings.py; Beijing-time messages,
    # hours counted on UTC-stored times), read by shared/app/tracking_watch.py watch_settings.
    Setting(
        "no_pickup_warn_hours",
        T("未揽收提醒（小时）", "No pickup: warning (hours)"),
        T("24", "24"),
        T(
            "推送后这么多小时仍未揽收时提醒（物流异常见“未揽收(天)”）。",
            "Warn when not picked up this many hours after the push.",
        ),
    ),
    Setting(
        "stall_warn_hours",
        T("物流停滞提醒（小时）", "Stalled: warning (hours)"),
        T("48", "48"),
        T(
            "运输中这么多小时没有新动态时提醒（不少于8）。",
            "Warn after this many hours without an event (8+).",
        ),
    ),
    Setting(
        "last_mile_stall_hours",
        T("派件停滞异常（小时）", "Out for delivery, stalled: exception (hours)"),
        T("36", "36"),
        T(
            "派件中或在快递柜/驿站这么多小时没有新动态时，标为物流异常。",
            "Out for delivery (or in a locker) this long without an event is flagged.",
        ),
    ),
    Setting(
        "overdue_warn_hours",
        T("在途过久提醒（小时）", "Too long in transit: warning (hours)"),
        T("168", "168"),
        T("揽收后这么多小时仍未签收时提醒。", "Warn when not delivered this many hours after pickup."),
    ),
    Setting(
        "overdue_hours",
        T("在途过久异常（小时）", "Too long in transit: exception (hours)"),
        T("360", "360"),
        T(
            "揽收后这么多小时仍未签收时，标为物流异常。",
            "Not delivered this many hours after pickup is flagged.",
        ),
    ),
    # The stopped-sync banner (shared/app/stale_sync.py): a row on 异常 while no tick succeeds.
    Setting(
        "stale_sync_minutes",
        T("同步停止提醒(分钟)", "Sync stopped warning (minutes)"),
        T("30", "30"),
        T(
            "上次成功同步超过这么多分钟时，在“异常”页提醒；0 表示不提醒。",
            "Warn on the 异常 (Exceptions) tab when the last good sync is older than this; 0: never.",
        ),
    ),
    # Archiving and the bounded log (shared/app/tick/tidy.py, shared/app/log_trim.py).
    Setting(
        "archive_after_days",
        T("完成后归档(天)", "Archive after finishing (days)"),
        T("30", "30"),
        T(
            "已签收、已取消或已完结的订单，完成这么多天后移到当月的归档页（归档-年-月）；0 表示不归档。",
            "Finished orders (delivered, cancelled, closed) move to the archive tab of their month "
            "(Archive-year-month) this many days after they finished; 0: never.",
        ),
    ),
    # Archive spreadsheets (shared/reconcile/archive_room.py): where archive tabs go once the
    # workspace nears its cell limit. The operator makes them and shares them with the service account.
    Setting(
        "archive_spreadsheets",
        T("归档表格", "Archive spreadsheets"),
        T("", ""),
        T(
            "工作表格接近单元格上限后，归档页移入这里列出的表格（每行一个表格ID或链接，依次用满）；"
            "请先新建表格并与服务账号共享。留空：归档页留在本表格。",
            "Once this workspace nears its cell limit, archive tabs go to the spreadsheets listed here "
            "(one id or link per line, filled in turn); create each one and share it with the service "
            "account first. Empty: archive tabs stay in this spreadsheet.",
        ),
    ),
    Setting(
        "log_keep_days",
        T("日志保留(天)", "Keep log rows (days)"),
        T("90", "90"),
        T(
            "“日志”页只保留这么多天内的记录；更早的仍在日志存储里，可用 rebuild-log 找回；0 表示不按天清理。",
            "The Log tab keeps this many days of entries; older ones stay in the journal "
            "(rebuild-log brings a period back); 0: no limit by age.",
        ),
    ),
    # The 查询 cell (shared/app/lookup_cell.py): type an order id or a tracking number as the value;
    # the next sync writes where the order is into this row's description.
    Setting(
        "lookup",
        T("查询订单", "Find an order"),
        T("", ""),
        T(
            "在“值”里填订单号或快递单号，下一次同步在这里写出订单在哪里（订单页第几行，或哪个归档页）；"
            "完整记录用命令 find。",
            "Type an order id or a tracking number as the value: the next sync writes here where the "
            "order is (its row in Orders, or its archive tab); the find command gives its whole history.",
        ),
    ),
    Setting(
        "log_keep_rows",
        T("日志保留(行)", "Keep log rows (rows)"),
        T("50000", "50000"),
        T(
            "“日志”页最多保留这么多行（最新的）；0 表示不限。",
            "The Log tab keeps at most this many (newest) rows; 0: no limit.",
        ),
    ),
    # The exception desk (shared/reconcile/desk.py): a 异常 row left 待处理 this long turns urgent.
    Setting(
        "exception_urgent_hours",
        T("异常紧急(小时)", "Exception urgent after (hours)"),
        T("24", "24"),
        T(
            "“异常”页的一行处于“待处理”超过这么多小时，标为紧急；0 表示不标。",
            "A row on the Exceptions tab still Pending this many hours after it was found turns "
            "urgent; 0: never.",
        ),
    ),
)

HELP_LINES: tuple[Bilingual, ...] = (
    T("单号中继 使用说明", "Waybill Relay: how to use this sheet"),
    T(
        "浅黄色表头的列由你填写（供应商、供应商单号、快递公司、快递单号）；深色表头的列由系统维护，修改时会提示。",
        "You fill the columns with a light yellow header "
        "(supplier, supplier order no., courier, tracking no.); "
        "the system maintains the dark ones and warns you if you edit one.",
    ),
    T(
        "一个订单多个包裹：在快递单号单元格里每行写一个单号（Alt+Enter 换行）。",
        "Several parcels on one order: one number per line in the cell (Alt+Enter for a new line).",
    ),
    T(
        "系统不会覆盖你已填写的内容；供应商数据不一致时，行会标为“不一致”，并在说明列给出供应商的值。",
        "The system never overwrites what you typed; if the supplier disagrees the row turns Mismatch "
        "and the Message column shows the supplier's value.",
    ),
    T(
        "只填单号、没选快递公司：系统按单号格式识别；几家快递都可能时，采用「供应商」页该供应商的默认快递"
        "（单号须符合它的格式），否则请自己选择。",
        "A number without a courier: the system tells the courier from the number's format; when several "
        "fit, it takes the supplier's default courier from the Suppliers tab (if the number fits it), "
        "otherwise choose one yourself.",
    ),
    T(
        "菜单“单号中继”：立即同步、校验所选行、推送所选行。",
        "Menu 单号中继 (Waybill Relay): sync now, validate selected rows, push selected rows.",
    ),
    T(
        "不要在表格中填写密钥或密码；导出为 CSV/Excel 后，以 = 开头的内容可能被当作公式。",
        "Never put keys or passwords in the sheet; text starting with = may become a formula when exported.",
    ),
)


def legend_rows(lang: Lang) -> tuple[tuple[str, str, Rgb], ...]:
    """(label, meaning, colour) for every state and variant, in legend order."""
    rows: list[tuple[str, str, Rgb]] = []
    for st in ROW_STATES:
        for label, colour, meaning in st.labels_and_colours():
            rows.append((label.pick(lang), meaning.pick(lang), colour))
    return tuple(rows)


def dropdown_values(kind: DropdownKind, lang: Lang) -> tuple[str, ...]:
    """The fixed list behind a dropdown (``suppliers`` is a range, not a list: empty here)."""
    if kind == "couriers":
        return tuple(c.pick(lang) for c in courier_names())
    if kind == "yes_no":
        return tuple(c.pick(lang) for c in YES_NO)
    if kind == "on_off":
        return tuple(c.pick(lang) for c in ON_OFF)
    if kind == "progress":
        return tuple(c.pick(lang) for c in PROGRESS)
    if kind == "causes":
        return tuple(c.pick(lang) for c in CAUSES)
    if kind == "supplier_channel":
        return tuple(c.pick(lang) for c in SUPPLIER_CHANNELS)
    return ()
