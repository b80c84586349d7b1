"""Several app processes on one database: two gunicorn instances on different loopback ports.

Sessions are signed cookies and everything else is in the database, so a learner may
sign in on one instance, answer on the other, and see the answer on either's dashboard.
"""

from __future__ import annotations

from live_gunicorn import Gunicorn, Learner, acknowledged, attempt_link
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from quizapp.models import Attempt


def test_sign_in_on_one_instance_answer_on_the_other_see_it_on_both(database_url, tmp_path):
    first = Gunicorn(database_url, tmp_path / "first.log", workers=1)
    second = Gunicorn(database_url, tmp_path / "second.log", workers=1)
    try:
        first.start()
        second.start()
        assert first.port != second.port
        learner = Learner()
        learner.sign_up_and_in(first.url, "ada@example.com")
        token, answered = learner.answer_one(second.url)
        assert acknowledged(answered, token), (answered.status_code, answered.headers)
        feedback = learner.http.get(second.url + answered.headers["Location"], timeout=30)
        assert feedback.status_code == 200
        engine = create_engine(database_url, poolclass=NullPool)
        with engine.connect() as connection:
            attempt_id = connection.execute(
                select(Attempt.id).where(Attempt.served_token == token)
            ).scalar_one()
        engine.dispose()
        for instance in (first, second):
            dashboard = learner.http.get(f"{instance.url}/progress/", timeout=30)
            assert dashboard.status_code == 200
            assert attempt_link(dashboard.text) == [str(attempt_id)]
    finally:
        first.stop()
        second.stop()
