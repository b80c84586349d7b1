"""A learner's own data: everything we hold about them as JSON, and deleting all of it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.progress import InterviewItem, InterviewRound, ReviewCard
from quizapp.models.question_set import ProblemReport
from quizapp.models.retry import Retry

EXPORT_FORMAT = "quizapp-export"
EXPORT_VERSION = 1


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_data(user: User, now: datetime) -> dict[str, Any]:
    """Everything stored about ``user``: profile (no password hash), attempts, cards, rounds."""
    attempts = db.session.execute(
        select(Attempt).filter_by(user_id=user.id).order_by(Attempt.created_at, Attempt.id)
    ).scalars()
    served = db.session.execute(
        select(ServedQuestion)
        .filter_by(user_id=user.id)
        .order_by(ServedQuestion.served_at, ServedQuestion.id)
    ).scalars()
    cards = db.session.execute(
        select(ReviewCard).filter_by(user_id=user.id).order_by(ReviewCard.type_id)
    ).scalars()
    retries = db.session.execute(
        select(Retry)
        .join(Attempt, Attempt.id == Retry.attempt_id)
        .where(Attempt.user_id == user.id)
        .order_by(Retry.attempt_id, Retry.try_number)
    ).scalars()
    reports = db.session.execute(
        select(ProblemReport).filter_by(reporter_id=user.id).order_by(ProblemReport.id)
    ).scalars()
    rounds = list(
        db.session.execute(
            select(InterviewRound).filter_by(user_id=user.id).order_by(InterviewRound.id)
        ).scalars()
    )
    items: dict[int, list[str]] = {r.id: [] for r in rounds}
    if rounds:
        for item in db.session.execute(
            select(InterviewItem)
            .where(InterviewItem.round_id.in_(list(items)))
            .order_by(InterviewItem.round_id, InterviewItem.position)
        ).scalars():
            items[item.round_id].append(item.served_token)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(now),
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "created_at": _iso(user.created_at),
        },
        "attempts": [
            {
                "id": a.id,
                "served_token": a.served_token,
                "type": a.type_id,
                "seed": a.seed,
                "difficulty": a.difficulty,
                "params": a.params,
                "params_fixed": a.params_fixed,
                "answer": a.raw_answer,
                "parsed_value": a.parsed_value,
                "correct": a.correct,
                "score": a.score,
                "diagnosis": a.diagnosis,
                "hints_used": a.hints_used,
                "time_taken_ms": a.time_taken_ms,
                "self_assessed": a.self_assessed,
                "set_version_id": a.set_version_id,
                "item_id": a.item_id,
                "created_at": _iso(a.created_at),
            }
            for a in attempts
        ],
        "retries": [
            {
                "attempt_id": r.attempt_id,
                "try_number": r.try_number,
                "served_token": r.served_token,
                "answer": r.raw_answer,
                "correct": r.correct,
                "score": r.score,
                "diagnosis": r.diagnosis,
                "hints_used": r.hints_used,
                "time_taken_ms": r.time_taken_ms,
                "created_at": _iso(r.created_at),
                "answered_at": _iso(r.answered_at),
            }
            for r in retries
        ],
        "served_questions": [
            {
                "token": s.token,
                "type": s.type_id,
                "seed": s.seed,
                "difficulty": s.difficulty,
                "params": s.params,
                "params_fixed": s.params_fixed,
                "origin": s.origin,
                "hints_revealed": s.hints_revealed,
                "served_at": _iso(s.served_at),
                "answered_at": _iso(s.answered_at),
            }
            for s in served
        ],
        "review_cards": [
            {
                "type": c.type_id,
                "due_at": _iso(c.due_at),
                "updated_at": _iso(c.updated_at),
                "card": json.loads(c.card_json),
            }
            for c in cards
        ],
        "problem_reports": [
            {
                "set_version_id": r.set_version_id,
                "item_id": r.item_id,
                "seed": r.seed,
                "text": r.text,
                "created_at": _iso(r.created_at),
                "resolved": r.resolved,
            }
            for r in reports
        ],
        "interview_rounds": [
            {
                "id": r.id,
                "status": r.status,
                "plan": r.plan,
                "position": r.position,
                "started_at": _iso(r.started_at),
                "finished_at": _iso(r.finished_at),
                "served_tokens": items[r.id],
            }
            for r in rounds
        ],
    }


def delete_account(user: User) -> None:
    """Delete ``user`` and everything of theirs, in one transaction.

    The foreign keys cascade (and SQLite enforces them here, see config), but the rows
    are also deleted explicitly, children first, so nothing depends on the database
    having cascades switched on. Tables of other areas (API tokens) rely on their cascade.
    """
    user_id = user.id
    rounds = select(InterviewRound.id).where(InterviewRound.user_id == user_id)
    db.session.execute(delete(InterviewItem).where(InterviewItem.round_id.in_(rounds)))
    db.session.execute(delete(InterviewRound).where(InterviewRound.user_id == user_id))
    db.session.execute(delete(ReviewCard).where(ReviewCard.user_id == user_id))
    db.session.execute(delete(ProblemReport).where(ProblemReport.reporter_id == user_id))
    attempts = select(Attempt.id).where(Attempt.user_id == user_id)
    db.session.execute(delete(Retry).where(Retry.attempt_id.in_(attempts)))
    db.session.execute(delete(Attempt).where(Attempt.user_id == user_id))
    tokens = select(ServedQuestion.token).where(ServedQuestion.user_id == user_id)
    # Items of other rounds cannot point at this user's served questions, but be thorough.
    db.session.execute(delete(InterviewItem).where(InterviewItem.served_token.in_(tokens)))
    db.session.execute(delete(ServedQuestion).where(ServedQuestion.user_id == user_id))
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
