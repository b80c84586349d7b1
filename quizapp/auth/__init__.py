"""Accounts: sign up, sign in, sign out, change password; guests keep their attempts."""

from flask import Blueprint

from quizapp.main.headers import no_store

bp = Blueprint("auth", __name__)
# Account pages show one person's data; the sign-in forms carry their session's CSRF token.
bp.after_request(no_store)

# Importing registers the routes on bp (ownership: data export and account deletion).
from quizapp.auth import ownership, timezone_views, views  # noqa: E402,F401
