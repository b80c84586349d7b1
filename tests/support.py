"""Helpers shared by the test folders (conftest modules cannot import each other by name)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_migrate import upgrade

from quizapp import create_app

FAST_HASH = "pbkdf2:sha256:1000"  # scrypt is deliberately slow; tests need speed, not strength


def make_test_app(db_path, **overrides):
    """An app on a real SQLite file, its schema built only by the Alembic migrations."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def token_from(response) -> str:
    """The served-question token from a redirect to /practice/question/<token>."""
    assert response.status_code == 303, response.status_code
    path = urlsplit(response.headers["Location"]).path
    assert path.startswith("/practice/question/"), path
    return path.rsplit("/", 1)[-1]


ONE_HOT_PARAMS = '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'
