"""The production gunicorn settings (docs/deploy/gunicorn.conf.py) refuse a worker count that
would serve nothing, and settings the app would refuse, saying which setting is wrong,
before any worker starts."""

from __future__ import annotations

import os
import subprocess

import pytest
from live_gunicorn import GUNICORN, ROOT, free_port, wait_for_answer

KEY = "a-key-of-32-characters-or-more-for-production"


def run_gunicorn(tmp_path, *options: str, **settings: str) -> subprocess.CompletedProcess:
    """gunicorn with this file on quizapp, a fresh SQLite and a good key unless
    ``settings`` say otherwise, run to its end."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite'}",
        **settings,
    }
    return subprocess.run(
        [
            str(GUNICORN),
            "--config",
            "docs/deploy/gunicorn.conf.py",
            *options,
            "quizapp:create_app()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def check_config(workers: str, tmp_path) -> subprocess.CompletedProcess:
    """``gunicorn --check-config``: reads the settings and loads the app, serves nothing."""
    return run_gunicorn(tmp_path, "--check-config", WEB_CONCURRENCY=workers)


@pytest.mark.parametrize("workers", ["0", "00"])
def test_a_worker_count_of_zero_is_refused(workers, tmp_path):
    # gunicorn itself took 0 and then served nothing, without a word, until killed. (A
    # word or "2.5" stops gunicorn with its own traceback, before it reads this file.)
    done = check_config(workers, tmp_path)
    assert done.returncode != 0
    assert f"WEB_CONCURRENCY='{workers}'" in done.stderr and "1 or more" in done.stderr


@pytest.mark.parametrize("workers", ["1", " 3 "])
def test_a_positive_worker_count_is_taken(workers, tmp_path):
    done = check_config(workers, tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("SECRET_KEY", "", "SECRET_KEY is not set"),
        ("SECRET_KEY", "too-short", "SECRET_KEY is 9 characters long"),
        ("DATABASE_URL", "mysql://db/quiz", "DATABASE_URL names a mysql database"),
        (
            "QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT",
            "ten a minute",
            "QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT must be rate limits",
        ),
    ],
)
def test_settings_the_app_refuses_stop_the_master_with_one_message(
    setting, value, message, tmp_path
):
    """The master checks them before any worker starts: one line saying what is wrong, where
    each of the two workers used to print a traceback with the message last."""
    done = run_gunicorn(tmp_path, BIND="127.0.0.1:0", WEB_CONCURRENCY="2", **{setting: value})
    assert done.returncode != 0
    assert done.stderr.count(message) == 1, done.stderr
    assert "Traceback" not in done.stderr and "Booting worker" not in done.stderr


def test_another_app_served_with_these_settings_needs_none_of_quizapps(tmp_path):
    """bench/load.py serves its one-route "hello" with this file, with no SECRET_KEY: the
    master checks quizapp's settings only when it serves quizapp."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    config = ROOT / "docs/deploy/gunicorn.conf.py"
    with open(tmp_path / "log", "wb") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(config), "hello_app:app"],
            cwd=ROOT / "bench",
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        answer = wait_for_answer(process, f"http://127.0.0.1:{port}/", tmp_path / "log")
        assert answer.text == "hello"
    finally:
        process.terminate()
        process.wait(timeout=30)


GOOD = {"SECRET_KEY": KEY, "DATABASE_URL": "sqlite://"}


@pytest.mark.parametrize(
    ("environ", "found"),
    [
        (GOOD, None),
        ({**GOOD, "QUIZAPP_ENV": "development", "SECRET_KEY": ""}, None),
        ({**GOOD, "SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({**GOOD, "QUIZAPP_ENV": "staging"}, "QUIZAPP_ENV must be one of"),
        ({**GOOD, "QUIZAPP_RATELIMIT_API_TOKEN": "0 per minute"}, "at least 1 request"),
        ({**GOOD, "QUIZAPP_TRUSTED_PROXIES": "two"}, "QUIZAPP_TRUSTED_PROXIES"),
    ],
    ids=["good", "development", "no-key", "mode", "rate-limit", "proxies"],
)
def test_startup_problem_names_what_create_app_would_refuse(environ, found):
    from quizapp import create_app
    from quizapp.config import ConfigError, startup_problem

    problem = startup_problem(environ)
    if found is None:
        assert problem is None
        return
    assert problem is not None and found in problem
    with pytest.MonkeyPatch.context() as patch:  # the same environment, through create_app
        for name in [*GOOD, *(name for name in os.environ if name.startswith("QUIZAPP_"))]:
            patch.delenv(name, raising=False)
        for name, value in environ.items():
            patch.setenv(name, value)
        with pytest.raises(ConfigError) as refused:
            create_app()
    assert str(refused.value) == problem
