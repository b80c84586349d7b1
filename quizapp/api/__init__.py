"""The JSON API under /api/v1/: question types, questions, answers and one's own progress.

It authenticates only by ``Authorization: Bearer <personal token>`` and never reads
the browser session, so it needs no CSRF protection; every error is JSON.
"""

from flask import Blueprint

bp = Blueprint("api", __name__)

from quizapp.api import class_views, errors, views  # noqa: E402,F401  (registers handlers and routes on bp)
