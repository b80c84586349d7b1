"""A learner's own data: everything we hold about them as JSON, and deleting all of it."""

from __future__ import annotations

import json
from collections.abc import Iterator
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


#: Rows fetched from the database at a time while an export streams.
EXPORT_BATCH = 500
#: Characters gathered before a piece is handed to the server (one write per piece).
EXPORT_PIECE = 64 * 1024


def export_data(user: User, now: datetime) -> dict[str, Any]:
    """Everything stored about ``user``: profile (no password hash), attempts, cards, rounds."""
    return json.loads("".join(export_chunks(user, now)))


def export_chunks(user: User, now: datetime) -> Iterator[str]:
    """``export_data`` as JSON text in pieces of about EXPORT_PIECE characters."""
    pieces: list[str] = []
    size = 0
    for text in _export_texts(user, now):
        pieces.append(text)
        size += len(text)
        if size >= EXPORT_PIECE:
            yield "".join(pieces)
            pieces, size = [], 0
    yield "".join(pieces)


def _export_texts(user: User, now: datetime) -> Iterator[str]:
    """``export_data`` as JSON text, a piece at a time: the rows are read in batches of
    EXPORT_BATCH and written as they come, so a long history is never held in memory
    (neither as rows nor as one big string). One row per line in each list."""
    head = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(now),
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "timezone": user.timezone,
            "created_at": _iso(user.created_at),
        },
    }
    yield _dumps(head)[:-1]  # the object stays open for the lists below
    # Each query runs when its list is written, and is read to its end before the next
    # starts, so one cursor is open at a time (PostgreSQL streams each from the server).
    sections = (
        ("attempts", _attempts, _attempt_json),
        ("retries", _retries, _retry_json),
        ("served_questions", _served, _served_json),
        ("review_cards", _cards, _card_json),
        ("problem_reports", _reports, _report_json),
        ("interview_rounds", _rounds, lambda pair: _round_json(*pair)),
    )
    for name, rows_of, as_json in sections:
        yield f',\n"{name}": ['
        separator = "\n"
        for row in rows_of(user.id):
            yield separator + _dumps(as_json(row))
            separator = ",\n"
        yield "\n]"
    yield "}\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _streamed(query) -> Iterator[Any]:
    """The rows of ``query``, fetched EXPORT_BATCH at a time (plain rows, not ORM objects:
    an export only reads them, and building objects was half its cost)."""
    return iter(db.session.execute(query.execution_options(yield_per=EXPORT_BATCH)))


def _attempts(user_id: int) -> Iterator[Any]:
    return _streamed(
        select(*Attempt.__table__.c)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.created_at, Attempt.id)
    )


def _retries(user_id: int) -> Iterator[Any]:
    return _streamed(
        select(*Retry.__table__.c)
        .join(Attempt, Attempt.id == Retry.attempt_id)
        .where(Attempt.user_id == user_id)
        .order_by(Retry.attempt_id, Retry.try_number)
    )


def _served(user_id: int) -> Iterator[Any]:
    return _streamed(
        select(*ServedQuestion.__table__.c)
        .where(ServedQuestion.user_id == user_id)
        .order_by(ServedQuestion.served_at, ServedQuestion.id)
    )


def _cards(user_id: int) -> Iterator[Any]:
    return _streamed(
        select(*ReviewCard.__table__.c)
        .where(ReviewCard.user_id == user_id)
        .order_by(ReviewCard.type_id)
    )


def _rounds(user_id: int) -> Iterator[tuple[InterviewRound, list[str]]]:
    """Each interview round with its served tokens in order (a few dozen rounds at most)."""
    rounds = list(
        db.session.execute(
            select(InterviewRound).filter_by(user_id=user_id).order_by(InterviewRound.id)
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
    return ((r, items[r.id]) for r in rounds)


def _reports(user_id: int) -> Iterator[Any]:
    return _streamed(
        select(*ProblemReport.__table__.c)
        .where(ProblemReport.reporter_id == user_id)
        .order_by(ProblemReport.id)
    )


def _report_json(r: Any) -> dict[str, Any]:
    return {
        "set_version_id": r.set_version_id,
        "item_id": r.item_id,
        "seed": r.seed,
        "text": r.text,
        "created_at": _iso(r.created_at),
        "resolved": r.resolved,
    }


def _attempt_json(a: Any) -> dict[str, Any]:
    return {
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
        "assignment_id": a.assignment_id,
        "created_at": _iso(a.created_at),
    }


def _retry_json(r: Any) -> dict[str, Any]:
    return {
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


def _served_json(s: Any) -> dict[str, Any]:
    return {
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


def _card_json(c: Any) -> dict[str, Any]:
    return {
        "type": c.type_id,
        "due_at": _iso(c.due_at),
        "updated_at": _iso(c.updated_at),
        "card": json.loads(c.card_json),
    }


def _round_json(r: InterviewRound, served_tokens: list[str]) -> dict[str, Any]:
    return {
        "id": r.id,
        "status": r.status,
        "plan": r.plan,
        "position": r.position,
        "started_at": _iso(r.started_at),
        "finished_at": _iso(r.finished_at),
        "served_tokens": served_tokens,
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
