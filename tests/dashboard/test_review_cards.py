"""Spaced review: graded answers become FSRS ratings and due dates, on a controlled clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support import ONE_HOT_PARAMS, token_from

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.progress import ReviewCard
from quizapp.services import progress

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def uid(app):
    """A learner's id (created directly; these tests drive the service, not the forms)."""
    with app.app_context():
        user = User(email="ada@example.com", display_name="Ada", password_hash="x")
        db.session.add(user)
        db.session.commit()
        return user.id


def review(uid, type_id="ce_one_hot", *, correct=True, hints=0, ms=60_000, now=T0):
    return progress.record_review(
        uid, type_id, correct=correct, hints_used=hints, time_taken_ms=ms, now=now
    )


def cards(uid) -> list[ReviewCard]:
    return progress.review_cards(uid)


@pytest.mark.parametrize(
    ("correct", "hints", "ms", "due_after"),
    [
        (False, 0, 5_000, timedelta(minutes=1)),  # Again: the first learning step
        (True, 1, 60_000, timedelta(minutes=5, seconds=30)),  # Hard: between the two steps
        (True, 0, 60_000, timedelta(minutes=10)),  # Good: the second learning step
    ],
)
def test_first_answer_sets_the_due_date_from_the_grade(app, uid, correct, hints, ms, due_after):
    with app.app_context():
        card = review(uid, correct=correct, hints=hints, ms=ms)
        assert card.due_at == T0 + due_after


def test_a_fast_right_answer_is_easy_and_due_days_later(app, uid):
    with app.app_context():
        card = review(uid, correct=True, ms=5_000)  # under 20 s for a numeric question
        assert card.due_at >= T0 + timedelta(days=1)


def test_due_count_follows_the_clock(app, uid):
    with app.app_context():
        review(uid, "ce_one_hot", correct=False)  # due T0 + 1 min
        review(uid, "entropy", correct=True)  # due T0 + 10 min
        assert progress.due_review_count(uid, T0) == 0
        assert progress.due_review_count(uid, T0 + timedelta(minutes=2)) == 1
        assert progress.due_review_count(uid, T0 + timedelta(minutes=11)) == 2
        assert progress.most_overdue_type(uid, T0 + timedelta(minutes=11)) == "ce_one_hot"
        assert progress.most_overdue_type(uid, T0) is None


def test_answers_update_one_card_per_type(app, uid):
    with app.app_context():
        first_due = review(uid, correct=True, now=T0).due_at
        second = review(uid, correct=True, now=first_due)  # Good again, on time
        assert len(cards(uid)) == 1
        assert second.due_at > first_due + timedelta(hours=12)  # graduated to days
        assert second.updated_at == first_due


def test_an_unreadable_card_is_restarted_not_fatal(app, uid):
    with app.app_context():
        card = review(uid, correct=True)
        card.card_json = "not json"
        db.session.commit()
        again = review(uid, correct=False, now=T0 + timedelta(hours=1))
        assert again.due_at == T0 + timedelta(hours=1, minutes=1)


def test_a_signed_in_answer_schedules_its_type(app, client, auth):
    auth.sign_up()
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    client.post(f"/practice/question/{token}", data={"answer": "0.5146"})  # wrong
    with app.app_context():
        rows = db.session.execute(db.select(ReviewCard)).scalars().all()
        assert [(r.type_id, r.user_id is not None) for r in rows] == [("ce_one_hot", True)]
        assert '"state": 1' in rows[0].card_json  # FSRS learning state


def test_a_guest_answer_schedules_nothing(app, client):
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ReviewCard.id))).scalar_one() == 0
