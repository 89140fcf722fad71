"""Waybill Relay shared library.

The pure core (``couriers``, and later ``domain``, ``rules``, ``reconcile``) does no I/O and reads no
clock. Adapters for outside systems (``wechat``, ``sheets``, ``suppliers``, ``tracking``, ``journal``)
each live in their own package and never import each other.
"""
