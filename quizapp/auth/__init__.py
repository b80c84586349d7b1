"""Accounts: sign up, sign in, sign out, change password; guests keep their attempts."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

# Importing registers the routes on bp (ownership: data export and account deletion).
from quizapp.auth import ownership, views  # noqa: E402,F401
