"""Practise: choose topics → question → answer → feedback with a worked solution → next."""

from flask import Blueprint

bp = Blueprint("practice", __name__)

from quizapp.practice import after, views  # noqa: E402,F401  (registers the routes on bp)
