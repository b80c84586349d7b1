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
import re
import sys
import time
from functools import partial

from flask import Flask, Response, current_app, g, request, request_started

LOGGER_NAME = "quizapp.requests"
_SECRET_ROUTES = "quizapp_secret_routes"  # app.extensions: see _secret_routes
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
    """The request's path, its secrets masked (``masked_path``)."""
    return masked_path(request.path)


def masked_path(path: str) -> str:
    """``path`` with each segment that holds a secret (``SECRET_PATH_ARGS``) written as
    ``MASK``: wherever one of the app's routes would take one, whether or not the path
    matched it. A near miss (a trailing slash or segment, a doubled slash, a method the
    route does not take) holds a working secret as often as a hit does."""
    segments = path.split("/")
    present = [number for number, segment in enumerate(segments) if segment]
    routes = _secret_routes(current_app).get(segments[present[0]]) if present else None
    if not routes:
        return path
    masked: set[int] = set()
    for pattern, secret in routes:
        last = max(secret)
        if len(present) > last and all(
            part is None or part == segments[present[number]]
            for number, part in enumerate(pattern[: last + 1])
        ):
            masked.update(present[number] for number in secret)
    return "/".join(MASK if n in masked else segment for n, segment in enumerate(segments))


#: A route's segment that is a variable: ``<token>`` or ``<int:set_id>``.
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _secret_routes(app: Flask) -> dict[str, list[tuple[tuple[str | None, ...], frozenset[int]]]]:
    """The routes whose paths hold a secret, by their first segment: each as its segments
    (None for a variable one) and the positions of the secrets. Built once per app."""
    kept = app.extensions.get(_SECRET_ROUTES)
    if kept is not None:
        return kept
    kept = {}
    for rule in app.url_map.iter_rules():
        if not SECRET_PATH_ARGS & set(rule.arguments):
            continue
        parts = rule.rule.strip("/").split("/")
        pattern = tuple(None if "<" in part else part for part in parts)
        secret = frozenset(
            number
            for number, part in enumerate(parts)
            if (found := _VARIABLE.fullmatch(part)) and found.group(1) in SECRET_PATH_ARGS
        )
        if secret and pattern[0] is not None:
            kept.setdefault(pattern[0], []).append((pattern, secret))
    app.extensions[_SECRET_ROUTES] = kept
    return kept


def _log_exception(app: Flask, exc_info) -> None:
    """Flask's own line for an unhandled error ("Exception on <path> [<method>]"), with
    the path's secrets masked: it goes to the same error log."""
    app.logger.error(f"Exception on {logged_path()} [{request.method}]", exc_info=exc_info)


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
    """Mask secrets in the error log's lines; time and log every request when the app's
    ``REQUEST_LOG`` setting is on."""
    app.log_exception = partial(_log_exception, app)  # type: ignore[method-assign]
    if not app.config.get("REQUEST_LOG"):
        return
    _ensure_handler()
    # On the request_started signal, not as a before_request function: those run after
    # CSRFProtect's, so a request it refused (or one over the size limit) had no timer
    # and no line.
    request_started.connect(_start_timer, app)
    app.after_request(_log_request)
