"""Structured request logs: one JSON line per request, on when ``QUIZAPP_REQUEST_LOG=1``.

    {"event": "request", "method": "POST", "path": "/practice/question/…", "status": 303,
     "duration_ms": 12.4}

The path is logged without its query string, which may hold a token or a secret, and with
each secret it carries (``SECRET_PATH_ARGS``) written as "…": logs are read and kept by
more people than a class's join code or a set's share link is meant for. Lines go to the
``quizapp.requests`` logger, which writes them to standard error (gunicorn and
systemd collect that) unless the operator configured handlers for it.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, current_app, g, request, request_started
from werkzeug.exceptions import HTTPException, MethodNotAllowed

LOGGER_NAME = "quizapp.requests"
#: The routes' path arguments that are secrets: whoever has one may join a class
#: (``code``), open a shared set (``share_token``) or see a served question (``token``).
SECRET_PATH_ARGS = frozenset({"code", "share_token", "token"})
MASK = "…"


def _start_timer(_sender: Flask, **_extra) -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    started = g.pop("request_started", None)
    if started is not None:
        line = {
            "event": "request",
            "method": request.method,
            "path": logged_path(),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logging.getLogger(LOGGER_NAME).info(json.dumps(line, separators=(", ", ": ")))
    return response


def logged_path() -> str:
    """The request's path, each secret argument of its route replaced by ``MASK``. A path
    that matched no route is logged as it came: it holds nothing that opens anything."""
    path = request.path
    for name, value in _route_arguments().items():
        if name in SECRET_PATH_ARGS and isinstance(value, str) and value:
            path = path.replace(value, MASK)
    return path


def _route_arguments() -> dict:
    """The matched route's arguments; for a method the route does not take (a 405, which
    leaves them unset), those it has for a method it takes: the secret is in the path."""
    if request.view_args is not None:
        return request.view_args
    refused = request.routing_exception
    if not isinstance(refused, MethodNotAllowed) or not refused.valid_methods:
        return {}
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        return adapter.match(method=refused.valid_methods[0])[1]
    except HTTPException:  # pragma: no cover (the path matched a route a moment ago)
        return {}


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
