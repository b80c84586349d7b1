"""A learner's progress: the dashboard's figures and the spaced-review cards behind "what is due".

The rules live in the pure ``quizapp.progress`` package; this module loads rows (a few
queries per page, however long the history), hands them to those rules (the dashboard's
through one counting pass, ``progress.tally``) and stores review cards.
The current time is always passed in as ``now``, so tests control the clock.
"""

from __future__ import annotations

import logging
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, auto
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from flask import g, has_app_context
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from quizapp.engine.questions import TOPICS, registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.progress import ReviewCard
from quizapp.models.retry import Retry
from quizapp.progress.mastery import (
    AttemptRecord,
    TopicMastery,
    TypeMastery,
    topic_mastery_of_windows,
    type_mastery_of_windows,
)
from quizapp.progress.review import Rating, ReviewCardError, rating_for, schedule
from quizapp.progress.stats import (
    DayAccuracy,
    Streaks,
    Summary,
    accuracy_by_day_of_counts,
    streaks_of_days,
    top_misconceptions_of_counts,
)
from quizapp.progress.tally import tally
from quizapp.services.set_items import AUTHORED_TYPE, SETS_TOPIC, SETS_TOPIC_TITLE, item_titles
from quizapp.services.utc_day import stamp_days

log = logging.getLogger(__name__)

#: The dashboard looks at this many of the learner's latest attempts (mastery needs only 5
#: per type; the chart 30 days). Bounded so one busy account cannot make the page slow.
RECENT_LIMIT = 500
#: Attempts listed under "Recent answers".
RECENT_SHOWN = 10
#: Days in the accuracy chart.
CHART_DAYS = 30
#: Misconceptions listed.
MISCONCEPTIONS_SHOWN = 5
#: Topic id used for attempts at a question type that is no longer registered.
RETIRED_TOPIC = "retired"


@dataclass(frozen=True)
class RecentAttempt:
    """One line of "Recent answers", with what is needed to reopen it."""

    id: int
    type_id: str
    title: str
    correct: bool
    score: float
    diagnosis: str | None
    created_at: datetime
    right_on_try: int | None = None  # a wrong first answer got right by trying again


@dataclass(frozen=True)
class MisconceptionLine:
    """A frequent misconception and the question type to practise it on."""

    code: str
    count: int
    type_id: str
    type_title: str


@dataclass(frozen=True)
class ReviewLine:
    """A scheduled review of one question type."""

    type_id: str
    title: str
    topic_title: str
    due_at: datetime
    is_due: bool


@dataclass(frozen=True)
class Dashboard:
    """Everything the progress page shows, as plain values."""

    topics: list[TopicMastery]
    types: dict[str, TypeMastery]
    days: list[DayAccuracy]
    totals: Summary
    streaks: Streaks
    misconceptions: list[MisconceptionLine]
    recent: list[RecentAttempt]
    reviews: list[ReviewLine]
    due_count: int
    considered: int  # attempts the figures rest on
    truncated: bool  # True when older attempts beyond RECENT_LIMIT were left out


def type_title(type_id: str) -> str:
    """The title of a question type, or its id when it is no longer registered."""
    qtype = registry().get(type_id)
    if qtype is not None:
        return qtype.title
    return "Items of instructors' sets" if type_id == AUTHORED_TYPE else type_id


def records_of(rows: list) -> list[AttemptRecord]:
    """Attempt rows as the pure functions' records (topic from the registry).

    Template items of a set are their type's own questions and count in its topic; the
    instructors' own items share one topic of their own.
    """
    types = registry()
    return [AttemptRecord.from_row(row, topic=_topic_of(row.type_id, types)) for row in rows]


def _topic_of(type_id: str, types: dict) -> str:
    if type_id in types:
        return types[type_id].topic
    return SETS_TOPIC if type_id == AUTHORED_TYPE else RETIRED_TOPIC


#: The columns the dashboard reads of each of the latest attempts: never the answer text,
#: params or parsed values, nor what only review scheduling needs. ``created_at`` comes
#: as the driver gives it (a "stamp", see ``latest_attempts``), its UTC day found from
#: that (``utc_day.stamp_days``).
DASHBOARD_COLUMNS = (
    Attempt.id,
    Attempt.type_id,
    Attempt.correct,
    Attempt.score,
    Attempt.diagnosis,
    db.type_coerce(Attempt.created_at, db.String).label("stamp"),
    Attempt.set_version_id,
    Attempt.item_id,
)


#: One row of ``latest_attempts``: DASHBOARD_COLUMNS by their names, then ``right_on_try``.
LatestAttempt = namedtuple(
    "LatestAttempt", [column.key for column in DASHBOARD_COLUMNS] + ["right_on_try"]
)


#: What ``tally`` reads of a row of ``latest_attempts``: type id, correct, score, diagnosis,
#: stamp.
_TALLIED = itemgetter(1, 2, 3, 4, 5)


def _newest_first(attempt) -> tuple:
    """Latest first, ties by id: one order for the rows and for the ones looked up."""
    return (attempt.created_at.desc(), attempt.id.desc())


@cache
def _latest_attempts_statement(limit: int, tried: int):
    """Built once per (limit, tried): building it on every page cost about as much as
    running it.

    The retry is looked up for the newest ``tried`` rows only (a CASE's subquery runs only
    where its condition holds; the ``tried`` ids are read once): for all 500 rows it was
    two thirds of PostgreSQL's execution of this query (1.37 ms against 0.47 ms), and its
    backend's CPU went 1.0-1.4 -> 0.70-0.74 ms."""
    right_on_try = (
        db.select(db.func.min(Retry.try_number))
        .where(Retry.attempt_id == Attempt.id, Retry.correct.is_(True))
        .scalar_subquery()
    )
    newest = db.aliased(Attempt)
    newest_ids = (
        db.select(newest.id)
        .where(newest.user_id == db.bindparam("user_id"))
        .order_by(*_newest_first(newest))
        .limit(tried)
    )
    return (
        db.select(
            *DASHBOARD_COLUMNS,
            db.case((Attempt.id.in_(newest_ids), right_on_try)).label("right_on_try"),
        )
        .where(Attempt.user_id == db.bindparam("user_id"))
        .order_by(*_newest_first(Attempt))
        .limit(limit)
    )


def latest_attempts(
    user_id: int, limit: int = RECENT_LIMIT, tried: int = RECENT_SHOWN
) -> list[tuple]:
    """The user's latest ``limit`` attempts, newest first, as tuples of DASHBOARD_COLUMNS
    plus ``right_on_try``: for the newest ``tried`` of them, the number of the later try
    that got it right (None if none did); None for the rest, which the dashboard counts
    but does not list. One query on the (user_id, created_at) index, the retries looked
    up by theirs. ``LatestAttempt._make`` names a row's fields; ``stamp_reader()`` turns
    a stamp into the UTC datetime that ``Attempt.created_at`` reads as.

    Plain rows of a Core query on the session's connection (so it sees what is flushed;
    it does not autoflush), and unconverted stamps: the dashboard reads most rows once,
    by position (``tally``), and the time of few of them; the ORM's rows, fields read by
    name and 500 converted timestamps cost a third of the page.
    """
    statement = _latest_attempts_statement(limit, tried)
    return db.session.connection().execute(statement, {"user_id": user_id}).all()


def stamp_reader() -> Callable[[Any], datetime]:
    """What turns a stamp of ``latest_attempts`` into a UTC datetime: the column type's
    own reading of a value, for the session's database."""
    return _stamp_reader(db.session.get_bind().dialect)


@lru_cache(maxsize=8)  # one per engine's dialect; tests make many engines
def _stamp_reader(dialect) -> Callable[[Any], datetime]:
    column_type = Attempt.__table__.c.created_at.type
    read = column_type.dialect_impl(dialect).result_processor(dialect, None)
    if read is None:  # pragma: no cover (UTCDateTime always converts)
        raise RuntimeError(f"no reader of {column_type!r} on {dialect.name}")
    return read


#: Built once, and run on the session's connection: on a dashboard past RECENT_LIMIT
#: attempts, building it cost about as much as the database took to run it.
_ATTEMPT_TOTALS = db.select(
    db.func.count(Attempt.id),
    db.func.coalesce(db.func.sum(db.case((Attempt.correct.is_(True), 1), else_=0)), 0),
    db.func.avg(Attempt.score),
).where(Attempt.user_id == db.bindparam("user_id"))


def attempt_totals(user_id: int) -> Summary:
    """Number of attempts, right answers, share right and mean score over the user's whole
    history, computed by the database (one aggregate query, portable SQL). Run on the
    session's connection, it sees what is flushed (it does not autoflush)."""
    total, correct, mean_score = (
        db.session.connection().execute(_ATTEMPT_TOTALS, {"user_id": user_id}).one()
    )
    if not total:
        return Summary(0, 0, None, None)
    return Summary(int(total), int(correct), int(correct) / int(total), float(mean_score))


def review_cards(user_id: int) -> list[ReviewCard]:
    """All of the user's review cards, soonest due first (one query)."""
    return list(
        db.session.execute(
            db.select(ReviewCard)
            .filter_by(user_id=user_id)
            .order_by(ReviewCard.due_at, ReviewCard.type_id)
        ).scalars()
    )


#: The dashboard's view of the review cards: which type is due when, soonest first. Built
#: once, and a Core query: the ORM's entity loading cost more than the query itself.
_REVIEW_SCHEDULE = (
    db.select(ReviewCard.type_id, ReviewCard.due_at)
    .where(ReviewCard.user_id == db.bindparam("user_id"))
    .order_by(ReviewCard.due_at, ReviewCard.type_id)
)


def review_schedule(user_id: int) -> list[tuple[str, datetime]]:
    """(type id, due at) of each of the user's review cards, soonest due first (one query)."""
    return db.session.connection().execute(_REVIEW_SCHEDULE, {"user_id": user_id}).all()


def dashboard_for(user_id: int, now: datetime) -> Dashboard:
    """The progress page of ``user_id`` at ``now``: two queries (three past RECENT_LIMIT
    attempts), the rest in Python.

    Totals cover the whole history (an aggregate); mastery, the chart, streaks and
    misconceptions rest on the latest RECENT_LIMIT attempts, counted in one pass
    (``progress.tally``) and turned into figures by the same pure functions as ever.
    """
    rows = latest_attempts(user_id, RECENT_LIMIT + 1)
    truncated = len(rows) > RECENT_LIMIT
    del rows[RECENT_LIMIT:]
    considered = len(rows)
    types = registry()
    read_stamp = stamp_reader()
    counted = tally(
        map(_TALLIED, rows),
        lambda type_id: _topic_of(type_id, types),
        read_stamp,
        stamp_days(db.session.get_bind().dialect),
    )
    shown = [LatestAttempt._make(row) for row in rows[:RECENT_SHOWN]]
    # The 500 rows are counted: let them go before the rest makes its figures, so that a
    # garbage collection on the way has a tenth of the objects to look through.
    del rows
    totals = attempt_totals(user_id) if truncated else counted.summary
    schedule = review_schedule(user_id)
    topics = {RETIRED_TOPIC: "Retired questions", SETS_TOPIC: SETS_TOPIC_TITLE, **TOPICS}
    set_titles = item_titles(
        (row.set_version_id, row.item_id) for row in shown if row.set_version_id is not None
    )
    reviews = [
        ReviewLine(
            type_id=type_id,
            title=type_title(type_id),
            topic_title=TOPICS.get(types[type_id].topic, "") if type_id in types else "",
            due_at=due_at,
            is_due=due_at <= now,
        )
        for type_id, due_at in schedule
    ]
    return Dashboard(
        topics=[
            t
            for t in topic_mastery_of_windows(counted.windows, topics)
            if t.topic not in (RETIRED_TOPIC, SETS_TOPIC) or t.attempts
        ],
        types=type_mastery_of_windows(counted.windows),
        days=accuracy_by_day_of_counts(counted.days, CHART_DAYS, now=now),
        totals=totals,
        streaks=streaks_of_days(counted.days, now),
        misconceptions=[
            MisconceptionLine(m.code, m.count, m.type_id, type_title(m.type_id))
            for m in top_misconceptions_of_counts(counted.mistakes, MISCONCEPTIONS_SHOWN)
        ],
        recent=[
            RecentAttempt(
                row.id,
                row.type_id,
                set_titles.get((row.set_version_id, row.item_id)) or type_title(row.type_id),
                row.correct,
                row.score,
                row.diagnosis,
                read_stamp(row.stamp),
                row.right_on_try,
            )
            for row in shown
        ],
        reviews=reviews,
        due_count=sum(line.is_due for line in reviews),
        considered=considered,
        truncated=truncated,
    )


# --- Spaced review -------------------------------------------------------------------------


#: Built once and run on the session's connection, as the answer's other writes: the unit
#: of work's UPDATE (or INSERT) of the card was the last thing the answer's commit flushed,
#: and loading the card as an object cost as much again as reading the two values it needs.
_CARD_TABLE = ReviewCard.__table__
#: The learner's card for a type. Its parameters are ``card_user_id`` and ``card_type_id``:
#: a statement that returns the card along with its own work (the answer's claim, an
#: UPDATE of ``served_question``) would take parameters named like its table's columns
#: (``user_id``, ``type_id``) as values to SET.
_CARD_WHERE = (
    _CARD_TABLE.c.user_id == bindparam("card_user_id"),
    _CARD_TABLE.c.type_id == bindparam("card_type_id"),
)
_CARD_OF = select(_CARD_TABLE.c.id, _CARD_TABLE.c.card_json).where(*_CARD_WHERE)
#: A new card unless one of the user's for the type exists (made by a concurrent request
#: since the card was read): then nothing, and no id returned. ``ON CONFLICT DO NOTHING``
#: is the same SQL on both databases, but each dialect has its own construct. It spares
#: the savepoint a refused INSERT needed (two round trips on PostgreSQL); on PostgreSQL
#: it waits for a concurrent insert of the card to commit or roll back, as the unique
#: index did.
_INSERT_CARD = {
    name: dialect_insert(_CARD_TABLE)
    .on_conflict_do_nothing(index_elements=[_CARD_TABLE.c.user_id, _CARD_TABLE.c.type_id])
    .returning(_CARD_TABLE.c.id)
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
#: The same card as two scalar subqueries (its id, its JSON), for a statement to return
#: along with its own work: the answer's claim does, which spares ``_CARD_OF``'s round
#: trip; :func:`card_returned` reads them.
CARD_RETURNED = (
    select(_CARD_TABLE.c.id).where(*_CARD_WHERE).scalar_subquery().label("card_id"),
    select(_CARD_TABLE.c.card_json).where(*_CARD_WHERE).scalar_subquery().label("card_json"),
)
#: A card moves only from the state it was read in: two answers of one learner to the same
#: type may both have read it before either wrote (on PostgreSQL nothing locks the read),
#: and the second would overwrite the first's review. Its UPDATE then changes no row, and
#: the card is read again.
_UPDATE_CARD = (
    update(_CARD_TABLE)
    .where(
        _CARD_TABLE.c.id == bindparam("card_id"), _CARD_TABLE.c.card_json == bindparam("old_json")
    )
    .values(
        card_json=bindparam("new_json"), due_at=bindparam("new_due"), updated_at=bindparam("now")
    )
)


def record_review(
    user_id: int,
    type_id: str,
    *,
    correct: bool,
    hints_used: int,
    time_taken_ms: int | None,
    now: datetime,
    commit: bool = True,
) -> ReviewCard:
    """Rate a graded answer and move the user's card for ``type_id`` to its next due date.

    Recording an answer moves its card through ``record_review_of``; this is for a card
    moved on its own (the tests set up schedules with it). With ``commit=False`` the
    caller commits. The card is returned as the session holds it then (read from the
    database when it is not in the session yet).
    """
    card_id = _store_review(
        user_id, type_id, _rating(type_id, correct, hints_used, time_taken_ms), now
    )
    if commit:
        db.session.commit()
    return db.session.get(ReviewCard, card_id)


class Unread(Enum):
    """The card is not read yet: :func:`_store_review` reads it."""

    UNREAD = auto()


UNREAD = Unread.UNREAD


class ReadCard(NamedTuple):
    """A card as ``_CARD_OF`` reads it: what :func:`_store_review` is given when it was read."""

    id: int
    card_json: str


#: A learner's card as a caller read it (None: they have none), or not read yet.
CardSeen = ReadCard | None | Literal[Unread.UNREAD]


def card_returned(row: Row[Any]) -> ReadCard | None:
    """The card a statement returning :data:`CARD_RETURNED` read, None if there was none."""
    return None if row.card_id is None else ReadCard(row.card_id, row.card_json)


def record_review_of(attempt: Mapping[str, Any], card: CardSeen = UNREAD) -> None:
    """With the column values of an attempt being recorded: move the card of a signed-in
    learner (guests have none) in the caller's transaction, so an attempt and its card
    are stored in one commit. ``card`` is the learner's card for the type (None: they have
    none) when the caller read it already in this transaction.

    Only registered types are scheduled: a review serves a fresh question of the type, and
    an instructor's own item is no type (its set is practised from its link).
    """
    user_id, type_id = attempt["user_id"], attempt["type_id"]
    if user_id is None or type_id not in registry():
        return
    rating = _rating(type_id, attempt["correct"], attempt["hints_used"], attempt["time_taken_ms"])
    _store_review(user_id, type_id, rating, attempt["created_at"], card)


#: Reads of a card one answer may make: each further one follows a concurrent change.
_CARD_READS = 8


def _store_review(
    user_id: int, type_id: str, rating: Rating, now: datetime, card: CardSeen = UNREAD
) -> int:
    """Move the user's card for ``type_id`` (or make it) in the session's transaction; its id.

    Read the card (unless the caller did), then update it or insert a new one. If a
    concurrent request changed or made the card since it was read, ours is not written
    (nothing fails, so the caller's attempt in the same transaction stays): the card is
    read again and moved from there.
    """
    _forget_due_count()
    for _read in range(_CARD_READS):
        if card is UNREAD:
            row = (
                db.session.connection()
                .execute(_CARD_OF, {"card_user_id": user_id, "card_type_id": type_id})
                .first()
            )
            card = ReadCard(row.id, row.card_json) if row is not None else None
        card_json, due = _scheduled(card, rating, now)
        if card is not None:
            if _move_card(card, card_json, due, now):
                return card.id
        else:
            values = dict(
                user_id=user_id, type_id=type_id, card_json=card_json, due_at=due, updated_at=now
            )
            connection = db.session.connection()
            made = connection.execute(_INSERT_CARD[connection.dialect.name], values).first()
            if made is not None:
                return made.id
        card = UNREAD  # changed, deleted or made by another request since it was read
    raise RuntimeError(f"could not store the review card of user {user_id} for {type_id}")


def _move_card(card: ReadCard, card_json: str, due: datetime, now: datetime) -> bool:
    """Store a card's new schedule in the session's transaction; False if its row is gone
    or no longer as it was read.

    A copy of the card in the session is told what was stored, as after the unit of
    work's UPDATE.
    """
    card_id = card.id
    moved = db.session.connection().execute(
        _UPDATE_CARD,
        {
            "card_id": card_id,
            "old_json": card.card_json,
            "new_json": card_json,
            "new_due": due,
            "now": now,
        },
    )
    if moved.rowcount != 1:
        return False
    held = db.session.identity_map.get(identity_key(ReviewCard, card_id))
    if held is not None:
        set_committed_value(held, "card_json", card_json)
        set_committed_value(held, "due_at", due)
        set_committed_value(held, "updated_at", now)
    return True


def _rating(type_id: str, correct: bool, hints_used: int, time_taken_ms: int | None) -> Rating:
    qtype = registry().get(type_id)
    kind = qtype.kind if qtype is not None else "numeric"
    return rating_for(correct, hints_used, time_taken_ms, kind)


def replay_reviews(user_id: int, type_ids: Iterable[str] | None = None) -> int:
    """Rebuild the user's review cards from their answers, oldest first; returns cards written.

    Each answer goes through the same FSRS update as when it is given signed in, at its
    own timestamp, so answers recorded without a card (a guest's, carried into an
    account; seeded demo answers) are scheduled as if they had been. Rebuilding from
    the whole history, rather than adding to the card, keeps the order right when those
    answers are older than ones already on the card. ``type_ids`` limits it to those
    types (all the user's types when None).
    """
    query = db.select(Attempt).filter_by(user_id=user_id)
    if type_ids is not None:
        wanted = sorted(set(type_ids))
        if not wanted:
            return 0
        query = query.where(Attempt.type_id.in_(wanted))
    rows = db.session.execute(query.order_by(Attempt.created_at, Attempt.id)).scalars()
    history: dict[str, list[Attempt]] = {}
    types = registry()
    _forget_due_count()
    for row in rows:
        if row.type_id in types:  # a review serves a fresh question of the type
            history.setdefault(row.type_id, []).append(row)
    for _try in range(2):
        cards = {
            card.type_id: card
            for card in db.session.execute(
                db.select(ReviewCard).where(
                    ReviewCard.user_id == user_id, ReviewCard.type_id.in_(list(history))
                )
            ).scalars()
        }
        for type_id, answers in history.items():
            card_json: str | None = None
            for row in answers:
                rating = _rating(type_id, row.correct, row.hints_used, row.time_taken_ms)
                card_json, due = schedule(card_json, rating, row.created_at)
            card = cards.get(type_id)
            if card is None:
                card = ReviewCard(user_id=user_id, type_id=type_id)
                db.session.add(card)
            card.card_json, card.due_at, card.updated_at = card_json, due, answers[-1].created_at
        try:
            db.session.commit()
            return len(history)
        except IntegrityError:
            # A concurrent answer inserted one of the cards first; read them again.
            db.session.rollback()
    raise RuntimeError(f"could not store the replayed review cards of user {user_id}")


def _scheduled(card: Any, rating: Rating, now: datetime) -> tuple[str, datetime]:
    """The new card JSON and due date after ``rating``; ``card`` is its (id, card_json) row."""
    if card is None:
        return schedule(None, rating, now)
    try:
        return schedule(card.card_json, rating, now)
    except ReviewCardError as problem:
        # A card we cannot read is restarted rather than blocking the learner's answer.
        log.warning("restarting review card %s: %s", card.id, problem)
        return schedule(None, rating, now)


#: Built once: the nav badge runs it on every signed-in page, and building the statement
#: (and its cache key) each time cost more than running it.
_DUE_COUNT = db.select(db.func.count(ReviewCard.id)).where(
    ReviewCard.user_id == db.bindparam("user_id"), ReviewCard.due_at <= db.bindparam("now")
)


def due_review_count(user_id: int, now: datetime) -> int:
    """How many question types are due for review (one indexed COUNT)."""
    return db.session.execute(_DUE_COUNT, {"user_id": user_id, "now": now}).scalar_one()


#: The signed-in user and their due count in one statement: on PostgreSQL each statement
#: is a round trip, and every signed-in page needs both (the nav shows the count).
_DUE_COUNT_OF_USER = (
    db.select(db.func.count(ReviewCard.id))
    .where(ReviewCard.user_id == User.id, ReviewCard.due_at <= db.bindparam("now"))
    .scalar_subquery()
)
_USER_AND_DUE_COUNT = db.select(User, _DUE_COUNT_OF_USER).where(User.id == db.bindparam("user_id"))
#: The same with the served question behind a token, for the pages that open one (the
#: question, the answer POST, the feedback): one statement for the two rows they need.
_USER_DUE_COUNT_AND_SERVED = (
    db.select(User, _DUE_COUNT_OF_USER, ServedQuestion)
    .select_from(User)
    .outerjoin(ServedQuestion, ServedQuestion.token == db.bindparam("token"))
    .where(User.id == db.bindparam("user_id"))
)


def user_and_due_count(user_id: int, now: datetime) -> tuple[User | None, int]:
    """The user with this id (None if there is none) and their due count at ``now``."""
    row = db.session.execute(_USER_AND_DUE_COUNT, {"user_id": user_id, "now": now}).first()
    return (row[0], int(row[1])) if row is not None else (None, 0)


def user_due_count_and_served(
    user_id: int, token: str, now: datetime
) -> tuple[User, int, ServedQuestion | None] | None:
    """The user with this id, their due count at ``now`` and the served question behind
    ``token`` (None if no question has it, whoever it was served to); None if there is no
    such user."""
    row = db.session.execute(
        _USER_DUE_COUNT_AND_SERVED, {"user_id": user_id, "token": token, "now": now}
    ).first()
    return (row[0], int(row[1]), row[2]) if row is not None else None


def remember_due_count(count: int) -> None:
    """The nav badge's count for the rest of this request (see ``dashboard.views``)."""
    g.due_review_count = count


def _forget_due_count() -> None:
    """A review card changed: a count remembered earlier in this request is stale."""
    if has_app_context():
        g.pop("due_review_count", None)


def most_overdue_type(user_id: int, now: datetime) -> str | None:
    """The registered type whose review is most overdue, or None when nothing is due."""
    types = registry()
    due = db.session.execute(
        db.select(ReviewCard.type_id)
        .where(ReviewCard.user_id == user_id, ReviewCard.due_at <= now)
        .order_by(ReviewCard.due_at, ReviewCard.type_id)
    ).scalars()
    return next((type_id for type_id in due if type_id in types), None)


def last_difficulty(user_id: int, type_id: str, default: int = 1) -> int:
    """The difficulty the user last answered ``type_id`` at, so a review asks at that level."""
    value = db.session.execute(
        db.select(Attempt.difficulty)
        .filter_by(user_id=user_id, type_id=type_id)
        .order_by(Attempt.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return value if value in (1, 2, 3) else default
