"""Practise: choose topics → question → answer → feedback with a worked solution → next."""

from flask import Blueprint

from quizapp.rendering import fixed_urls

bp = Blueprint("practice", __name__)
# The question pages print their script's and the live preview's addresses with it.
bp.record_once(lambda state: fixed_urls.init_app(state.app))

from quizapp.practice import after, views  # noqa: E402,F401  (registers the routes on bp)
