"""Alembic environment for Flask-Migrate: the app's engine and metadata drive the migrations.

Unlike Alembic's default, this does not call logging.config.fileConfig: that would
reset the app's (and pytest's) logging every time migrations run.
"""

import logging
from contextlib import contextmanager

from alembic import context
from flask import current_app

from quizapp.operations.statement_timeout import lift_statement_timeout

logger = logging.getLogger("alembic.env")
config = context.config


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_metadata():
    return current_app.extensions["migrate"].db.metadata


config.set_main_option(
    "sqlalchemy.url", get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline():
    """Emit SQL to stdout instead of running it (``flask db upgrade --sql``)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=get_metadata(),
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations against the app's database."""

    def process_revision_directives(context, revision, directives):
        # Never write an empty revision by accident from `flask db migrate`.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with get_engine().connect() as connection, _without_statement_timeout(connection):
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()


@contextmanager
def _without_statement_timeout(connection):
    """On PostgreSQL, lift the app's statement timeout (``config.engine_options``) while the
    migrations run: building an index on a large table may take longer, and a cancelled
    build would leave the schema half way. RESET afterwards, so the connection goes back
    to the pool with the app's timeout; after a failure the connection is dropped from the
    pool instead (a new one starts with the timeout), so that cleaning up a broken
    connection never hides the migration's own error."""
    postgresql = connection.dialect.name == "postgresql"
    lift_statement_timeout(connection)
    connection.commit()  # committed, so Alembic begins its own transaction
    try:
        yield
    except BaseException:
        if postgresql:
            connection.invalidate()
        raise
    if postgresql:
        connection.exec_driver_sql("RESET statement_timeout")
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
