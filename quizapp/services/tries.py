"""Try again: later tries at a question answered wrong, kept apart from the first try.

Only the first try (the ``Attempt``) is scored for mastery and review. While the latest
try at a question instance is wrong, the learner may try the same instance again: each
later try is served behind its own one-time token (so it is graded once, like any
other) and its outcome is stored on a ``Retry`` row, never as another attempt.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from quizapp.engine.grading import Grade, grade
from quizapp.engine.questions import Question
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.retry import RETRY_ORIGIN, Retry
from quizapp.services.assignment_policy import ONCE_REFUSAL, AttemptRefused, allows_one_attempt
from quizapp.services.practice import (
    AlreadyAnswered,
    claim_served,
    clamp_score,
    find_served,
    question_for,
    record_attempt,
)


class NothingToRetry(Exception):
    """The question is not answered yet, or its latest try is right: nothing to try again."""


@dataclass(frozen=True)
class TryState:
    """Where one question instance stands across its tries, as seen from one try's page."""

    attempt: Attempt  # the first try: the one that counts
    this_try: Attempt | Retry  # the try the page shows
    try_number: int  # of this_try (1 for the first)
    later: list[Retry]  # tries 2, 3 … in order, answered or not
    right_on_try: int | None  # the first try number that was right, if any
    open_token: str | None  # the served token of a later try not answered yet
    previous_answer: str | None  # what the try before this one answered

    @property
    def answered(self) -> bool:
        """Whether the try the page shows has its graded answer (a first try always has)."""
        return not isinstance(self.this_try, Retry) or self.this_try.answered

    @property
    def latest_number(self) -> int:
        """The number of the newest try, answered or not."""
        return self.later[-1].try_number if self.later else 1

    @property
    def can_try_again(self) -> bool:
        """Whether "Try again" is offered: nothing right yet and no later try is open."""
        return self.right_on_try is None and self.open_token is None


def is_retry(served: ServedQuestion) -> bool:
    """Whether ``served`` is a later try (answered with :func:`submit_retry`)."""
    return served.origin == RETRY_ORIGIN


def find_retry(token: str) -> Retry | None:
    """The later try behind a served token, if it is one."""
    if not token or len(token) > 64:
        return None
    return db.session.execute(db.select(Retry).filter_by(served_token=token)).scalar_one_or_none()


def later_tries(attempt_id: int) -> list[Retry]:
    """The later tries at an attempt's question, in order (one query)."""
    return list(
        db.session.execute(
            db.select(Retry).filter_by(attempt_id=attempt_id).order_by(Retry.try_number)
        ).scalars()
    )


def try_state(token: str, *, later_try: bool | None = None) -> TryState | None:
    """The tries at the question behind ``token`` (a first or later try); None if unanswered.

    One query when the caller knows whether the token is a later try (``later_try``, from
    :func:`is_retry` of its served row): the first try and all later ones come together.
    """
    if later_try is None:
        return _state_of_later(token) or _state_of_first(token)
    return _state_of_later(token) if later_try else _state_of_first(token)


#: Built once (like the other per-page statements): a first try with its later tries …
_FIRST_TRY = (
    db.select(Attempt, Retry)
    .outerjoin(Retry, Retry.attempt_id == Attempt.id)
    .where(Attempt.served_token == db.bindparam("token"))
    .order_by(Retry.try_number)
)
_THIS_TRY = aliased(Retry)
#: … and the first try and all later ones, from one later try's token.
_LATER_TRY = (
    db.select(Attempt, Retry)
    .join(_THIS_TRY, _THIS_TRY.attempt_id == Attempt.id)
    .join(Retry, Retry.attempt_id == Attempt.id)
    .where(_THIS_TRY.served_token == db.bindparam("token"))
    .order_by(Retry.try_number)
)


def _state_of_first(token: str) -> TryState | None:
    rows = db.session.execute(_FIRST_TRY, {"token": token}).all()
    if not rows:
        return None
    later = [retry for _attempt, retry in rows if retry is not None]
    return _state(rows[0][0], later, None)


def _state_of_later(token: str) -> TryState | None:
    rows = db.session.execute(_LATER_TRY, {"token": token}).all()
    if not rows:
        return None
    later = [retry for _attempt, retry in rows]
    return _state(rows[0][0], later, next(r for r in later if r.served_token == token))


def _state(attempt: Attempt, later: list[Retry], retry: Retry | None) -> TryState:
    this_try: Attempt | Retry = retry if retry is not None else attempt
    number = retry.try_number if retry is not None else 1
    right = 1 if attempt.correct else next((r.try_number for r in later if r.correct), None)
    before = [attempt, *later][number - 2] if number > 1 else None
    return TryState(
        attempt=attempt,
        this_try=this_try,
        try_number=number,
        later=later,
        right_on_try=right,
        open_token=next((r.served_token for r in later if not r.answered), None),
        previous_answer=before.raw_answer if before is not None else None,
    )


def first_served(served: ServedQuestion) -> ServedQuestion:
    """The served question of the first try (``served`` itself unless it is a later try)."""
    if not is_retry(served):
        return served
    first = db.session.execute(_FIRST_SERVED, {"token": served.token}).scalar_one_or_none()
    return first or served


#: The first try's served row, from a later try's token (one query, not three).
_FIRST_SERVED = (
    db.select(ServedQuestion)
    .join(Attempt, Attempt.served_token == ServedQuestion.token)
    .join(Retry, Retry.attempt_id == Attempt.id)
    .where(Retry.served_token == db.bindparam("token"))
)


def start_retry(token: str, now: datetime) -> ServedQuestion:
    """Serve the next try at the question behind ``token``; an open one is served again.

    Raises ``NothingToRetry`` when the question is unanswered or already answered right,
    and ``AttemptRefused`` for an item of an assignment that allows one attempt.
    The unique (attempt, try number) constraint makes a double click serve one try only.
    """
    for _race in range(2):
        state = try_state(token)
        if state is None or state.right_on_try is not None:
            raise NothingToRetry(token)
        if allows_one_attempt(state.attempt.assignment_id):
            raise AttemptRefused(ONCE_REFUSAL)
        if state.open_token is not None:
            return find_served(state.open_token)
        attempt = state.attempt
        latest_token = state.later[-1].served_token if state.later else attempt.served_token
        latest = find_served(latest_token)
        served = ServedQuestion(
            token=secrets.token_urlsafe(24),
            type_id=attempt.type_id,
            seed=attempt.seed,
            difficulty=attempt.difficulty,
            params=attempt.params,
            params_fixed=attempt.params_fixed,
            origin=RETRY_ORIGIN,
            set_version_id=attempt.set_version_id,
            item_id=attempt.item_id,
            assignment_id=attempt.assignment_id,
            user_id=attempt.user_id,
            guest_key=attempt.guest_key,
            # Hints already seen stay shown; their penalty applies to the later try too.
            hints_revealed=latest.hints_revealed if latest is not None else 0,
            served_at=now,
        )
        db.session.add(served)
        db.session.flush()  # the retry's foreign key needs the served row first
        db.session.add(
            Retry(
                attempt_id=attempt.id,
                try_number=state.latest_number + 1,
                served_token=served.token,
                created_at=now,
                hints_used=0,
            )
        )
        try:
            db.session.commit()
            return served
        except IntegrityError:
            db.session.rollback()  # another request served this try first: use theirs
    raise RuntimeError(f"could not serve another try at {token}")


def submit_retry(
    served: ServedQuestion, raw_text: str, question: Question | None = None
) -> tuple[Retry, Grade]:
    """Grade a later try once and store its outcome; it never becomes an attempt.

    ``question`` is ``question_for(served)`` when the caller has it already.

    Raises ``ParseError`` (nothing stored) for unreadable text and ``AlreadyAnswered``
    when this try was answered before.
    """
    retry = find_retry(served.token)
    if retry is None:
        raise LookupError(f"{served.token} is not a later try")
    if served.answered_at is not None:
        raise AlreadyAnswered(served.token)
    question = question if question is not None else question_for(served)
    result = grade(question, raw_text, hints_used=served.hints_revealed)
    now = claim_served(served)  # the same guarded UPDATE as for first tries
    retry.answered_at = now
    retry.raw_answer = raw_text
    retry.correct = bool(result.correct)
    retry.score = clamp_score(result.score)
    retry.diagnosis = result.diagnosis
    retry.hints_used = served.hints_revealed
    retry.time_taken_ms = max(0, int((now - served.served_at).total_seconds() * 1000))
    db.session.commit()
    return retry, result


def record_answer(served: ServedQuestion, raw_text: str, question: Question | None = None) -> None:
    """Grade and record an answer to a practice question: a first try or a later one.

    ``question`` is ``question_for(served)`` when the caller has it already.
    """
    if is_retry(served):
        submit_retry(served, raw_text, question)
    else:
        record_attempt(served, raw_text, question)
