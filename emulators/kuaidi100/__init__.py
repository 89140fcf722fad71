"""Kuaidi100 emulator: ``python -m emulators.kuaidi100 --port N``, or ``Kuaidi100Emulator`` in-process."""

from emulators.kuaidi100.server import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator

__all__ = ["DEFAULT_CUSTOMER", "DEFAULT_KEY", "Kuaidi100Emulator"]
