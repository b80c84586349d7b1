"""The home page, plus the app-wide error pages and security headers."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from quizapp.main.nav import site_nav  # noqa: E402
from quizapp.main.template_urls import template_url_for  # noqa: E402

bp.add_app_template_global(site_nav)
bp.add_app_template_global(template_url_for, "url_for")  # in place of Flask's own

from quizapp.main import csp_reports, views  # noqa: E402,F401  (registers the routes on bp)
