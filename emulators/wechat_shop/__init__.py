"""A local, independent emulator of the WeChat Shop (微信小店) server API.

It speaks the platform's wire protocol over HTTP on loopback so that the product's client can be
proven without the real platform. It imports nothing from ``shared/``.
"""
