"""The client's address and scheme behind reverse proxies, trusted only as far as configured.

``X-Forwarded-For`` is a header anyone can send. Only when ``QUIZAPP_TRUSTED_PROXIES``
says how many proxies of ours stand in front of the app does werkzeug's ``ProxyFix`` take
the client address from it (the right-most entries, the ones our proxies added); with
the default, 0, the header is ignored, so nobody escapes a per-address rate limit by
writing a new address into it.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ``ProxyFix`` for the configured number of proxies, if any."""
    proxies = app.config.get("QUIZAPP_TRUSTED_PROXIES", 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
