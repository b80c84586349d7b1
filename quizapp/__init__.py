"""quizapp: interview practice for the mathematics of classification losses."""

from __future__ import annotations

from typing import Any

from flask import Flask

from quizapp.paths import static_folder, template_folder


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app: settings, extensions, blueprints, CLI, error pages."""
    from quizapp import cli, config
    from quizapp.admin import bp as admin_bp
    from quizapp.api import bp as api_bp
    from quizapp.assignments import bp as assignments_bp
    from quizapp.auth import bp as auth_bp
    from quizapp.classes import bp as classes_bp
    from quizapp.dashboard import bp as dashboard_bp
    from quizapp.extensions import csrf, db, login_manager, migrate
    from quizapp.instructor import bp as instructor_bp
    from quizapp.interview import bp as interview_bp
    from quizapp.main import bp as main_bp
    from quizapp.main import csp_reports, errors, headers, routing, storable_text
    from quizapp.operations import (
        health,
        idle_ping,
        locked_retry,
        proxies,
        rate_limits,
        read_only,
        request_log,
    )
    from quizapp.practice import bp as practice_bp
    from quizapp.rendering import install_filters
    from quizapp.set_links import bp as set_links_bp

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(template_folder()),
        static_folder=str(static_folder()),
    )
    app.config.from_mapping(config.settings_from_env(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.require_secret_key(app.config, app.instance_path)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )

    db.init_app(app)
    idle_ping.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    install_filters(app.jinja_env)

    routing.init_app(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(practice_bp, url_prefix="/practice")
    # The API authenticates by bearer token only (never the session cookie), so no CSRF.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(dashboard_bp, url_prefix="/progress")
    app.register_blueprint(interview_bp, url_prefix="/interview")
    app.register_blueprint(instructor_bp, url_prefix="/instructor")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(set_links_bp, url_prefix="/sets")
    app.register_blueprint(classes_bp, url_prefix="/classes")
    app.register_blueprint(assignments_bp, url_prefix="/assignments")
    health.init_app(app)
    locked_retry.init_app(app)  # after every view is registered: it wraps them
    rate_limits.init_app(app)  # after locked_retry: a retried view is counted once
    request_log.init_app(app)
    read_only.init_app(app)
    storable_text.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    csp_reports.init_app(app)
    cli.init_app(app)
    proxies.init_app(app)
    return app
