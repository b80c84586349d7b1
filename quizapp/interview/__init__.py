"""Interview mode: a timed, resumable round of ten mixed questions with a summary at the end."""

from flask import Blueprint

from quizapp.main.headers import no_store

bp = Blueprint("interview", __name__)
# Every page here shows one learner's (or guest's) rounds and answers.
bp.after_request(no_store)

from quizapp.interview import views  # noqa: E402,F401  (registers the routes on bp)
