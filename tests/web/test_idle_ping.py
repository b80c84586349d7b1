"""A pooled PostgreSQL connection that outlived its server is replaced before a request
uses it (``quizapp/operations/idle_ping.py``), without a ping on every request."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from support import close_apps_on, make_test_app

from quizapp.extensions import db
from quizapp.operations.idle_ping import IDLE_BEFORE_PING


def test_a_page_after_a_server_restart_gets_a_new_connection(own_postgres):
    admin = create_engine(own_postgres.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE quizapp"))
    admin.dispose()
    app = make_test_app(own_postgres.url_of("quizapp"))
    client = app.test_client()
    try:
        assert client.get("/healthz").status_code == 200  # the pool now holds a connection
        with app.app_context():
            assert db.engine.pool.checkedin() == 1
        port = own_postgres.port
        own_postgres.stop()  # every backend goes, and with it the pooled connection
        own_postgres.start(port)
        time.sleep(IDLE_BEFORE_PING)
        answer = client.get("/healthz")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.get_json()["database"] == "ok"
    finally:
        close_apps_on(own_postgres.url_of("quizapp"))
