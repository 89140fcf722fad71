"""Waybill Relay shared library: what is deployed, with main.py, functions/ and sheet_templates/.

The pure core (``couriers``, ``domain``, ``reconcile``, ``logistics``) does no I/O and reads no clock.
Adapters for outside systems (``wechat``, ``sheets``, ``suppliers``, ``tracking``, ``journal``,
``pubsub``) each live in their own package and never import each other; ``app`` composes them and
``cli`` is the command line. The layers are a contract (pyproject.toml, [tool.importlinter]) that
``make lint`` checks.
"""
