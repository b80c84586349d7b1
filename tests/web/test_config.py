"""Settings from the environment, and the SQLite and PostgreSQL connection settings."""

import pytest
from sqlalchemy import text

from quizapp import create_app
from quizapp.config import (
    OLDEST_SQLITE,
    SHORTEST_SECRET_KEY,
    ConfigError,
    refuse_old_sqlite,
    require_secret_key,
    settings_from_env,
)
from quizapp.extensions import db


def test_production_without_secret_key_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("QUIZAPP_ENV", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app()


@pytest.mark.parametrize("key", ["change-me", "x" * (SHORTEST_SECRET_KEY - 1)])
def test_production_refuses_a_short_secret_key_without_repeating_it(tmp_path, key):
    # Whoever guesses the key signs a cookie naming any user; a short one is guessed offline.
    config = settings_from_env(str(tmp_path), {"SECRET_KEY": key})
    with pytest.raises(ConfigError, match=f"SECRET_KEY is {len(key)} characters long") as refused:
        require_secret_key(config, str(tmp_path))
    assert "token_hex" in str(refused.value) and key not in str(refused.value)


def test_production_takes_a_long_enough_key_and_other_modes_any(tmp_path):
    config = settings_from_env(str(tmp_path), {"SECRET_KEY": "k" * SHORTEST_SECRET_KEY})
    require_secret_key(config, str(tmp_path))
    for mode in ("development", "testing"):
        config = settings_from_env(str(tmp_path), {"SECRET_KEY": "dev", "QUIZAPP_ENV": mode})
        require_secret_key(config, str(tmp_path))
        assert config["SECRET_KEY"] == "dev"


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


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgres_urls_use_the_psycopg_driver(tmp_path, scheme):
    config = settings_from_env(str(tmp_path), {"DATABASE_URL": f"{scheme}://u:p@db/quiz"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/quiz"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("notaurl", "DATABASE_URL is not a database URL"),
        ("mysql://quizapp:hunter2@db/quiz", "DATABASE_URL names a mysql database"),
    ],
)
def test_a_database_url_we_cannot_use_is_refused_naming_the_setting(tmp_path, url, message):
    with pytest.raises(ConfigError, match=message) as refused:
        settings_from_env(str(tmp_path), {"DATABASE_URL": url})
    assert "hunter2" not in str(refused.value)


def test_secure_cookies_flag(tmp_path):
    config = settings_from_env(str(tmp_path), {"QUIZAPP_SECURE_COOKIES": "1"})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


@pytest.mark.parametrize("name", ["QUIZAPP_SECURE_COOKIES", "QUIZAPP_REQUEST_LOG"])
@pytest.mark.parametrize("value", ["ture", "2", "enabled", ""])
def test_a_yes_no_setting_that_is_neither_is_refused(tmp_path, name, value):
    """A typo must not read as "no": for the cookies that meant plain-HTTP sessions."""
    with pytest.raises(ConfigError, match=f"{name} must be one of"):
        settings_from_env(str(tmp_path), {name: value})


@pytest.mark.parametrize("value, expected", [("yes", True), (" On ", True), ("off", False)])
def test_yes_no_settings_take_the_usual_words(tmp_path, value, expected):
    config = settings_from_env(str(tmp_path), {"QUIZAPP_SECURE_COOKIES": value})
    assert config["SESSION_COOKIE_SECURE"] is expected


@pytest.mark.parametrize("method", ["bcrypt", "plain", "pbkdf2:sha256:abc", "pbkdf2:nohash"])
def test_an_unknown_password_hash_method_is_refused_at_start(tmp_path, method):
    with pytest.raises(ConfigError, match="QUIZAPP_PASSWORD_HASH must be"):
        settings_from_env(str(tmp_path), {"QUIZAPP_PASSWORD_HASH": method})


@pytest.mark.backends("sqlite")
def test_sqlite_has_foreign_keys_wal_normal_sync_and_a_busy_timeout(app):
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert db.session.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000


@pytest.mark.backends("postgresql")
def test_postgresql_sessions_speak_utc_and_read_back_aware_utc_times(app):
    """Whatever the server's zone, timestamps are UTC on the way in and on the way out."""
    from quizapp.models import User, utcnow

    with app.app_context():
        assert db.session.execute(text("SHOW TimeZone")).scalar_one() == "UTC"
        db.session.add(User(email="a@example.com", display_name="A", password_hash="x"))
        db.session.commit()
        created = db.session.execute(db.select(User.created_at)).scalar_one()
        assert created.utcoffset().total_seconds() == 0
        assert abs((utcnow() - created).total_seconds()) < 60


def test_an_sqlite_without_returning_is_refused_at_start_saying_what_to_do():
    """Answers use RETURNING (SQLite 3.35): an older one would fail every answer."""
    refuse_old_sqlite(OLDEST_SQLITE)  # the oldest that works
    with pytest.raises(ConfigError, match=r"SQLite is 3\.34\.1; quizapp needs SQLite 3\.35\.0"):
        refuse_old_sqlite((3, 34, 1))
