"""The home page, plus the app-wide error pages and security headers."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from quizapp.main.nav import site_nav  # noqa: E402

bp.add_app_template_global(site_nav)

from quizapp.main import csp_reports, views  # noqa: E402,F401  (registers the routes on bp)
