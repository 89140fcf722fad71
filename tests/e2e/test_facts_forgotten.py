"""The journal's per-order facts follow the sheet: kept while the row is there (or comes back), and
forgotten once the row has been gone longer than the listing could ever bring it back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from shared.app.facts import FactsDoc
from shared.app.tick import FACTS_KEEP
from tests.e2e.world import world


def test_facts_of_a_row_gone_for_good_are_forgotten(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        start = w.now()
        w.tick(start)
        w.type_cell(order_id, "快递单号", "SF6026131434978")
        assert [p.ok for p in w.tick(start).pushes] == [True]
        assert order_id in FactsDoc.load(w.journal).agreed

        w.shop_control.confirm(order_id)  # the buyer confirms receipt: the order is done
        later = start + timedelta(days=10)
        w.tick(later)  # the listing brings the completed order once, then moves on past it
        w.clear_tab("订单")  # the operator clears the tab (a done order is not restored)
        w.tick(later + timedelta(hours=1))
        facts = FactsDoc.load(w.journal)
        assert order_id in facts.agreed and order_id in facts.absent  # remembered, the clock runs
        assert w.records() == []

        w.tick(later + timedelta(hours=1) + FACTS_KEEP)
        facts = FactsDoc.load(w.journal)
        assert order_id not in facts.agreed and order_id not in facts.absent
        assert w.shop_calls("/channels/ec/order/delivery/send") == 1  # nothing pushed again meanwhile
