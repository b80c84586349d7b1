"""Interview mode: a timed, resumable round of ten mixed questions with a summary at the end."""

from flask import Blueprint

bp = Blueprint("interview", __name__)

from quizapp.interview import views  # noqa: E402,F401  (registers the routes on bp)
