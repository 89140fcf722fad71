"""The functions served over HTTP (the ``deployed`` fixture of tests/functions)."""

from tests.functions.conftest import deployed

__all__ = ["deployed"]
