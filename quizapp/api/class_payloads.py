"""The JSON shapes of the class routes: the classes one manages, their attempts and results.

Field names are the CSV columns' (docs/class-exports.md), so a notebook reads either the
same way. Text is sent as typed: JSON is not run by spreadsheets, so nothing is prefixed.
"""

from __future__ import annotations

import math
from typing import Any

from quizapp.api.payloads import plain
from quizapp.models.classroom import Class
from quizapp.services.class_attempts import ATTEMPT_COLUMNS, AttemptRow, AttemptsPage
from quizapp.services.class_results import (
    SCORE_BIN_LABELS,
    ClassLearner,
    ItemResult,
    LearnerResult,
)
from quizapp.services.class_summary import AssignmentFigures
from quizapp.services.managed_classes import ManagedClass
from quizapp.timezones import iso_utc


def class_list(classes: list[ManagedClass]) -> dict[str, Any]:
    """The classes the caller manages, newest first."""
    return {
        "classes": [
            {
                "class_id": line.id,
                "name": line.name,
                "owner_id": line.owner_id,
                "owner_name": line.owner_name,
                "role": line.role,
                "learners": line.learners,
                "assignments": line.assignments,
                "created_at_utc": iso_utc(line.created_at),
                "results_url": f"/api/v1/classes/{line.id}/results",
                "attempts_url": f"/api/v1/classes/{line.id}/attempts",
            }
            for line in classes
        ]
    }


def pagination(page: int, per_page: int, total: int) -> dict[str, Any]:
    """Where a page is among ``total`` rows, as GET /api/v1/progress says it."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "next_page": page + 1 if page < pages else None,
    }


def class_head(klass: Class) -> dict[str, Any]:
    return {"class_id": klass.id, "name": klass.name}


def class_attempts(klass: Class, page: AttemptsPage) -> dict[str, Any]:
    """A page of the class's attempts, oldest first."""
    return {
        "class": class_head(klass),
        "attempts": [_attempt(row) for row in page.rows],
        "pagination": pagination(page.page, page.per_page, page.total),
    }


def _attempt(row: AttemptRow) -> dict[str, Any]:
    body = dict(zip(ATTEMPT_COLUMNS, row.values(), strict=True))
    body["answered_at_utc"] = iso_utc(row.answered_at_utc)
    body["score"] = plain(row.score)
    body["correct"] = bool(row.correct)
    return body


def class_results(
    klass: Class,
    learners: list[ClassLearner],
    figures: list[AssignmentFigures],
    emails: dict[int, str],
    *,
    page: int,
    per_page: int,
    total: int,
) -> dict[str, Any]:
    """The class's assignments with their item analysis, and a page of its learners, each
    with their figures over the class and on each assignment meant for them."""
    per_assignment: dict[int, list[dict[str, Any]]] = {}
    for figure in figures:
        for result in figure.results.learners:
            per_assignment.setdefault(result.user_id, []).append(
                _learner_on(figure.assignment.id, result)
            )
    return {
        "class": class_head(klass),
        "assignments": [_assignment(figure) for figure in figures],
        "learners": [
            _learner(learner, emails.get(learner.user_id, ""), per_assignment)
            for learner in learners
        ],
        "pagination": pagination(page, per_page, total),
    }


def _assignment(figure: AssignmentFigures) -> dict[str, Any]:
    assignment, results = figure.assignment, figure.results
    return {
        "assignment_id": assignment.id,
        "title": assignment.title,
        "attempts_policy": assignment.attempts_policy,
        "due_at_utc": iso_utc(assignment.due_at),
        "remedial_code": assignment.remedial_code,
        "learners": len(results.learners),
        "ranked": results.ranked,
        "group_size": results.group_size,
        "items": [_item(item) for item in results.items],
    }


def _item(item: ItemResult) -> dict[str, Any]:
    return {
        "item_id": item.item_id,
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "type_id": item.type_id,
        "attempts": item.attempts,
        "learners": item.learners,
        "first_try_correct": plain(item.first_try_correct),
        "discrimination": plain(item.discrimination),
        "distribution": [
            {"bin": label, "learners": count}
            for label, count in zip(SCORE_BIN_LABELS, item.distribution, strict=True)
        ],
        "misconceptions": [
            {
                "code": m.code,
                "label": m.label,
                "description": m.description,
                "attempts": m.attempts,
                "learners": m.learners,
                "example": m.example,
            }
            for m in item.misconceptions
        ],
    }


def _learner(
    learner: ClassLearner, email: str, per_assignment: dict[int, list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "learner_id": learner.user_id,
        "learner_name": learner.display_name,
        "learner_email": email,
        "assignments": learner.assignments,
        "items": learner.total,
        "items_attempted": learner.attempted,
        "completion": plain(learner.completion),
        "score": plain(learner.score),
        "last_activity_utc": iso_utc(learner.last_activity),
        "per_assignment": per_assignment.get(learner.user_id, []),
    }


def _learner_on(assignment_id: int, result: LearnerResult) -> dict[str, Any]:
    return {
        "assignment_id": assignment_id,
        "items": result.total,
        "items_attempted": result.attempted,
        "completion": plain(result.completion),
        "score": plain(result.score),
        "last_activity_utc": iso_utc(result.last_activity),
    }
