"""``make demo``: the whole product on one machine, with a seeded shop and realistic trouble.

NOT part of the pure core, and the one exception to the house rules on imports: this package starts
the emulators (``emulators.*``), serves the functions (``functions.local``) and drives the adapters,
as a person running the product locally would. Product code never imports it.

* ``stage``     emulators + functions-framework + environment, wired exactly as a deployment is
* ``operator``  what an operator does in the sheet, through the Sheets API (and the Apps Script call)
* ``scenario``  the seeded shop, suppliers and operator actions (fixed seeds: same run every time)
* ``summary``   rows per state, read back from the sheet, and the final JSON line
"""
