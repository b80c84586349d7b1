"""The learner's served question behind a request's token, and serving a new one."""

from __future__ import annotations

from flask import abort, current_app, redirect, url_for

from quizapp.auth.guests import current_owner
from quizapp.auth.session_user import keep_read_user, session_row_id
from quizapp.engine.questions import Question
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, utcnow
from quizapp.services import practice as service
from quizapp.services import progress

PRACTICE_KEY = "practice"  # session: {"topics": [...], "difficulty": 1..3}


def serve_and_show(type_id: str, difficulty: int | str, **options) -> object:
    """Serve a question of ``type_id`` to the current learner and redirect to it.

    Only the token is needed here: no object is made for the served row (``serve_token``).
    """
    token = service.serve_token(
        type_id, difficulty=difficulty, owner=current_owner(create=True), **options
    )
    db.session.commit()
    return redirect(url_for("practice.question", token=token), code=303)


def served_or_abort(token: str) -> ServedQuestion:
    """The served question behind ``token`` if it belongs to this learner; else a clear 404."""
    served = _find_with_signed_in_user(token)
    if served is None or not service.owns(served, current_owner()):
        abort(
            404,
            "This question is not open in this browser session. If you started it while signed "
            "in, sign in again; otherwise start a new question from Practise.",
        )
    return served


def _find_with_signed_in_user(token: str) -> ServedQuestion | None:
    """``find_served(token)``, reading the session's user in the same statement when it
    names one (``session_user``): the owner check and the nav need that user next."""
    row_id = session_row_id()
    if row_id is None or not service.could_be_token(token):
        return service.find_served(token)
    read = progress.user_due_count_and_served(row_id, token, utcnow())
    if read is None:  # no such user: the loader signs the visitor out
        return service.find_served(token)
    user, due_count, served = read
    keep_read_user(user, due_count)
    return served


def question_of(row: ServedQuestion | Attempt) -> Question:
    """Regenerate a stored question; a type removed since then is a clear 410, not a 500."""
    try:
        return service.question_for(row)
    except ValueError as problem:
        current_app.logger.warning("cannot regenerate %s: %s", row.type_id, problem)
        abort(410, f"This question ({row.type_id}) can no longer be shown: {problem}")
