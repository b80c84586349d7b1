"""The dashboard's latest attempts carry "right on try N" for the rows it lists, which the
query looks up for the newest RECENT_SHOWN attempts only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.retry import RETRY_ORIGIN, Retry
from quizapp.services import progress

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
COUNT = progress.RECENT_SHOWN + 3
#: Place (1 = newest) -> the later tries of that attempt: (try number, right?).
TRIES = {1: [(2, True)], 2: [(2, False)], 3: [(2, False), (3, True), (4, True)]}
TRIES[progress.RECENT_SHOWN] = [(2, True)]
TRIES[progress.RECENT_SHOWN + 1] = [(2, True)]  # counted, not listed: not looked up


def first_answers(user_id: int, places, moment_of, prefix: str) -> tuple[list, list]:
    """Served rows and wrong first answers of ``user_id``, one per place."""
    served, attempts = [], []
    for place in places:
        moment = moment_of(place)
        common = {"type_id": "entropy", "seed": place, "difficulty": 1, "params": {}}
        token = f"{prefix}-{place}"
        served.append({**common, "token": token, "served_at": moment, "user_id": user_id})
        attempts.append(
            {**common, "user_id": user_id, "served_token": token, "raw_answer": "1"}
            | {"correct": False, "score": 0.0, "hints_used": 0, "created_at": moment}
        )
    return served, attempts


def moment_of(place: int) -> datetime:
    """A minute apart, newest first; the last listed row and the first one past it share
    their moment, so the id decides which of the two is listed."""
    place = min(place, progress.RECENT_SHOWN)
    return START + timedelta(minutes=COUNT - place)


def store(app, auth) -> int:
    """COUNT wrong first answers with the later tries of TRIES, inserted oldest first (a
    newer place has the higher id); and another learner's, all newer than these."""
    auth.sign_up(email="other@example.com")
    auth.sign_up()  # signed in as this learner, whose dashboard the page test opens
    with app.app_context():
        ids = dict(db.session.execute(db.select(User.email, User.id)).all())
        user_id, other_id = ids["ada@example.com"], ids["other@example.com"]
        served, attempts = first_answers(user_id, range(COUNT, 0, -1), moment_of, prefix="first")
        later = first_answers(
            other_id, range(COUNT), lambda n: START + timedelta(days=1, minutes=n), "other"
        )
        with db.engine.begin() as connection:
            connection.execute(insert(ServedQuestion), served + later[0])
            connection.execute(insert(Attempt), attempts + later[1])
            ids = dict(connection.execute(db.select(Attempt.served_token, Attempt.id)).all())
            for place, tries in TRIES.items():
                for number, right in tries:
                    token = f"try-{place}-{number}"
                    row = {"type_id": "entropy", "seed": place, "difficulty": 1, "params": {}}
                    connection.execute(
                        insert(ServedQuestion),
                        [{**row, "token": token, "user_id": user_id, "origin": RETRY_ORIGIN}],
                    )
                    connection.execute(
                        insert(Retry),
                        [
                            {"attempt_id": ids[f"first-{place}"], "try_number": number}
                            | {"served_token": token, "correct": right, "score": float(right)}
                            | {"answered_at": START + timedelta(hours=1), "raw_answer": "1"}
                        ],
                    )
    return user_id


def test_the_listed_rows_name_the_try_that_was_right(app, auth):
    user_id = store(app, auth)
    with app.app_context():
        rows = progress.latest_attempts(user_id)
        everywhere = progress.latest_attempts(user_id, tried=COUNT)
    right = {place: row.right_on_try for place, row in enumerate(rows, start=1)}
    assert right[1] == 2 and right[2] is None and right[3] == 3
    assert right[progress.RECENT_SHOWN] == 2
    assert right[progress.RECENT_SHOWN + 1] is None  # past the listed rows
    assert everywhere[progress.RECENT_SHOWN].right_on_try == 2  # 0-based: the 11th row
    assert [row.id for row in everywhere] == [row.id for row in rows]  # same rows, same order


def test_the_dashboard_lists_them(app, auth, client):
    store(app, auth)
    page = client.get("/progress/").text
    assert page.count("right on try 2") == 2 and page.count("right on try 3") == 1
