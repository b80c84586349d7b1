"""Friendly error pages, and a CSRF failure that re-shows the form instead of a bare 400."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {
    400: "That request could not be used",
    403: "Not allowed",
    404: "Page not found",
    405: "That action is not available here",
    410: "No longer available",
    413: "That was too much text",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}

MESSAGES = {
    400: "The request was missing something or had a value we could not read.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address. It may have moved, or the link may be mistyped.",
    405: "This address does not accept that kind of request. Try the link from the page instead.",
    413: "The form sent more data than we accept. Shorten your answer and try again.",
    429: "There have been too many of these requests. Wait a little, then try again.",
    500: "The error has been logged. Please try again in a moment.",
}

CSRF_MESSAGE = (
    "Your form could not be checked (it may have been open for too long, or cookies are off). "
    "Please submit it again."
)

#: endpoint → function(message) that re-renders that form after a CSRF failure.
CSRF_RESHOW: dict[str, Callable[[str], object]] = {}

#: path prefix → function(error) answering HTTP errors there (the JSON API registers "/api/").
JSON_ERROR_PREFIXES: dict[str, Callable[[HTTPException], object]] = {}


def _json_renderer() -> Callable[[HTTPException], object] | None:
    """The error renderer for the requested path, if an area answers its errors itself."""
    for prefix, render in JSON_ERROR_PREFIXES.items():
        if request.path.startswith(prefix):
            return render
    return None


def render_error(code: int, message: str | None = None):
    """The error page for ``code`` with a message a learner can act on."""
    title = TITLES.get(code, "Something went wrong")
    text = message or MESSAGES.get(code, "Please go back and try again.")
    return render_template("errors/error.html", code=code, title=title, message=text), code


def handle_http_error(error: HTTPException):
    """Any HTTP error: our page; a description given to abort() is shown as the message."""
    if (render := _json_renderer()) is not None:
        return render(error)
    code = error.code or 500
    custom = error.description if error.description != type(error).description else None
    return render_error(code, custom)


def handle_server_error(error: InternalServerError):
    """An unexpected exception: a calm page, never a stack trace."""
    if (render := _json_renderer()) is not None:
        return render(error)
    return render_error(500)


def handle_csrf_error(error: CSRFError):
    """Re-show the form with a message: its own page if registered, else the same page."""
    reshow = CSRF_RESHOW.get(request.endpoint or "")
    if reshow is not None:
        try:
            return reshow(CSRF_MESSAGE)
        except HTTPException as problem:
            # The form's object is gone (e.g. a new browser session): an abort raised
            # inside an error handler would become a 500, so render that error here.
            return handle_http_error(problem)
    flash(CSRF_MESSAGE, "error")
    if _accepts_get(request.path):
        return redirect(request.full_path.rstrip("?"), code=303)
    referrer = request.referrer or ""
    if referrer and urlsplit(referrer).netloc == request.host:
        return redirect(referrer, code=303)
    return render_error(400, CSRF_MESSAGE)


def _accepts_get(path: str) -> bool:
    """Whether ``path`` also answers GET (then redirecting there re-shows the form)."""
    adapter = current_app.create_url_adapter(request)
    try:
        adapter.match(path, method="GET")
    except HTTPException:
        return False
    return True


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
