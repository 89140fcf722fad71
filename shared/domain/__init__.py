"""The product's own vocabulary (pure): shop orders, sheet rows, row states, settings.

Adapters translate their wire types into these; the pure core (reconcile, rules) speaks only these.
"""
