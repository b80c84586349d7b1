"""Learners' side of class assignments: an assignment's page, its items, "next item"."""

from flask import Blueprint

bp = Blueprint("assignments", __name__)

from quizapp.assignments import views, zones  # noqa: E402,F401  (registers routes and filters)
