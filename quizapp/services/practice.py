"""Serving questions behind one-time tokens, and recording graded answers exactly once."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Update, bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value

from quizapp.engine.grading import Grade, grade
from quizapp.engine.questions import TOPICS, Question, generate, registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, utcnow
from quizapp.models.progress import InterviewRound
from quizapp.models.retry import RETRY_ORIGIN, Retry
from quizapp.services import question_cache
from quizapp.services.assignment_policy import refuse_second_attempt
from quizapp.services.prebuilt_writes import attach_as_committed, detached, insert_row
from quizapp.services.progress import (
    CARD_RETURNED,
    card_returned,
    record_review_of,
    replay_reviews,
)
from quizapp.services.set_items import stored_item_question

SEED_LIMIT = 2**32


@dataclass(frozen=True)
class Owner:
    """Who is practising: a signed-in user, or a guest known by a key in their session."""

    user_id: int | None = None
    guest_key: str | None = None


class AlreadyAnswered(Exception):
    """The served question already has its recorded attempt (double submit or refresh)."""


def draw_seed() -> int:
    """A fresh seed from the OS's secure generator, so learners cannot predict questions."""
    return secrets.randbelow(SEED_LIMIT)


def pick_type(topics: list[str] | tuple[str, ...]) -> str:
    """A random question type id among ``topics`` (all topics when none match)."""
    types = registry()
    ids = [type_id for type_id, qtype in types.items() if qtype.topic in topics] or list(types)
    if not ids:
        raise LookupError("no question types are registered")
    return secrets.choice(ids)


def is_known_type(type_id: str) -> bool:
    """Whether a question type with this id is registered (a link may name one that is not)."""
    return type_id in registry()


def available_topics() -> dict[str, str]:
    """Topic id → title, for topics that have at least one question type."""
    used = {qtype.topic for qtype in registry().values()}
    return {topic: title for topic, title in TOPICS.items() if topic in used}


def topics_with_counts() -> list[tuple[str, str, int]]:
    """(topic id, title, number of question types) for topics that have any, in TOPICS order."""
    counts: dict[str, int] = {}
    for qtype in registry().values():
        counts[qtype.topic] = counts.get(qtype.topic, 0) + 1
    return [(topic, title, counts[topic]) for topic, title in TOPICS.items() if topic in counts]


def serve_question(
    type_id: str,
    *,
    difficulty: int | str,
    owner: Owner,
    params: dict[str, Any] | None = None,
    seed: int | str | None = None,
    origin: str = "drawn",
    commit: bool = True,
) -> ServedQuestion:
    """Generate a question (so bad input fails here, with the engine's message) and store it.

    With ``commit=False`` the row is written in the session's transaction, for a caller
    that commits it together with a row that refers to it; the object returned is
    detached until then (its values read, nothing of it left after a rollback), and the
    caller puts it in the session after its commit with ``attach_as_committed``.
    Raises ``ValueError`` (incl. ``ParamsError``) naming what is wrong with the
    type, seed, difficulty or params.
    """
    values = _store_served(type_id, difficulty, owner, params, seed, origin)
    served = detached(ServedQuestion(**values))
    if commit:
        db.session.commit()
        attach_as_committed(served)
    return served


def serve_token(
    type_id: str,
    *,
    difficulty: int | str,
    owner: Owner,
    params: dict[str, Any] | None = None,
    seed: int | str | None = None,
    origin: str = "drawn",
) -> str:
    """Serve a question as ``serve_question(..., commit=False)`` does, for a caller that only
    redirects to it: its token, and no object made for the row. The caller commits."""
    return _store_served(type_id, difficulty, owner, params, seed, origin)["token"]


def _store_served(
    type_id: str,
    difficulty: int | str,
    owner: Owner,
    params: dict[str, Any] | None,
    seed: int | str | None,
    origin: str,
) -> dict[str, Any]:
    """Generate the question and write its served row in the session's transaction; the
    row's values, its id included."""
    chosen_seed = draw_seed() if seed is None else seed
    question = generate(type_id, chosen_seed, difficulty=difficulty, params=params)
    # question_for(served) later in this request regenerates from the stored values: share it.
    _remember(question, question.params if params is not None else None)
    values = dict(
        token=secrets.token_urlsafe(24),
        type_id=question.type_id,
        seed=question.seed,
        difficulty=question.difficulty,
        params=question.params,
        params_fixed=params is not None,
        origin=origin,
        user_id=owner.user_id,
        guest_key=None if owner.user_id else owner.guest_key,
        hints_revealed=0,
        served_at=utcnow(),
        # Every column, as the unit of work's INSERT has them: the object reads them all.
        answered_at=None,
        draft_answer=None,
        set_version_id=None,
        item_id=None,
        assignment_id=None,
    )
    values["id"] = insert_row(_INSERT_SERVED, values)
    return values


#: Built once and run on the session's connection: the unit of work's INSERT of the served
#: row (and the flush around it) cost an eighth of serving a question.
_INSERT_SERVED = insert(ServedQuestion.__table__)


def question_for(row: ServedQuestion | Attempt) -> Question:
    """Regenerate exactly the question a served row or an attempt refers to.

    An item of a set comes from the version it was served from, whatever was published
    since, so an old attempt reopens as it was. Other questions come from this process's
    cache of lately generated ones when there (``question_cache``): the question page, the
    answer, grading and the feedback page each need the same one.
    """
    if row.set_version_id is not None:
        return stored_item_question(row.set_version_id, row.item_id, row.seed)
    params = row.params if row.params_fixed else None
    return question_cache.cached(
        question_cache.key_of(row.type_id, row.seed, row.difficulty, params),
        lambda: generate(row.type_id, row.seed, difficulty=row.difficulty, params=params),
    )


def _remember(question: Question, params: Any) -> None:
    """Keep a just-served question under its stored values, for the pages that follow."""
    question_cache.remember(
        question_cache.key_of(question.type_id, question.seed, question.difficulty, params),
        question,
    )


#: Built once: every question, answer and feedback request looks its token up, and
#: building the statement each time cost a third as much as running it.
_SERVED_BY_TOKEN = db.select(ServedQuestion).where(ServedQuestion.token == db.bindparam("token"))


#: The longest token looked up (``serve_token`` makes them 32 characters long).
_TOKEN_LIMIT = 64


def could_be_token(token: str) -> bool:
    """Whether ``token`` is worth looking up: a longer one (or none) names no question."""
    return bool(token) and len(token) <= _TOKEN_LIMIT


def find_served(token: str) -> ServedQuestion | None:
    """The served question with this token, if any."""
    if not could_be_token(token):
        return None
    return db.session.execute(_SERVED_BY_TOKEN, {"token": token}).scalar_one_or_none()


def find_attempt(token: str) -> Attempt | None:
    """The attempt recorded for a served token, if any."""
    return db.session.execute(db.select(Attempt).filter_by(served_token=token)).scalar_one_or_none()


def owns(served: ServedQuestion, owner: Owner) -> bool:
    """Whether ``owner`` may see and answer ``served``."""
    if served.user_id is not None:
        return served.user_id == owner.user_id
    return served.guest_key is not None and served.guest_key == owner.guest_key


def reveal_hint(
    served: ServedQuestion, question: Question, upto: int, *, commit: bool = True
) -> None:
    """Reveal hints up to number ``upto`` (idempotent, so a refresh reveals nothing more).

    With ``commit=False`` the change waits for the caller's commit (the API records the
    hints used together with the answer).
    """
    if served.answered_at is not None:
        raise AlreadyAnswered(served.token)
    wanted = max(served.hints_revealed, min(max(upto, 0), len(question.hints)))
    if wanted != served.hints_revealed:
        served.hints_revealed = wanted
        if commit:
            db.session.commit()


def save_draft(served: ServedQuestion, raw_text: str) -> None:
    """Keep what the learner typed so far, so a redirect to the question page shows it again."""
    if served.answered_at is not None:
        raise AlreadyAnswered(served.token)
    draft = raw_text or None
    if draft != served.draft_answer:
        served.draft_answer = draft
        db.session.commit()


#: Built once, run on the session's connection: the ORM's UPDATE would rebuild it, look up
#: its cache key and search the session for rows to update on every answer. It returns the
#: row's id, so a claim that changed no row returns none (on every database, as a rowcount
#: after RETURNING need not be).
_CLAIM = (
    update(ServedQuestion.__table__)
    .where(
        ServedQuestion.__table__.c.id == bindparam("served_id"),
        ServedQuestion.__table__.c.answered_at.is_(None),
    )
    .values(answered_at=bindparam("now"), draft_answer=None)
    .returning(ServedQuestion.__table__.c.id)
)
#: The claim of a first try, returning the learner's review card for the type as well: on
#: PostgreSQL each statement is a round trip, and the card's own SELECT was one of the
#: answer's four. The card is read in the write transaction the claim begins (on SQLite
#: under its write lock, so two answers of one learner follow each other); on PostgreSQL
#: another answer may still move it before this one writes, and the card's guarded UPDATE
#: then reads it again (``progress._UPDATE_CARD``).
_CLAIM_READING_CARD = _CLAIM.returning(*CARD_RETURNED)


def claim_served(served: ServedQuestion) -> datetime:
    """Mark ``served`` answered now, or raise ``AlreadyAnswered`` if another request did.

    The guarded UPDATE is the lock: of two concurrent submits only one changes the row.
    Changes to ``served`` still pending (the API's hints) are flushed first, as an ORM
    UPDATE would, and the row in the session is told what the UPDATE stored.
    """
    return _claim(served, _CLAIM, {})[0]


def _claim(
    served: ServedQuestion, statement: Update, params: dict[str, Any]
) -> tuple[datetime, Row]:
    """Run a claim of ``served`` (``_CLAIM``, or one returning more) as ``claim_served``
    says; the time it stored and the row it returned."""
    now = utcnow()
    db.session.flush()
    claimed = (
        db.session.connection()
        .execute(statement, {"served_id": served.id, "now": now, **params})
        .first()
    )
    if claimed is None:
        db.session.rollback()
        raise AlreadyAnswered(served.token)
    set_committed_value(served, "answered_at", now)
    set_committed_value(served, "draft_answer", None)
    return now, claimed


def submit_answer(
    served: ServedQuestion, raw_text: str, question: Question | None = None
) -> tuple[Attempt, Grade]:
    """Grade ``raw_text`` and record the attempt, once per served token (``record_attempt``);
    the attempt comes back as a committed object is: persistent and expired."""
    attempt_id, result = record_attempt(served, raw_text, question)
    attempt = Attempt(id=attempt_id)
    attach_as_committed(attempt)
    return attempt, result


def record_attempt(
    served: ServedQuestion, raw_text: str, question: Question | None = None
) -> tuple[int, Grade]:
    """Grade ``raw_text`` and record the attempt, once per served token; its id and grade.

    For a caller that needs no ``Attempt`` object (the answer form redirects to the
    feedback page): putting one in the session cost more than grading the answer.
    Raises ``ParseError`` (nothing recorded) for unreadable text,
    ``AlreadyAnswered`` when the token was used before, and ``AttemptRefused`` for a
    second attempt at an item of a "once" assignment. ``question`` is
    ``question_for(served)`` when the caller has it already (an item of a set is rebuilt
    from its stored version each time, not cached).
    """
    if served.origin == RETRY_ORIGIN:
        # A later try must never become a second attempt (it would be scored twice).
        raise ValueError(f"{served.token} is a later try; answer it with tries.submit_retry")
    if served.answered_at is not None:
        raise AlreadyAnswered(served.token)
    refuse_second_attempt(served)
    question = question if question is not None else question_for(served)
    result = grade(question, raw_text, hints_used=served.hints_revealed)
    try:
        attempt_id = _record_claimed(served, raw_text, question, result)
    except BaseException:
        # The claim, the attempt and the card go out by Core statements, which leave the
        # session usable after a failure: undone here, or a later commit would store an
        # attempt without its card (or a claimed token without its attempt).
        db.session.rollback()
        raise
    return attempt_id, result


def _record_claimed(
    served: ServedQuestion, raw_text: str, question: Question, result: Grade
) -> int:
    """Claim the token, write the attempt and move the card, in one commit; the attempt's id.
    The caller rolls back whatever fails."""
    card_of = {"card_user_id": served.user_id, "card_type_id": served.type_id}
    now, claimed = _claim(served, _CLAIM_READING_CARD, card_of)
    # Again inside the write transaction the claim began: another answer to the same
    # item of a "once" assignment may have been recorded since the first check.
    refuse_second_attempt(served)
    elapsed = now - served.served_at
    values = dict(
        user_id=served.user_id,
        guest_key=served.guest_key,
        served_token=served.token,
        type_id=served.type_id,
        seed=served.seed,
        difficulty=served.difficulty,
        params=served.params,
        params_fixed=served.params_fixed,
        raw_answer=raw_text,
        parsed_value=_json_value(question, result),
        correct=bool(result.correct),
        score=clamp_score(result.score),
        diagnosis=result.diagnosis,
        hints_used=served.hints_revealed,
        time_taken_ms=max(0, int(elapsed.total_seconds() * 1000)),
        set_version_id=served.set_version_id,
        item_id=served.item_id,
        assignment_id=served.assignment_id,
        created_at=now,
    )
    attempt_id = insert_row(_INSERT_ATTEMPT, values)
    # The learner's spaced-review card (read by the claim) moves in the same commit: one
    # write transaction per answer, and never an attempt without its card update. A card
    # another answer of theirs moved since the claim read it is read again there.
    card = card_returned(claimed)
    record_review_of(values, card)
    db.session.commit()
    return attempt_id


#: Built once and run on the session's connection: the unit of work's INSERT of the attempt
#: cost a tenth of the answer POST.
_INSERT_ATTEMPT = insert(Attempt.__table__)


def grade_without_recording(served: ServedQuestion, raw_text: str, *, hints_used: int = 0) -> Grade:
    """Grade ``raw_text`` for a caller whose answers are not kept (anonymous API use).

    No attempt is stored, but the token is used up all the same, so a served
    question is graded once. Raises ``ParseError`` (token still open) for
    unreadable text and ``AlreadyAnswered`` when the token was used before.
    """
    if served.answered_at is not None:
        raise AlreadyAnswered(served.token)
    result = grade(question_for(served), raw_text, hints_used=hints_used)
    # The guarded UPDATE is the lock, as in submit_answer.
    claimed = db.session.execute(
        update(ServedQuestion)
        .where(ServedQuestion.id == served.id, ServedQuestion.answered_at.is_(None))
        .values(answered_at=utcnow(), hints_revealed=hints_used)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise AlreadyAnswered(served.token)
    db.session.commit()
    return result


def regrade(attempt: Attempt | Retry, question: Question) -> Grade:
    """The grade of a recorded attempt (or later try), recomputed for the feedback page.

    If the grader has since changed so the stored text no longer parses, the
    recorded outcome is shown without the wording rather than failing the page.
    """
    try:
        return grade(
            question,
            attempt.raw_answer,
            hints_used=attempt.hints_used,
            self_assessed=attempt.self_assessed or (),
        )
    except ValueError:  # ParseError is a ValueError
        return Grade(
            attempt.correct,
            attempt.score,
            attempt.diagnosis,
            "",
            question.answer,
            hints_used=attempt.hints_used,
        )


def self_assess(attempt: Attempt, question: Question, point_ids: list[str]) -> Grade:
    """Credit key points the learner says they made; updates the same attempt, never adds one."""
    known = {point.id for point in question.key_points}
    claimed = sorted({pid for pid in point_ids if pid in known})
    result = grade(
        question, attempt.raw_answer, hints_used=attempt.hints_used, self_assessed=claimed
    )
    attempt.self_assessed = claimed
    attempt.correct = bool(result.correct)
    attempt.score = clamp_score(result.score)
    attempt.diagnosis = result.diagnosis
    db.session.commit()
    return result


def adopt_guest_attempts(guest_key: str | None, user_id: int) -> int:
    """Give a guest's served questions and attempts to the account they just signed into.

    The adopted answers are then scheduled for review as if they had been given signed
    in: the cards of their question types are replayed from every answer, oldest first.
    """
    if not guest_key:
        return 0
    types = set(
        db.session.execute(
            db.select(Attempt.type_id).where(Attempt.guest_key == guest_key).distinct()
        ).scalars()
    )
    db.session.execute(
        update(ServedQuestion)
        .where(ServedQuestion.guest_key == guest_key)
        .values(user_id=user_id, guest_key=None)
    )
    adopted = db.session.execute(
        update(Attempt)
        .where(Attempt.guest_key == guest_key)
        .values(user_id=user_id, guest_key=None)
    )
    db.session.execute(  # interview rounds, so an unfinished one can be resumed
        update(InterviewRound)
        .where(InterviewRound.guest_key == guest_key)
        .values(user_id=user_id, guest_key=None)
    )
    db.session.commit()
    if types:
        replay_reviews(user_id, types)
    return adopted.rowcount


def clamp_score(score: float) -> float:
    """A grade's score as stored: within 0..1, and 0 for NaN."""
    value = float(score)
    return 0.0 if math.isnan(value) else min(1.0, max(0.0, value))


def _json_value(question: Question, result: Grade) -> Any:
    """What the answer was read as, in plain JSON (explanations are already in raw_answer)."""
    value = result.value
    if question.kind == "explain" or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return _finite(value)


def _finite(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None
