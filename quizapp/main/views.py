"""The home page: what the app is, the topics it covers, and a way in."""

from __future__ import annotations

from flask import render_template

from quizapp.main import bp
from quizapp.services.practice import topics_with_counts


@bp.get("/")
def home():
    """Say what the app is for and list the topics with a link to practise each."""
    return render_template("main/home.html", topics=topics_with_counts())
