"""Helpers for the API tests: users with personal tokens, counting rows."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import ApiToken, User

ONE_HOT = {"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}
ONE_HOT_ANSWER = "0.3567"


def make_user(app, email: str = "api@example.com") -> int:
    """A learner account, created directly (the sign-up form is tested elsewhere)."""
    with app.app_context():
        user = User(email=email, display_name=email.split("@")[0], role="learner")
        user.set_password("correct horse", app.config["PASSWORD_HASH_METHOD"])
        db.session.add(user)
        db.session.commit()
        return user.id


def issue_token(app, user_id: int, name: str = "script") -> str:
    """A personal API token for ``user_id``; returns the secret."""
    with app.app_context():
        token, secret = ApiToken.issue(user_id, name)
        db.session.add(token)
        db.session.commit()
        return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def count(app, model, **where) -> int:
    with app.app_context():
        query = db.select(db.func.count()).select_from(model).filter_by(**where)
        return db.session.execute(query).scalar_one()
