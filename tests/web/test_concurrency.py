"""Requests that race each other, run for real: threads against one SQLite file."""

from __future__ import annotations

from support import at_once, make_test_app

from quizapp.extensions import db
from quizapp.models import User

# A deliberately slow hash (like production's scrypt) keeps both requests between the
# email check and the insert at once, which is where a race would show.
SLOW_HASH = "pbkdf2:sha256:60000"


def test_two_sign_ups_with_one_email_at_once_create_one_account(database_url):
    """Both pass the 'is this email free?' check before either inserts; the second insert
    used to raise IntegrityError (a 500) every time. Now both get the normal answer."""
    app = make_test_app(database_url, PASSWORD_HASH_METHOD=SLOW_HASH)
    form = {
        "display_name": "Ada",
        "email": "ada@example.com",
        "password": "correct horse",
        "confirm": "correct horse",
    }
    for attempt in range(3):
        form["email"] = f"ada{attempt}@example.com"
        first, second = app.test_client(), app.test_client()
        responses = at_once(
            lambda c=first: c.post("/auth/sign-up", data=form),
            lambda c=second: c.post("/auth/sign-up", data=form),
        )
        assert [r.status_code for r in responses] == [303, 303], [r.status_code for r in responses]
        assert responses[0].headers["Location"] == responses[1].headers["Location"]
        with app.app_context():
            emails = db.session.execute(db.select(User.email)).scalars().all()
            assert emails.count(form["email"]) == 1
