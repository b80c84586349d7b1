"""The answer flow's rows written by statements built once: the served question when it is
served, and the review card when it is answered. Each row is compared column by column, as
stored, with the row the unit of work writes for the same values; each object is left in
the session as the unit of work leaves it; and a real failure before the commit leaves
nothing behind, neither row nor object."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Text, cast, inspect
from sqlalchemy import exc as sa_exc
from support import StatementLog, add_user, run_sql

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.progress import ReviewCard
from quizapp.progress.review import rating_for, schedule
from quizapp.services import practice, progress
from quizapp.services.prebuilt_writes import attach_as_committed

ONE_HOT = {"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}
RIGHT = "0.357"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def stored(model, row_id: int, *, leave_out: tuple[str, ...] = ("id",)) -> dict[str, str | None]:
    """The row as the database holds it: every column read back as text (JSON as written,
    timestamps as stored, NULL as None), so a JSON null and an SQL NULL differ."""
    columns = [c for c in model.__table__.c if c.name not in leave_out]
    row = db.session.execute(
        db.select(*[cast(c, Text) for c in columns]).where(model.__table__.c.id == row_id)
    ).one()
    return dict(zip([c.name for c in columns], row, strict=True))


@pytest.mark.parametrize(
    ("signed_in", "params", "origin"),
    [(True, ONE_HOT, "link"), (False, ONE_HOT, "link"), (True, None, "drawn")],
)
def test_a_served_row_is_what_the_unit_of_work_writes(app, signed_in, params, origin):
    with app.app_context():
        owner = (
            practice.Owner(user_id=add_user("s@example.com"))
            if signed_in
            else practice.Owner(guest_key="guest-1")
        )
        served = practice.serve_question(
            "ce_one_hot", difficulty=2, owner=owner, params=params, seed=7, origin=origin
        )
        # What serve_question added to the session before: the same attributes, set alike.
        twin = ServedQuestion(
            token="twin-token",
            type_id=served.type_id,
            seed=served.seed,
            difficulty=served.difficulty,
            params=served.params,
            params_fixed=params is not None,
            origin=origin,
            user_id=owner.user_id,
            guest_key=None if owner.user_id else owner.guest_key,
            hints_revealed=0,
            served_at=served.served_at,
        )
        db.session.add(twin)
        db.session.commit()
        ours = stored(ServedQuestion, served.id, leave_out=("id", "token"))
        assert ours == stored(ServedQuestion, twin.id, leave_out=("id", "token"))
        assert ours["answered_at"] is None and ours["params"].startswith("{")


def test_a_served_question_is_left_as_a_committed_one(app):
    """Committed here: persistent and expired, read back from the row. For a caller that
    commits: detached, its values read without SQL, until it is attached after the commit."""
    with app.app_context():
        owner = practice.Owner(guest_key="g")
        served = practice.serve_question("ce_one_hot", difficulty=1, owner=owner, params=ONE_HOT)
        state = inspect(served)
        assert state.persistent and state.expired_attributes >= {"token", "answered_at"}
        assert db.session.get(ServedQuestion, served.id) is served
        assert practice.find_served(served.token) is served and served.answered_at is None

        later = practice.serve_question(
            "ce_one_hot", difficulty=1, owner=owner, params=ONE_HOT, commit=False
        )
        assert inspect(later).detached and not inspect(later).expired_attributes
        assert (later.answered_at, later.draft_answer, later.hints_revealed) == (None, None, 0)
        db.session.commit()
        attach_as_committed(later)
        assert inspect(later).persistent and practice.find_served(later.token) is later
        assert later.params == ONE_HOT


def test_a_failure_before_the_commit_leaves_no_served_row_nor_object(app):
    """Another row of the same commit is refused, for real (a duplicate token): the served
    row written before it goes with the rollback, and nothing of it stays in the session."""
    with app.app_context():
        owner = practice.Owner(guest_key="g")
        served = practice.serve_question(
            "ce_one_hot", difficulty=1, owner=owner, params=ONE_HOT, commit=False
        )
        token = served.token
        db.session.add(
            ServedQuestion(
                token=token, type_id="ce_one_hot", seed=1, difficulty=1, params={}, guest_key="h"
            )
        )
        with pytest.raises(sa_exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert not [o for o in db.session.identity_map.values() if isinstance(o, ServedQuestion)]
        assert practice.find_served(token) is None
        assert db.session.execute(db.select(db.func.count(ServedQuestion.id))).scalar_one() == 0


def _old_record_review(user_id: int, type_id: str, correct: bool, now: datetime) -> ReviewCard:
    """What record_review did through the unit of work: read the card, then set its
    attributes, or add a new one."""
    rating = rating_for(correct, 0, 60_000, "numeric")
    card = db.session.execute(
        db.select(ReviewCard).filter_by(user_id=user_id, type_id=type_id)
    ).scalar_one_or_none()
    card_json, due = schedule(card.card_json if card else None, rating, now)
    if card is None:
        card = ReviewCard(user_id=user_id, type_id=type_id)
        db.session.add(card)
    card.card_json, card.due_at, card.updated_at = card_json, due, now
    db.session.commit()
    return card


def test_a_review_cards_rows_are_what_the_unit_of_work_writes(app):
    """A new card (INSERT) and a card moved on (UPDATE), for two learners answering alike."""
    with app.app_context():
        ours, theirs = add_user("a@example.com"), add_user("b@example.com")
        for step, correct in enumerate((True, False, True)):
            now = T0 + timedelta(days=step)
            card = progress.record_review(
                ours, "entropy", correct=correct, hints_used=0, time_taken_ms=60_000, now=now
            )
            twin = _old_record_review(theirs, "entropy", correct, now)
            leave_out = ("id", "user_id")
            assert stored(ReviewCard, card.id, leave_out=leave_out) == stored(
                ReviewCard, twin.id, leave_out=leave_out
            )
        assert card.updated_at == T0 + timedelta(days=2)


def test_a_review_card_comes_back_as_the_session_holds_it(app):
    """Committed or not, the card returned is the session's, with what was stored; a copy
    already in the session is told what the UPDATE stored, and a rollback undoes it."""
    with app.app_context():
        uid = add_user("c@example.com")
        review = dict(correct=True, hints_used=0, time_taken_ms=60_000)
        card = progress.record_review(uid, "entropy", now=T0, **review)
        assert inspect(card).persistent and card.due_at == T0 + timedelta(minutes=10)

        later = T0 + timedelta(minutes=10)
        with StatementLog(app) as log:
            moved = progress.record_review(uid, "entropy", now=later, commit=False, **review)
        assert moved is card and not db.session.dirty and len(log.selects) == 1
        assert (card.updated_at, card.due_at > later + timedelta(hours=12)) == (later, True)
        db.session.rollback()  # nothing of it was committed
        assert card.updated_at == T0

        new = progress.record_review(uid, "surprisal", now=T0, commit=False, **review)
        assert inspect(new).persistent and new.due_at == T0 + timedelta(minutes=10)
        db.session.commit()
        assert [c.type_id for c in progress.review_cards(uid)] == ["entropy", "surprisal"]


def _answered(uid: int, now: datetime) -> dict:
    """The column values ``record_review_of`` reads of an attempt being recorded."""
    return dict(
        user_id=uid,
        type_id="entropy",
        correct=True,
        hints_used=0,
        time_taken_ms=60_000,
        created_at=now,
    )


def test_a_card_made_since_it_was_read_is_moved_not_made_twice(app):
    """As when a concurrent first answer of the type made the card after this one read
    none: the INSERT finds the card there, for real, does nothing, and that card moves."""
    with app.app_context():
        uid = add_user("e@example.com")
        made = progress.record_review(
            uid, "entropy", correct=True, hints_used=0, time_taken_ms=60_000, now=T0
        )
        later = T0 + timedelta(minutes=10)
        progress.record_review_of(_answered(uid, later), card=None)  # "read": no card
        db.session.commit()
        assert [(c.id, c.updated_at) for c in progress.review_cards(uid)] == [(made.id, later)]


def test_the_claim_reads_the_answering_learners_own_card(app):
    """The card comes back with the claim: of two learners' cards of the type (the other's
    made first), the answer moves its learner's and leaves the other's as it was."""
    with app.app_context():
        theirs, ours = add_user("g@example.com"), add_user("h@example.com")
        for uid in (theirs, ours):
            progress.record_review(
                uid, "ce_one_hot", correct=False, hints_used=0, time_taken_ms=60_000, now=T0
            )
        before = {
            uid: stored(ReviewCard, progress.review_cards(uid)[0].id) for uid in (theirs, ours)
        }
        served = practice.serve_question(
            "ce_one_hot", difficulty=1, owner=practice.Owner(user_id=ours), params=ONE_HOT
        )
        practice.submit_answer(served, RIGHT)
        after = {
            uid: stored(ReviewCard, progress.review_cards(uid)[0].id) for uid in (theirs, ours)
        }
        assert after[theirs] == before[theirs]
        assert after[ours]["card_json"] != before[ours]["card_json"]
        assert after[ours]["updated_at"] != before[ours]["updated_at"]


def test_a_card_moved_since_it_was_read_is_read_again_not_overwritten(app):
    """As when two answers of one learner to the type both read the card before either
    wrote (on PostgreSQL nothing locks the read): the other answer moved it and committed,
    so this one's UPDATE of the card as read changes no row, and the card moves on from
    where the other left it. Overwriting it would lose the other answer's review."""
    with app.app_context():
        uid = add_user("m@example.com")
        first = progress.record_review(
            uid, "entropy", correct=True, hints_used=0, time_taken_ms=60_000, now=T0
        )
        read = progress.ReadCard(first.id, first.card_json)  # this answer's read
        other = T0 + timedelta(minutes=5)
        moved = progress.record_review(  # the other answer, committed since
            uid, "entropy", correct=True, hints_used=0, time_taken_ms=60_000, now=other
        )
        moved_json = moved.card_json
        later = T0 + timedelta(minutes=10)
        progress.record_review_of(_answered(uid, later), card=read)
        db.session.commit()
        (card,) = progress.review_cards(uid)
        rating = rating_for(True, 0, 60_000, "numeric")
        assert (card.card_json, card.due_at) == schedule(moved_json, rating, later)
        assert (card.card_json, card.due_at) != schedule(read.card_json, rating, later)


def test_a_card_deleted_since_it_was_read_is_made_anew(app):
    """Its UPDATE finds no row: the card is read again (none) and made from nothing, as for
    a first answer (moved on from the card read, it would be due days later)."""
    with app.app_context():
        uid = add_user("f@example.com")
        gone = progress.record_review(
            uid, "entropy", correct=True, hints_used=0, time_taken_ms=60_000, now=T0
        )
        read = progress.ReadCard(gone.id, gone.card_json)
        db.session.delete(gone)
        db.session.commit()
        later = T0 + timedelta(minutes=10)
        progress.record_review_of(_answered(uid, later), card=read)
        db.session.commit()
        (card,) = progress.review_cards(uid)
        assert card.due_at == later + timedelta(minutes=10)


REFUSE_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER refuse_card BEFORE {event} ON review_card "
        "BEGIN SELECT RAISE(ABORT, 'card write refused'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse_card() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'card write refused'; END $$",
        "CREATE TRIGGER refuse_card BEFORE {event} ON review_card "
        "FOR EACH ROW EXECUTE FUNCTION refuse_card()",
    ],
}


ALLOW_AGAIN = {
    "sqlite": ["DROP TRIGGER IF EXISTS refuse_card"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS refuse_card ON review_card",
        "DROP FUNCTION IF EXISTS refuse_card()",
    ],
}


@pytest.fixture
def refuse_card_writes(app):
    """Make the database refuse every INSERT or UPDATE of a review card, for real; the
    trigger goes afterwards (a PostgreSQL test database is emptied and handed on)."""

    def refuse(event: str) -> None:
        run_sql(*(sql.format(event=event) for sql in REFUSE_TRIGGER[db.engine.dialect.name]))

    yield refuse
    with app.app_context():
        run_sql(*ALLOW_AGAIN[db.engine.dialect.name])


@pytest.mark.parametrize("event", ["UPDATE", "INSERT"])
def test_an_answer_whose_card_cannot_be_written_is_not_recorded(app, refuse_card_writes, event):
    """The claim, the attempt and the card go out in one commit: when the card's write
    fails, the rollback takes the attempt and the claim with it; the token stays open."""
    with app.app_context():
        uid = add_user("d@example.com")
        owner = practice.Owner(user_id=uid)
        if event == "UPDATE":  # the learner's card exists: this answer would move it
            first = practice.serve_question("ce_one_hot", difficulty=1, owner=owner, params=ONE_HOT)
            practice.submit_answer(first, RIGHT)
        before = [stored(ReviewCard, card.id) for card in progress.review_cards(uid)]
        served = practice.serve_question("ce_one_hot", difficulty=1, owner=owner, params=ONE_HOT)
        token = served.token
        db.session.commit()
        refuse_card_writes(event)
        with pytest.raises((sa_exc.DBAPIError, RuntimeError)):
            practice.submit_answer(served, RIGHT)
        # No rollback of our own: submit_answer undid everything, so even a commit now
        # stores nothing of the answer.
        db.session.commit()
        assert not [
            o
            for o in db.session.identity_map.values()
            if isinstance(o, Attempt) and o.served_token == token
        ]
        assert db.session.execute(db.select(Attempt).filter_by(served_token=token)).first() is None
        assert practice.find_served(token).answered_at is None
        assert [stored(ReviewCard, card.id) for card in progress.review_cards(uid)] == before
