"""Learners' side of classes: join with a code or a link, see one's classes, leave."""

from flask import Blueprint

bp = Blueprint("classes", __name__)

from quizapp.classes import views  # noqa: E402,F401  (registers the routes on bp)
