"""Command line: ``python -m shared.cli <command> [args]``.

Each command is a module ``shared.cli.<command with - replaced by _>`` exposing
``main(argv: list[str]) -> int``. Adding a command means adding one module and one line in COMMANDS.
"""

from __future__ import annotations

from shared.domain.text import Bilingual

# command -> its one-line summary, as ``--help`` lists them
COMMANDS: dict[str, Bilingual] = {
    "detect": Bilingual(
        "识别快递单号：每行一个输入，每行输出一个 JSON（含快递公司代码和中英文名称）",
        "read raw tracking-number inputs (one per line) on stdin, write one JSON object per line",
    ),
    "parse-inbox": Bilingual(
        "解析粘贴的发货信息（回传页）：每条记录输出一个 JSON；什么也没找到时在标准错误说明并返回 1",
        "parse pasted shipment text (the 回传 inbox) on stdin into JSON records, one per line",
    ),
    "track": Bilingual(
        "在快递100查询一个单号（环境变量 KUAIDI100_*）：状态、物流单元格、提醒",
        "query one tracking number at Kuaidi100 (env KUAIDI100_*): state, 物流 cell, alerts",
    ),
    "import-shipments": Bilingual(
        "读取供应商导出的发货单（CSV/XLSX）；加 --apply 用它同步一次",
        "read a supplier's exported shipment list (CSV/XLSX); --apply runs a tick with it",
    ),
    "rebuild-log": Bilingual(
        "用日志存储重建「日志」标签页（表格被清空也能恢复）",
        "rewrite the 日志 tab from the journal (it survives the sheet being cleared)",
    ),
    "find": Bilingual(
        "按订单号或快递单号查找订单：在「订单」页哪一行或哪个归档页，以及它的日志记录",
        "find an order by order id or tracking number: live row or archive tab, and its journal history",
    ),
    "init-sheet": Bilingual(
        "创建或更新表格工作区（标签页、表头、下拉、颜色、保护）",
        "create or update the workspace sheet (tabs, headers, dropdowns, colours, protection)",
    ),
    "doctor": Bilingual(
        "检查设置并连接每个已配置的系统，列出哪些正常、哪些要修复",
        "check the settings and reach each configured system; a table of what works and what to fix",
    ),
}
