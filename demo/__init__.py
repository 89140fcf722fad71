"""``make demo`` (``python -m demo``): the whole product on one machine, with a seeded shop and
realistic trouble.

Outside the library on purpose: this package starts the emulators (``emulators.*``), serves the
functions (``demo.local_functions``) and drives the adapters, as a person running the product locally
would. It sits on top of every layer (pyproject.toml, [tool.importlinter]); nothing deployed imports it,
and the functions' source zip leaves it out (infra/terraform/storage.tf).

* ``run``              the command: the timer, one line per tick, the headless JSON summary
* ``many``             ``DEMO_SHOPS=N``: several shops, each tick fanned out by dispatch through Pub/Sub
* ``shops``            the demo's shops: DEMO_SHOPS, their apps and secrets, WAYBILL_SHOPS for the functions
* ``stage``            emulators + functions-framework + environment, wired exactly as a deployment is
* ``local_functions``  every function served locally by functions-framework, Pub/Sub emulator beside
* ``operator``         what an operator does in the sheet, through the Sheets API (and the Apps Script call)
* ``scenario``         the seeded shop, suppliers and operator actions (fixed seeds: same run every time)
* ``parcels``          the logistics watch's scripted parcels at the Kuaidi100 emulator
* ``summary``          rows per state, read back from the sheet, and the final JSON line
* ``detector``         ``--detector``: the tracking-number core on its own, no servers
"""
