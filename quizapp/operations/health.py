"""``GET /healthz``: whether this process can reach its database, for a load balancer."""

from __future__ import annotations

from flask import Flask, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db


def healthz():
    """200 ``{"status": "ok"}`` when the database answers and holds the app's tables, else
    503 with the reason's kind.

    ``SELECT 1`` alone said "ok" for a mistyped SQLite path (SQLite makes an empty file)
    or a database never migrated, while every page failed: the migrations' own record
    must be there too."""
    try:
        migrated = db.session.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
    except SQLAlchemyError as problem:
        db.session.rollback()
        # Logged in full for the operator; the body names only the kind of failure.
        current_app.logger.warning("health check: the database is unavailable: %s", problem)
        return jsonify(status="unavailable", database=type(problem).__name__), 503
    if not migrated:
        current_app.logger.warning("health check: the database has no migration recorded")
        return jsonify(status="unavailable", database="NotMigrated"), 503
    return jsonify(status="ok", database="ok")


def init_app(app: Flask) -> None:
    """Register ``/healthz`` (no session, no CSRF: it only reads)."""
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
