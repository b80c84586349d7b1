"""Structured request logs: one JSON line per request, on when ``QUIZAPP_REQUEST_LOG=1``.

    {"event": "request", "method": "POST", "path": "/practice/question/…", "status": 303,
     "duration_ms": 12.4}

The path is logged without its query string, which may hold a token or a secret. Lines go
to the ``quizapp.requests`` logger, which writes them to standard error (gunicorn and
systemd collect that) unless the operator configured handlers for it.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, g, request, request_started

LOGGER_NAME = "quizapp.requests"


def _start_timer(_sender: Flask, **_extra) -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    started = g.pop("request_started", None)
    if started is not None:
        line = {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logging.getLogger(LOGGER_NAME).info(json.dumps(line, separators=(", ", ": ")))
    return response


def _ensure_handler() -> None:
    """A plain ``%(message)s`` handler on stderr, once per process, unless one is set up."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False  # the JSON line alone, not again through the root logger


def init_app(app: Flask) -> None:
    """Time and log every request when the app's ``REQUEST_LOG`` setting is on."""
    if not app.config.get("REQUEST_LOG"):
        return
    _ensure_handler()
    # On the request_started signal, not as a before_request function: those run after
    # CSRFProtect's, so a request it refused (or one over the size limit) had no timer
    # and no line.
    request_started.connect(_start_timer, app)
    app.after_request(_log_request)
