"""Accounts: sign up, sign in, sign out, change password; guests keep their attempts."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from quizapp.auth import views  # noqa: E402,F401  (registers the routes on bp)
