"""The phone digits a courier checks come from the shop, not from the sheet's masked cell (issue 14).

A platform virtual number (``170xxxx1111-8642``) shows on the sheet masked as ``170****1111``; ZTO
and SF (through Kuaidi100) check the 4 digits after ``-``. The tick asks the shop for them when a
query is about to go out, sends them to Kuaidi100, and writes them nowhere.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.world import world

NUMBER = "73100000000021"
VIRTUAL = {"tel_number": "17000001111", "virtual_order_tel_number": "17000001111-8642", "use_tel_number": 1}


def test_a_virtual_numbers_extension_reaches_kuaidi100_and_nothing_else(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        assert w.kuaidi100 is not None
        w.kuaidi100_control.add_parcel(NUMBER, "zhongtong", "normal", phone="8642", start=w.now())
        w.set_setting("auto_push", "开")
        order_id = w.create_order(address=VIRTUAL)
        w.tick()
        w.type_cell(order_id, "快递公司", "中通")
        w.type_cell(order_id, "快递单号", NUMBER)
        w.tick()
        w.advance(hours=12)
        w.tick()
        queries = w.kuaidi100_control.log("query")
        sent = [json.loads(e["param"]) for e in queries]
        assert sent and all(p["phone"] == "8642" for p in sent), sent
        assert all(e["returnCode"] != "408" for e in queries), queries  # the courier accepted them
        row = w.row_of(order_id)
        assert "170****1111" in row["收件人"] and "8642" not in json.dumps(w.values(), ensure_ascii=False)
        stored = [p for p in (tmp_path / "journal").rglob("*") if p.is_file()]
        assert stored  # the journal the world's tick writes to
        for path in stored:
            assert b"8642" not in path.read_bytes(), path
