"""Interview mode: a timed round of mixed questions, stored step by step so it can be resumed.

A round's plan (type, seed, difficulty per question) is drawn on the server when it starts.
Each question is served as an ordinary ``ServedQuestion`` when it becomes current, so its
``served_at`` is when the learner first saw it, and the time taken is measured on the
server whether or not the browser runs JavaScript. Answers go through the practice
service, so they are graded, recorded and scheduled for review like any other.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from random import SystemRandom

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.progress import InterviewItem, InterviewRound
from quizapp.progress.stats import RoundSummary, round_summary
from quizapp.services import practice
from quizapp.services.practice import SEED_LIMIT, Owner
from quizapp.services.prebuilt_writes import attach_as_committed
from quizapp.services.progress import records_of, type_title

#: Questions in a round.
ROUND_SIZE = 10
#: Seconds the learner has for the "explain it in one minute" question.
EXPLAIN_SECONDS = 60
#: served_question.origin of interview questions.
ORIGIN = "interview"


class NotCurrentQuestion(Exception):
    """An answer was sent for a question that is not the round's current one."""


class RoundOver(Exception):
    """The round is finished or abandoned; nothing more can be answered."""


def plan_round(difficulty: int, rng: SystemRandom | None = None) -> list[dict[str, int | str]]:
    """Ten questions across topics: nine computed or chosen answers and one "explain" question.

    Types are drawn round-robin over the topics in random order, so a round covers every
    topic before any repeats; no type appears twice. The explain question is never first.
    """
    rng = rng or SystemRandom()
    by_topic: dict[str, list[str]] = defaultdict(list)
    explain: list[str] = []
    for type_id, qtype in registry().items():
        (explain if qtype.kind == "explain" else by_topic[qtype.topic]).append(type_id)
    if not explain or sum(len(ids) for ids in by_topic.values()) < ROUND_SIZE - 1:
        raise LookupError("the question bank is too small for an interview round")
    topics = list(by_topic)
    rng.shuffle(topics)
    pools = {topic: rng.sample(ids, len(ids)) for topic, ids in by_topic.items()}
    picks: list[str] = []
    while len(picks) < ROUND_SIZE - 1:
        for topic in topics:
            if pools[topic] and len(picks) < ROUND_SIZE - 1:
                picks.append(pools[topic].pop())
    rng.shuffle(picks)
    picks.insert(rng.randrange(1, ROUND_SIZE), rng.choice(explain))
    return [
        {"type": type_id, "seed": rng.randrange(SEED_LIMIT), "difficulty": difficulty}
        for type_id in picks
    ]


def _owned_by(owner: Owner):
    """The WHERE clause selecting rounds of ``owner`` (a user, or a guest's key)."""
    if owner.user_id is not None:
        return InterviewRound.user_id == owner.user_id
    if owner.guest_key:
        return InterviewRound.guest_key == owner.guest_key
    return InterviewRound.id.is_(None)  # nobody: matches no row


def owns(round_: InterviewRound, owner: Owner) -> bool:
    """Whether ``owner`` may see and answer ``round_``."""
    if round_.user_id is not None:
        return round_.user_id == owner.user_id
    return round_.guest_key is not None and round_.guest_key == owner.guest_key


def active_round(owner: Owner) -> InterviewRound | None:
    """The owner's unfinished round, if any (the latest, should there be several)."""
    return db.session.execute(
        db.select(InterviewRound)
        .where(_owned_by(owner), InterviewRound.status == "active")
        .order_by(InterviewRound.started_at.desc(), InterviewRound.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def past_rounds(owner: Owner, limit: int = 5) -> list[InterviewRound]:
    """The owner's latest finished or abandoned rounds, newest first."""
    return list(
        db.session.execute(
            db.select(InterviewRound)
            .where(_owned_by(owner), InterviewRound.status != "active")
            .order_by(InterviewRound.started_at.desc(), InterviewRound.id.desc())
            .limit(limit)
        ).scalars()
    )


def find_round(round_id: int, owner: Owner) -> InterviewRound | None:
    """The round with this id if it belongs to ``owner``."""
    round_ = db.session.get(InterviewRound, round_id)
    return round_ if round_ is not None and owns(round_, owner) else None


def start_round(owner: Owner, difficulty: int, now: datetime) -> InterviewRound:
    """Plan a new round and serve its first question."""
    round_ = InterviewRound(
        user_id=owner.user_id,
        guest_key=None if owner.user_id else owner.guest_key,
        plan=plan_round(difficulty),
        position=0,
        status="active",
        started_at=now,
    )
    db.session.add(round_)
    db.session.commit()
    _serve_position(round_, 0, owner)
    return round_


def _serve_position(round_: InterviewRound, position: int, owner: Owner) -> ServedQuestion:
    """Serve the planned question at ``position`` and link it to the round.

    Two requests at once (a double click, two tabs) may both find the position unserved;
    the (round, position) unique key lets one win, and the other uses the winner's
    question. The question and its link are committed together, so the loser leaves no
    served question behind.
    """
    step = round_.plan[position]
    round_id = round_.id
    served = practice.serve_question(
        step["type"],
        difficulty=step["difficulty"],
        seed=step["seed"],
        owner=owner,
        origin=ORIGIN,
        commit=False,
    )
    db.session.add(InterviewItem(round_id=round_id, position=position, served_token=served.token))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        found = _item_at(round_, position)
        if found is None:  # not the race above: some other constraint failed
            raise
        return found[1]
    attach_as_committed(served)
    return served


def round_id_of(served_token: str) -> int | None:
    """The id of the interview round that served this question, if one did."""
    return db.session.execute(
        db.select(InterviewItem.round_id).filter_by(served_token=served_token)
    ).scalar_one_or_none()


def _item_at(round_: InterviewRound, position: int) -> tuple[InterviewItem, ServedQuestion] | None:
    row = db.session.execute(
        db.select(InterviewItem, ServedQuestion)
        .join(ServedQuestion, ServedQuestion.token == InterviewItem.served_token)
        .where(InterviewItem.round_id == round_.id, InterviewItem.position == position)
    ).first()
    return (row[0], row[1]) if row is not None else None


def current_question(round_: InterviewRound, owner: Owner, now: datetime) -> ServedQuestion | None:
    """The round's current served question (served now if missing); None once it is over.

    Also catches up after an interruption: if the current question was answered but the
    round did not move on (a crash between the two commits), it moves on now.
    """
    while round_.status == "active":
        found = _item_at(round_, round_.position)
        if found is None:
            return _serve_position(round_, round_.position, owner)
        _item, served = found
        if served.answered_at is None:
            return served
        _advance(round_, now, from_position=round_.position)
    return None


def _advance(round_: InterviewRound, now: datetime, *, from_position: int) -> None:
    """Move the round on from ``from_position`` to the next question, once.

    The request that answered and another that catches up (``current_question``) may both
    try; a plain ``position += 1`` on a reloaded row then moved it on twice and skipped a
    question. The guarded UPDATE lets one of them move it; the commit reloads the winner's.
    """
    to_position = min(from_position + 1, round_.planned)
    finished = to_position >= round_.planned
    db.session.execute(
        update(InterviewRound)
        .where(
            InterviewRound.id == round_.id,
            InterviewRound.position == from_position,
            InterviewRound.status == "active",
        )
        .values(
            position=to_position,
            status="finished" if finished else "active",
            finished_at=now if finished else None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def answer_current(
    round_: InterviewRound, token: str, raw_text: str, owner: Owner, now: datetime
) -> Attempt:
    """Grade and record the answer to the current question, then serve the next one.

    Raises ``RoundOver``, ``NotCurrentQuestion`` (a stale page), ``ParseError`` (nothing
    recorded; the learner fixes the text) or ``practice.AlreadyAnswered``.
    """
    if round_.status != "active":
        raise RoundOver(round_.id)
    served = current_question(round_, owner, now)
    if served is None:
        raise RoundOver(round_.id)
    if served.token != token:
        raise NotCurrentQuestion(token)
    position = round_.position
    attempt, _grade = practice.submit_answer(served, raw_text)
    _advance(round_, now, from_position=position)
    if round_.status == "active":
        _serve_position(round_, round_.position, owner)
    return attempt


def abandon(round_: InterviewRound, now: datetime) -> None:
    """Stop a round early; what was answered stays recorded and is summarised."""
    if round_.status == "active":
        round_.status = "abandoned"
        round_.finished_at = now
        db.session.commit()


@dataclass(frozen=True)
class RoundLine:
    """One question of a round's summary."""

    position: int  # 1-based
    type_id: str
    title: str
    kind: str
    answered: bool
    correct: bool
    score: float
    time_taken_ms: int | None
    diagnosis: str | None
    slow: bool
    served_token: str | None


@dataclass(frozen=True)
class RoundReport:
    """The end-of-round page: the pure summary plus titles and links."""

    summary: RoundSummary
    lines: list[RoundLine]
    review_next: list[tuple[str, str]]  # (type id, title)


def round_report(round_: InterviewRound) -> RoundReport:
    """Score, time per question, misconceptions and what to review next (one query)."""
    rows = db.session.execute(
        db.select(InterviewItem, Attempt)
        .outerjoin(Attempt, Attempt.served_token == InterviewItem.served_token)
        .where(InterviewItem.round_id == round_.id)
        .order_by(InterviewItem.position)
    ).all()
    tokens = {item.position: item.served_token for item, _attempt in rows}
    attempts = [attempt for _item, attempt in rows if attempt is not None]
    types = registry()
    planned = [step["type"] for step in round_.plan]
    kinds = {t: types[t].kind for t in planned if t in types}
    summary = round_summary(records_of(attempts), planned, kinds=kinds)
    lines = [
        RoundLine(
            position=q.position,
            type_id=q.type_id,
            title=type_title(q.type_id),
            kind=kinds.get(q.type_id, ""),
            answered=q.answered,
            correct=q.correct,
            score=q.score,
            time_taken_ms=q.time_taken_ms,
            diagnosis=q.diagnosis,
            slow=q.slow,
            served_token=tokens.get(q.position - 1) if q.answered else None,
        )
        for q in summary.questions
    ]
    return RoundReport(
        summary=summary,
        lines=lines,
        review_next=[(t, type_title(t)) for t in summary.review_next],
    )


def seconds_left(served: ServedQuestion, now: datetime, limit: int = EXPLAIN_SECONDS) -> int:
    """Seconds left of ``limit`` since the question was served, rounded up (0: time is up)."""
    elapsed = (now - served.served_at).total_seconds()
    return max(0, math.ceil(limit - elapsed))
