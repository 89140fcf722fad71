"""Reconcile (pure): from what the sheet, the shop, the suppliers and the journal say, and the time,
to a plan of what to write, push and raise. All decisions live here; the sync function executes."""
