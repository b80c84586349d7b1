"""Security headers on every response.

The Content-Security-Policy allows scripts and styles from our own static files
only: no inline ``<script>``, no ``on…=`` handlers, no ``style=`` attributes. What it
blocks is reported to ``/csp-report`` (``main/csp_reports.py``) with ``report-uri``. Not
``report-to`` as well: a browser that knows ``report-to`` then ignores ``report-uri`` and
sends its reports in batches up to a minute later (Chromium), and Firefox knows only
``report-uri``; the endpoint takes the Reporting API's format too, for when it is added.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "report-uri /csp-report",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """Set the headers unless a view chose its own (the names a view set are read once:
    ``Headers.setdefault`` per header cost a hundredth of a cheap page)."""
    chosen = {name.lower() for name, _value in response.headers}  # (name, value) pairs
    for name, value in HEADERS.items():
        if name.lower() not in chosen:
            response.headers.add(name, value)
    return response


def no_store(response: Response) -> Response:
    """Keep a page with personal data out of every cache (the browser's back/forward and
    disk caches, a shared proxy): an after-request hook for blueprints of such pages."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """Register the header hook on ``app``."""
    app.after_request(add_security_headers)
