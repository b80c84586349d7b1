"""Refuse request text that a database cannot store, before any view sees it.

PostgreSQL text cannot hold U+0000 (psycopg raises ``DataError``: a server error), and no
one types it, so a NUL character in the address, a query parameter or a form field is
refused with a 400 that says where it was. SQLite would store it; refusing it there too
keeps the two databases alike. (Unpaired surrogates cannot arrive this way: Werkzeug decodes
forms and URLs as UTF-8 with replacement. The JSON API checks its own bodies, see
``quizapp.api.bodies``, and answers its own errors.)
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask, abort, request

from quizapp.storable import unstorable


def _request_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for each piece of text the request carries to the views."""
    yield "the address", request.path
    for name, value in request.args.items(multi=True):
        yield f"the query parameter “{name[:40]}”", name + value
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        for name, value in request.form.items(multi=True):
            yield f"the form field “{name[:40]}”", name + value


def refuse_unstorable_text() -> None:
    """A 400 naming the place of the first text that cannot be stored."""
    if request.path.startswith("/api/"):
        return  # the API reads its own bodies and parameters (quizapp.api.bodies)
    for where, text in _request_texts():
        problem = unstorable(text)
        if problem:
            abort(400, f"{where.capitalize()} contained {problem}. Remove it and try again.")


def init_app(app: Flask) -> None:
    """Check every request (after CSRF protection and the upload limits, which run first)."""
    app.before_request(refuse_unstorable_text)
