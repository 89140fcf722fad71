"""An emulated supplier order system with a JSON API (paged, filterable, token or signed-query auth).

It stands for the kind of order system a dropshipping supplier runs, and misbehaves on demand
through the /_emulator/ control API. It imports nothing from ``shared``. See README.md.
"""
