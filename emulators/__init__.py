"""Local stand-ins for outside systems, speaking their real wire protocols on loopback.

Emulators import nothing from ``shared``: they are an independent implementation of the outside world,
so one bug cannot hide on both sides of the wire.
"""
