"""Lifting PostgreSQL's statement timeout for maintenance that may rightly run long.

Every connection of the app starts with ``config.POSTGRES_STATEMENT_TIMEOUT_MS`` (or the
one the URL's ``?options=`` set), so a runaway query cannot outlive its request. A cron
job's purge of a large table or a bulk load's VACUUM is no request: it lifts the limit for
its own connection (migrations too, and set it back after, in ``migrations/env.py``).
"""

from __future__ import annotations

from sqlalchemy import Connection


def lift_statement_timeout(connection: Connection) -> None:
    """No statement timeout for the rest of ``connection``'s session (PostgreSQL only).
    Inside a transaction the change lasts only if that transaction commits."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET statement_timeout = 0")
