"""Settings from the environment, and the SQLite connection settings."""

import pytest
from sqlalchemy import text

from quizapp import create_app
from quizapp.config import ConfigError, require_secret_key, settings_from_env
from quizapp.extensions import db


def test_production_without_secret_key_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("QUIZAPP_ENV", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app()


def test_development_creates_and_keeps_a_key(tmp_path):
    config = settings_from_env(str(tmp_path), {"QUIZAPP_ENV": "development"})
    require_secret_key(config, str(tmp_path))
    again = settings_from_env(str(tmp_path), {"QUIZAPP_ENV": "development"})
    require_secret_key(again, str(tmp_path))
    assert len(config["SECRET_KEY"]) >= 32 and config["SECRET_KEY"] == again["SECRET_KEY"]


def test_testing_mode_needs_no_key(tmp_path):
    config = settings_from_env(str(tmp_path), {"QUIZAPP_ENV": "testing"})
    require_secret_key(config, str(tmp_path))
    assert config["SECRET_KEY"]


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="QUIZAPP_ENV must be one of"):
        settings_from_env(str(tmp_path), {"QUIZAPP_ENV": "staging"})


def test_database_url_defaults_to_sqlite_in_instance_folder(tmp_path):
    config = settings_from_env(str(tmp_path), {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'quizapp.sqlite'}"


def test_postgres_scheme_is_normalised(tmp_path):
    config = settings_from_env(str(tmp_path), {"DATABASE_URL": "postgres://u:p@db/quiz"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql://u:p@db/quiz"


def test_secure_cookies_flag(tmp_path):
    config = settings_from_env(str(tmp_path), {"QUIZAPP_SECURE_COOKIES": "1"})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_sqlite_has_foreign_keys_and_wal(app):
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
