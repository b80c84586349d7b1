"""``@read_only`` views: queries outside a transaction on PostgreSQL, and no writes anywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from support import make_test_app

from quizapp.extensions import db
from quizapp.models import User
from quizapp.operations.read_only import WriteInReadOnlyView, read_only

TWO_CLOCKS = "SELECT now()::text, pg_sleep(0.01)::text"


def clock_readings():
    """Whether two statements, 10 ms apart, saw the same transaction start (``now()``)."""
    first = db.session.execute(text(TWO_CLOCKS)).scalar_one()
    second = db.session.execute(text(TWO_CLOCKS)).scalar_one()
    return {"same_transaction": first == second}


def app_with_views(database_url):
    """The app plus two marked views: one that reads the transaction clock twice, one that
    writes."""
    app = make_test_app(database_url)

    @read_only
    def writes():
        db.session.add(User(email="w@example.com", display_name="W", password_hash="x"))
        db.session.flush()
        return "written"

    @read_only
    def writes_with_core():
        db.session.execute(update(User).values(display_name="Changed"))
        return "written"

    @read_only
    def locks():
        db.session.execute(db.select(User.id).with_for_update()).all()
        return "locked"

    app.add_url_rule(
        "/test/clocks", view_func=read_only(lambda: clock_readings()), endpoint="clocks"
    )
    app.add_url_rule("/test/writes", view_func=writes, methods=["GET", "POST"])
    app.add_url_rule("/test/core-writes", view_func=writes_with_core)
    app.add_url_rule("/test/locks", view_func=locks)
    app.add_url_rule(
        "/test/reads",
        view_func=read_only(lambda: str(db.session.query(User).count())),
        endpoint="reads",
    )
    return app


@pytest.mark.backends("postgresql")
def test_a_read_only_view_runs_each_query_in_its_own_transaction(database_url):
    # now() is the transaction's start: equal twice in one transaction, not in autocommit.
    client = app_with_views(database_url).test_client()
    assert client.get("/test/clocks").get_json() == {"same_transaction": False}


@pytest.mark.backends("postgresql")
def test_an_unmarked_view_keeps_its_transaction(database_url):
    app = make_test_app(database_url)
    app.add_url_rule("/test/clocks", view_func=clock_readings)
    assert app.test_client().get("/test/clocks").get_json() == {"same_transaction": True}


def test_a_read_only_view_that_writes_is_stopped_and_nothing_is_saved(database_url):
    app = app_with_views(database_url)
    with pytest.raises(WriteInReadOnlyView, match="writes is marked @read_only"):
        app.test_client().get("/test/writes")
    with app.app_context():
        assert db.session.execute(db.select(User).filter_by(email="w@example.com")).first() is None


def test_a_post_to_a_read_only_endpoint_is_an_ordinary_request(database_url):
    app = app_with_views(database_url)
    assert app.test_client().post("/test/writes").get_data(as_text=True) == "written"


def test_core_writes_and_row_locks_are_refused_too(database_url):
    app = app_with_views(database_url)
    with app.app_context():
        db.session.add(User(email="u@example.com", display_name="U", password_hash="x"))
        db.session.commit()
    client = app.test_client()
    with pytest.raises(WriteInReadOnlyView, match="writes_with_core is marked"):
        client.get("/test/core-writes")
    with app.app_context():
        assert db.session.execute(db.select(User.display_name)).scalar_one() == "U"
    if database_url.startswith("postgresql"):  # SQLite has no FOR UPDATE: nothing to send
        with pytest.raises(WriteInReadOnlyView, match="locks is marked"):
            client.get("/test/locks")


def test_the_mark_ends_with_its_request_when_the_app_context_outlives_it(database_url):
    # As in a test holding one app context around several requests: the POST after a
    # read-only GET writes in a transaction of its own, and may write at all.
    app = app_with_views(database_url)
    with app.app_context():
        client = app.test_client()
        assert client.get("/test/reads").status_code == 200
        assert client.post("/test/writes").get_data(as_text=True) == "written"
        connection = db.session.connection()
        assert connection.get_isolation_level() != "AUTOCOMMIT"
        db.session.rollback()
    with app.app_context():
        assert db.session.execute(db.select(User).filter_by(email="w@example.com")).first() is None
