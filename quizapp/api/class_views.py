"""API routes of classes for their instructors: the classes one manages, a class's attempts
and results. Only a user who manages the class (owner, co-instructor, admin) sees it; for
anyone else it does not exist (404), as on the instructor pages."""

from __future__ import annotations

from flask import jsonify, request

from quizapp.api import bp, class_payloads
from quizapp.api.bearer import require_api_user
from quizapp.api.bodies import query_int
from quizapp.api.errors import ApiError
from quizapp.api.openapi import MAX_ID
from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class
from quizapp.services import class_results as results_service
from quizapp.services.class_attempts import attempts_page
from quizapp.services.class_summary import assignment_figures, learner_emails
from quizapp.services.classes import manages
from quizapp.services.managed_classes import managed_classes
from quizapp.services.progress_report import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE

#: ``<int:…>`` stops at MAX_ID (a bigger id matches no route); these routes take any 64-bit
#: id and answer one they cannot hold with their own 404, which names ``class_id``.
CLASS_ID = f"<int(max={2**63 - 1}):class_id>"


@bp.get("/classes")
def classes():
    """The classes the token's user manages (none for a learner), newest first."""
    user = require_api_user()
    return jsonify(class_payloads.class_list(managed_classes(user)))


@bp.get(f"/classes/{CLASS_ID}/attempts")
def class_attempts(class_id: int):
    """A page of every attempt made through the class's assignments, oldest first
    (``?assignment_id=`` for one assignment's)."""
    user = require_api_user()
    klass = _managed_class(user, class_id)
    page = query_int("page", 1, MAX_PAGE)
    per_page = query_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    assignment = _assignment_filter(klass)
    rows = attempts_page(klass, page=page, per_page=per_page, assignment=assignment)
    return jsonify(class_payloads.class_attempts(klass, rows))


@bp.get(f"/classes/{CLASS_ID}/results")
def class_results(class_id: int):
    """The class's assignments with their item analysis, and a page of its learners with
    their completion and score over the class and on each assignment."""
    user = require_api_user()
    klass = _managed_class(user, class_id)
    page = query_int("page", 1, MAX_PAGE)
    per_page = query_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    learners = list(results_service.class_results(klass).learners)
    shown = learners[(page - 1) * per_page : page * per_page]
    return jsonify(
        class_payloads.class_results(
            klass,
            shown,
            assignment_figures(klass),
            learner_emails(klass),
            page=page,
            per_page=per_page,
            total=len(learners),
        )
    )


def _managed_class(user: User, class_id: int) -> Class:
    """The class, if ``user`` manages it; otherwise a 404 that reveals nothing."""
    # An id past the column's range cannot be a class (and PostgreSQL refuses to compare it).
    klass = db.session.get(Class, class_id) if class_id <= MAX_ID else None
    if klass is None or not manages(user, klass):
        raise ApiError(
            404,
            f"There is no class {class_id} that you manage; GET /api/v1/classes lists yours.",
            "class_id",
        )
    return klass


def _assignment_filter(klass: Class) -> Assignment | None:
    """The assignment ``?assignment_id=`` names, which must be one of ``klass``'s."""
    if request.args.get("assignment_id") is None:
        return None
    assignment_id = query_int("assignment_id", 0, MAX_ID)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.class_id != klass.id:
        raise ApiError(404, f"Class {klass.id} has no assignment {assignment_id}.", "assignment_id")
    return assignment
