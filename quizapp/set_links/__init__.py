"""Learners' side of instructors' sets: a published set's page from its link, and its items.

Items are answered on the practice question and feedback pages (they are served like
any practice question); this area shows the set, serves its items in order and takes
learners' reports of problems. Guests may practise a set, as they may practise anything.
"""

from flask import Blueprint

bp = Blueprint("set_links", __name__)

from quizapp.set_links import views  # noqa: E402,F401  (registers the routes on bp)
