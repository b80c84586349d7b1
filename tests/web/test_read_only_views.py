"""``@read_only`` views: queries outside a transaction on PostgreSQL, and no writes anywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from support import make_test_app

from quizapp.extensions import db
from quizapp.models import User
from quizapp.operations.read_only import WriteInReadOnlyView, read_only

TWO_CLOCKS = "SELECT now()::text, pg_sleep(0.01)::text"


def app_with_views(database_url):
    """The app plus two marked views: one that reads the transaction clock twice, one that
    writes."""
    app = make_test_app(database_url)

    @read_only
    def clocks():
        first = db.session.execute(text(TWO_CLOCKS)).scalar_one()
        second = db.session.execute(text(TWO_CLOCKS)).scalar_one()
        return {"same_transaction": first == second}

    @read_only
    def writes():
        db.session.add(User(email="w@example.com", display_name="W", password_hash="x"))
        db.session.flush()
        return "written"

    app.add_url_rule("/test/clocks", view_func=clocks)
    app.add_url_rule("/test/writes", view_func=writes, methods=["GET", "POST"])
    return app


@pytest.mark.backends("postgresql")
def test_a_read_only_view_runs_each_query_in_its_own_transaction(database_url):
    # now() is the transaction's start: equal twice in one transaction, not in autocommit.
    client = app_with_views(database_url).test_client()
    assert client.get("/test/clocks").get_json() == {"same_transaction": False}


@pytest.mark.backends("postgresql")
def test_an_unmarked_view_keeps_its_transaction(database_url):
    app = make_test_app(database_url)

    def clocks():
        first = db.session.execute(text(TWO_CLOCKS)).scalar_one()
        second = db.session.execute(text(TWO_CLOCKS)).scalar_one()
        return {"same_transaction": first == second}

    app.add_url_rule("/test/clocks", view_func=clocks)
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
