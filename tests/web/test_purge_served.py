"""flask purge-served: old served questions that nothing refers to go; history stays."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import event
from support import ONE_HOT_PARAMS, run_sql

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, utcnow
from quizapp.models.progress import InterviewItem
from quizapp.services import housekeeping

TWO_DAYS_AGO = (utcnow() - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")


def tokens(app) -> set[str]:
    with app.app_context():
        return set(db.session.execute(db.select(ServedQuestion.token)).scalars())


@pytest.fixture
def history(app, client, open_question):
    """Served questions of every kind, made through the real routes, then all but one aged
    two days: returns {what: token}."""
    api = app.test_client()
    made = {
        "api unanswered": api.post("/api/v1/questions", json={"type": "entropy"}),
        "api answered": api.post(
            "/api/v1/questions", json={"type": "ce_one_hot", "params": json.loads(ONE_HOT_PARAMS)}
        ),
    }
    made = {what: response.get_json()["token"] for what, response in made.items()}
    api.post("/api/v1/answers", json={"token": made["api answered"], "answer": "0.357"})
    made["link unanswered"] = open_question()
    made["link answered"] = open_question()
    client.post(f"/practice/question/{made['link answered']}", data={"answer": "0.357"})
    round_path = client.post("/interview/start", data={"difficulty": "1"}).headers["Location"]
    made["recent"] = open_question()
    with app.app_context():
        made["interview"] = db.session.execute(db.select(InterviewItem.served_token)).scalar_one()
        run_sql(
            f"UPDATE served_question SET served_at = '{TWO_DAYS_AGO}' "
            f"WHERE token != '{made['recent']}'"
        )
    made["round"] = round_path
    return made


def test_purge_keeps_answers_interview_rounds_and_recent_questions(app, runner, client, history):
    result = runner.invoke(args=["purge-served", "--older-than", "24h"])
    assert result.exit_code == 0, result.output
    assert "Purged 3 served questions older than 24 hours" in result.output
    assert "kept 2 that answers or interview rounds refer to" in result.output
    left = tokens(app)
    assert {history[w] for w in ("link answered", "interview", "recent")} <= left
    gone = {history[w] for w in ("api unanswered", "api answered", "link unanswered")}
    assert not gone & left
    # What stays still works: the recorded answer's feedback and the interview round.
    assert client.get(f"/practice/feedback/{history['link answered']}").status_code == 200
    assert client.get(history["round"]).status_code == 200
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 1


def test_a_dry_run_only_counts(app, runner, history):
    before = tokens(app)
    result = runner.invoke(args=["purge-served", "--older-than", "1d", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would purge 3 served questions older than 24 hours" in result.output
    assert tokens(app) == before


def test_a_shorter_span_reaches_younger_questions(app, runner, open_question):
    token = open_question()
    with app.app_context():
        run_sql(
            "UPDATE served_question SET served_at = "
            f"'{(utcnow() - timedelta(minutes=45)).strftime('%Y-%m-%d %H:%M:%S')}'"
        )
    assert runner.invoke(args=["purge-served", "--older-than", "1h"]).exit_code == 0
    assert token in tokens(app)
    result = runner.invoke(args=["purge-served", "--older-than", "30m"])
    assert "Purged 1 served question older than 30 minutes" in result.output
    assert token not in tokens(app)


def test_purging_works_in_batches(app):
    """More rows than one batch: every one goes, a batch per transaction."""
    count = housekeeping.BATCH * 2 + 7
    old = utcnow() - timedelta(days=3)
    with app.app_context():
        db.session.add_all(
            ServedQuestion(
                token=f"bulk-{i}",
                type_id="entropy",
                seed=i,
                difficulty=1,
                params={},
                origin="api",
                served_at=old,
            )
            for i in range(count)
        )
        db.session.commit()
        report = housekeeping.purge_served(timedelta(days=1), utcnow())
        assert (report.purged, report.kept) == (count, 0)
        assert db.session.execute(db.select(db.func.count(ServedQuestion.id))).scalar_one() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("24", "is not a duration"),
        ("0h", "is not a duration"),
        ("-5m", "is not a duration"),
        ("1y", "is not a duration"),
        ("soon", "is not a duration"),
        ("999999d", "longer than 100 years"),
    ],
)
def test_a_bad_duration_is_refused_with_a_clear_message(app, runner, value, message):
    result = runner.invoke(args=["purge-served", "--older-than", value])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "e.g. 30m, 24h or 7d" in result.output or "100 years" in result.output


def test_the_span_is_required(runner):
    result = runner.invoke(args=["purge-served"])
    assert result.exit_code == 2 and "--older-than" in result.output


def test_the_purge_runs_without_the_requests_statement_timeout(app, runner, history):
    """A cron job's purge of a large backlog may take longer than a request's statement
    may: on PostgreSQL its statements run with no timeout."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no statement timeout")
        seen: list[str] = []

        def note_timeout(connection, _cursor, statement, *_args) -> None:
            if statement.lstrip().startswith("DELETE"):
                raw = connection.connection.dbapi_connection
                seen.append(raw.execute("SHOW statement_timeout").fetchone()[0])

        event.listen(db.engine, "before_cursor_execute", note_timeout)
        try:
            result = runner.invoke(args=["purge-served", "--older-than", "24h"])
        finally:
            event.remove(db.engine, "before_cursor_execute", note_timeout)
    assert result.exit_code == 0, result.output
    assert seen and set(seen) == {"0"}, seen
