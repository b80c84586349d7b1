"""Answers recorded without a review card (a guest's, the seeded demo's) get scheduled.

They are replayed through the same FSRS update as answers given signed in: oldest first,
each at its own timestamp. The expected cards are rebuilt here from the stored attempts
with the pure scheduler, independently of the service under test.
"""

from __future__ import annotations

from datetime import timedelta

from support import ONE_HOT_PARAMS, token_from

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.progress import ReviewCard
from quizapp.progress.review import rating_for, schedule
from quizapp.services import progress

RIGHT, LOG2 = "0.357", "0.5146"  # ce_one_hot, pred [0.7, 0.2, 0.1], target 0


def answer_one_hot(client, text: str) -> str:
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    assert client.post(f"/practice/question/{token}", data={"answer": text}).status_code == 303
    return token


def answer_entropy(client) -> str:
    token = token_from(client.get("/practice/q/entropy", query_string={"seed": "4"}))
    assert client.post(f"/practice/question/{token}", data={"answer": "0.5"}).status_code == 303
    return token


def user_id(email: str) -> int:
    return db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()


def cards_of(uid: int) -> dict[str, ReviewCard]:
    return {card.type_id: card for card in progress.review_cards(uid)}


def expected_cards(uid: int) -> dict[str, tuple[str, object]]:
    """type id → (card JSON, due) from replaying the user's attempts, oldest first."""
    rows = db.session.execute(
        db.select(Attempt).filter_by(user_id=uid).order_by(Attempt.created_at, Attempt.id)
    ).scalars()
    built: dict[str, tuple[str, object]] = {}
    for row in rows:
        kind = registry()[row.type_id].kind
        rating = rating_for(row.correct, row.hints_used, row.time_taken_ms, kind)
        previous = built.get(row.type_id, (None, None))[0]
        built[row.type_id] = schedule(previous, rating, row.created_at)
    return built


def test_a_guests_answers_are_scheduled_when_they_sign_up(app, client, auth):
    answer_one_hot(client, RIGHT)
    answer_one_hot(client, LOG2)  # then wrong: the card must end in relearning
    answer_entropy(client)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ReviewCard.id))).scalar_one() == 0
    auth.sign_up()
    with app.app_context():
        uid = user_id("ada@example.com")
        cards = cards_of(uid)
        expected = expected_cards(uid)
        assert set(cards) == {"ce_one_hot", "entropy"}
        for type_id, (card_json, due) in expected.items():
            assert cards[type_id].card_json == card_json
            assert cards[type_id].due_at == due
        # The wrong answer came last: due again minutes after it, not days.
        last = db.session.execute(
            db.select(Attempt.created_at)
            .filter_by(user_id=uid, type_id="ce_one_hot")
            .order_by(Attempt.created_at.desc())
            .limit(1)
        ).scalar_one()
        assert last < cards["ce_one_hot"].due_at <= last + timedelta(minutes=10)


def test_guest_answers_are_replayed_in_order_with_the_accounts_own(app, client, auth):
    """Signed-in answers, then guest answers, then signing in: one history, oldest first."""
    auth.sign_up()
    answer_one_hot(client, LOG2)  # signed in: scheduled at once
    auth.sign_out()
    answer_one_hot(client, RIGHT)  # as a guest, later
    auth.sign_in()
    with app.app_context():
        uid = user_id("ada@example.com")
        card = cards_of(uid)["ce_one_hot"]
        card_json, due = expected_cards(uid)["ce_one_hot"]
        assert (card.card_json, card.due_at) == (card_json, due)
        rows = db.session.execute(db.select(Attempt).filter_by(user_id=uid)).scalars().all()
        assert len(rows) == 2 and card.updated_at == max(r.created_at for r in rows)


def test_signing_in_without_guest_answers_changes_no_card(app, client, auth):
    auth.sign_up()
    answer_one_hot(client, RIGHT)
    with app.app_context():
        before = cards_of(user_id("ada@example.com"))["ce_one_hot"].card_json
    auth.sign_out()
    auth.sign_in()
    with app.app_context():
        assert cards_of(user_id("ada@example.com"))["ce_one_hot"].card_json == before


def test_seeded_demo_answers_are_scheduled_and_seeding_again_changes_nothing(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        uid = user_id("demo@example.com")
        attempts = db.session.execute(
            db.select(db.func.count(Attempt.id)).filter_by(user_id=uid)
        ).scalar_one()
        cards = cards_of(uid)
        expected = expected_cards(uid)
        assert attempts == 16 and len(cards) == len(expected) == 8
        first = {t: (c.card_json, c.due_at) for t, c in cards.items()}
        assert first == expected
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        again = {t: (c.card_json, c.due_at) for t, c in cards_of(uid).items()}
        assert again == first
