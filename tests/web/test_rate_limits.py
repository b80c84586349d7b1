"""Rate limits in one process (memory storage; tests/web/test_rate_limit_processes.py has
Redis and gunicorn): what each limit counts, by which key, and the 429 it answers with.

Each test sets small limits; a window "ends" by resetting the app's storage (no clock,
no sleeping), which is what the end of the window does to the counters.
"""

from __future__ import annotations

import logging
import re

import pytest
from api.api_support import ONE_HOT, bearer, issue_token, make_user
from pgserver import free_port
from support import PASSWORD, add_user, make_test_app
from werkzeug import security

from quizapp.config import ConfigError, rate_limit_storage, unshared_storage_warning
from quizapp.operations.rate_limits import client_network, limiter_of

#: Limits large enough never to be met in a test, for the settings a test is not about.
ROOMY = "1000 per minute"
SETTINGS = (
    "QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT",
    "QUIZAPP_RATELIMIT_SIGN_IN_ADDRESS",
    "QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS",
    "QUIZAPP_RATELIMIT_PASSWORD_CHANGE_ACCOUNT",
    "QUIZAPP_RATELIMIT_API_TOKEN",
    "QUIZAPP_RATELIMIT_API_BAD_TOKEN_ADDRESS",
    "QUIZAPP_RATELIMIT_API_ANONYMOUS_QUESTIONS_ADDRESS",
)
OTHER_ADDRESS = {"REMOTE_ADDR": "198.51.100.7"}


def limited_app(database_url, storage="memory://", **limits):
    """An app with ``limits`` (setting name without the prefix → limit) and roomy others."""
    config = {name: ROOMY for name in SETTINGS}
    config.update({f"QUIZAPP_RATELIMIT_{name}": value for name, value in limits.items()})
    return make_test_app(database_url, RATELIMIT_STORAGE_URI=storage, **config)


def wrong_sign_in(client, email="ada@example.com", **kwargs):
    return client.post(
        "/auth/sign-in", data={"email": email, "password": "not the password"}, **kwargs
    )


def right_sign_in(client, email="ada@example.com", **kwargs):
    return client.post("/auth/sign-in", data={"email": email, "password": PASSWORD}, **kwargs)


def with_users(app, *emails):
    with app.app_context():
        for email in emails:
            add_user(email)


def assert_limited_page(response, what: bytes):
    """A 429 page saying what was limited and when to try again, with ``Retry-After``."""
    assert response.status_code == 429, response.status_code
    assert response.mimetype == "text/html"
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 3600
    page = response.get_data()
    assert what in page
    assert re.search(rb"Try again in \d+ (second|minute)s? \(after \d\d:\d\d:\d\d UTC\)", page)


def assert_limited_json(response, what: str):
    """A 429 in the API's error format (``{"error": ...}`` only), with ``Retry-After``."""
    assert response.status_code == 429, response.status_code
    assert response.mimetype == "application/json"
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert what in body["error"] and "Try again in" in body["error"], body


def test_the_next_sign_in_after_the_limit_is_refused_before_any_password_check(
    database_url, monkeypatch
):
    app = limited_app(database_url, SIGN_IN_ACCOUNT="3 per minute")
    with_users(app, "ada@example.com", "bob@example.com")
    client = app.test_client()
    checks = []
    real_check = security.check_password_hash

    def counted_check(pwhash, password):
        checks.append(password)
        return real_check(pwhash, password)

    monkeypatch.setattr(security, "check_password_hash", counted_check)
    for _ in range(3):
        assert wrong_sign_in(client).status_code == 422
    assert len(checks) == 3

    assert_limited_page(wrong_sign_in(client), b"too many sign-in attempts for this account")
    # The right password is refused too while the account is limited, and the email counts
    # however it is typed; none of these cost a password check.
    assert_limited_page(right_sign_in(client), b"this account")
    assert_limited_page(right_sign_in(client, email="  ADA@Example.COM "), b"this account")
    assert len(checks) == 3

    # Another account from the same address is not limited by Ada's.
    assert right_sign_in(app.test_client(), email="bob@example.com").status_code == 303

    limiter_of(app).reset()  # the window ends
    assert right_sign_in(client).status_code == 303


def test_failed_sign_ins_are_also_limited_per_address_over_all_accounts(database_url):
    app = limited_app(database_url, SIGN_IN_ACCOUNT="3 per minute", SIGN_IN_ADDRESS="5 per minute")
    with_users(app, "ada@example.com", "bob@example.com", "cy@example.com")
    client = app.test_client()
    for _ in range(3):
        assert wrong_sign_in(client, "ada@example.com").status_code == 422
    assert wrong_sign_in(client, "ada@example.com").status_code == 429  # Ada's own limit
    # Bob's account is not limited: his failures count towards the address's five.
    for _ in range(2):
        assert wrong_sign_in(client, "bob@example.com").status_code == 422
    assert_limited_page(wrong_sign_in(client, "bob@example.com"), b"failed sign-ins from your")
    assert_limited_page(right_sign_in(client, "cy@example.com"), b"your network address")

    # Another address is not affected, and its successful sign-ins do not count there.
    with_users(app, "dee@example.com", "eve@example.com")
    for email in ("dee@example.com", "eve@example.com") * 3:
        assert right_sign_in(client, email, environ_base=OTHER_ADDRESS).status_code == 303
    for email in ("fay@example.com", "gus@example.com") * 2 + ("hal@example.com",):
        assert wrong_sign_in(client, email, environ_base=OTHER_ADDRESS).status_code == 422
    assert wrong_sign_in(client, "ivy@example.com", environ_base=OTHER_ADDRESS).status_code == 429


def sign_up(client, email, **kwargs):
    data = {"display_name": "Ann", "email": email, "password": PASSWORD, "confirm": PASSWORD}
    return client.post("/auth/sign-up", data=data, **kwargs)


def test_sign_up_is_limited_per_address(database_url):
    app = limited_app(database_url, SIGN_UP_ADDRESS="2 per minute")
    client = app.test_client()
    assert sign_up(client, "one@example.com").status_code == 303
    assert sign_up(client, "two@example.com").status_code == 303
    assert_limited_page(sign_up(client, "three@example.com"), b"too many sign-ups")
    assert sign_up(client, "three@example.com", environ_base=OTHER_ADDRESS).status_code == 303


def change_password(client, current):
    return client.post(
        "/auth/password",
        data={"current": current, "password": "battery staple", "confirm": "battery staple"},
    )


def test_password_change_is_limited_per_account(database_url):
    app = limited_app(database_url, PASSWORD_CHANGE_ACCOUNT="2 per minute")
    with_users(app, "ada@example.com", "bob@example.com")
    ada, bob = app.test_client(), app.test_client()
    assert right_sign_in(ada).status_code == 303
    assert right_sign_in(bob, "bob@example.com").status_code == 303
    for _ in range(2):
        assert change_password(ada, "a wrong guess").status_code == 422
    assert_limited_page(change_password(ada, PASSWORD), b"change this account&#39;s password")
    assert change_password(bob, "a wrong guess").status_code == 422  # same address, other account
    assert ada.get("/auth/account").status_code == 200  # the page itself is not limited
    limiter_of(app).reset()
    assert change_password(ada, PASSWORD).status_code == 303


def test_api_requests_are_limited_per_token(database_url):
    app = limited_app(database_url, API_TOKEN="3 per minute")
    first = issue_token(app, make_user(app, "one@example.com"))
    second = issue_token(app, make_user(app, "two@example.com"))
    api = app.test_client()
    # One counter over every route the token is used on.
    assert api.get("/api/v1/progress", headers=bearer(first)).status_code == 200
    assert api.get("/api/v1/question-types", headers=bearer(first)).status_code == 200
    served = api.post(
        "/api/v1/questions", json={"type": "ce_one_hot", "params": ONE_HOT}, headers=bearer(first)
    )
    assert served.status_code == 201
    assert_limited_json(
        api.get("/api/v1/progress", headers=bearer(first)), "too many requests with this API token"
    )
    assert api.get("/api/v1/progress", headers=bearer(second)).status_code == 200
    assert api.get("/api/v1/question-types").status_code == 200  # no token: not this limit
    limiter_of(app).reset()
    assert api.get("/api/v1/progress", headers=bearer(first)).status_code == 200


def test_bad_api_tokens_are_limited_per_address_and_good_ones_do_not_count(database_url):
    app = limited_app(database_url, API_BAD_TOKEN_ADDRESS="2 per minute")
    good = issue_token(app, make_user(app))
    api = app.test_client()
    for _ in range(5):
        assert api.get("/api/v1/progress", headers=bearer(good)).status_code == 200
    for secret in ("qz_guess_1", "qz_guess_2"):
        assert api.get("/api/v1/progress", headers=bearer(secret)).status_code == 401
    limited = api.get("/api/v1/progress", headers=bearer("qz_guess_3"))
    assert_limited_json(limited, "invalid API token from your network address")
    # From another address the same request is merely refused.
    other = api.get("/api/v1/progress", headers=bearer("qz_guess_3"), environ_base=OTHER_ADDRESS)
    assert other.status_code == 401
    assert api.get("/api/v1/question-types").status_code == 200  # anonymous use goes on


def test_anonymous_api_questions_are_limited_per_address(database_url):
    app = limited_app(database_url, API_ANONYMOUS_QUESTIONS_ADDRESS="2 per minute")
    secret = issue_token(app, make_user(app))
    api = app.test_client()
    body = {"type": "ce_one_hot", "params": ONE_HOT}
    for _ in range(2):
        assert api.post("/api/v1/questions", json=body).status_code == 201
    limited = api.post("/api/v1/questions", json=body)
    assert_limited_json(limited, "without an API token")
    assert "Bearer" in limited.get_json()["error"]
    assert api.post("/api/v1/questions", json=body, headers=bearer(secret)).status_code == 201
    other = api.post("/api/v1/questions", json=body, environ_base=OTHER_ADDRESS)
    assert other.status_code == 201
    assert api.get("/api/v1/question-types").status_code == 200  # only creation is limited


def test_the_limits_leave_every_other_request_alone(database_url):
    app = limited_app(
        database_url, **{name.removeprefix("QUIZAPP_RATELIMIT_"): "1 per hour" for name in SETTINGS}
    )
    with_users(app, "ada@example.com")
    client = app.test_client()
    for _ in range(5):
        for path in ("/", "/practice/", "/auth/sign-in", "/auth/sign-up", "/healthz"):
            assert client.get(path).status_code == 200, path
        assert client.get("/api/v1/question-types").status_code == 200
        assert client.get("/api/v1/openapi.json").status_code == 200
    # Showing the sign-in and sign-up forms counted nothing.
    assert right_sign_in(client).status_code == 303
    for _ in range(5):
        assert client.get("/auth/account").status_code == 200
        assert client.get("/progress/").status_code == 200
    assert right_sign_in(client).status_code == 429  # while the limits are on


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(database_url):
    direct = limited_app(database_url, SIGN_UP_ADDRESS="1 per minute")
    client = direct.test_client()
    forged = {"X-Forwarded-For": "203.0.113.1"}
    assert sign_up(client, "one@example.com", headers=forged).status_code == 303
    forged = {"X-Forwarded-For": "203.0.113.2"}
    assert sign_up(client, "two@example.com", headers=forged).status_code == 429

    proxied = make_test_app(
        database_url, QUIZAPP_TRUSTED_PROXIES=1, QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS="1 per minute"
    )
    client = proxied.test_client()
    for index, address in enumerate(("203.0.113.1", "203.0.113.2")):
        made = sign_up(client, f"p{index}@example.com", headers={"X-Forwarded-For": address})
        assert made.status_code == 303
    again = sign_up(client, "p9@example.com", headers={"X-Forwarded-For": "203.0.113.1"})
    assert again.status_code == 429


def test_apps_with_memory_storage_count_apart_and_with_redis_together(database_url, redis_url):
    """Two apps stand for two processes: memory counters are each app's own (what several
    gunicorn workers would get), Redis counters are one."""
    alone = [limited_app(database_url, SIGN_IN_ACCOUNT="2 per minute") for _ in range(2)]
    together = [
        limited_app(database_url, redis_url, SIGN_IN_ACCOUNT="2 per minute") for _ in range(2)
    ]
    for first, _second in (alone, together):
        for _ in range(2):
            assert wrong_sign_in(first.test_client()).status_code == 422
    assert wrong_sign_in(alone[1].test_client()).status_code == 422
    assert_limited_page(wrong_sign_in(together[1].test_client()), b"this account")


def test_limit_settings_are_read_from_the_environment_and_checked(tmp_path, database_url):
    from quizapp.config import settings_from_env

    config = settings_from_env(str(tmp_path), {"QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS": "3/hour"})
    assert config["QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS"] == "3/hour"
    assert config["QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT"] == "10 per minute; 50 per hour"
    assert config["QUIZAPP_TRUSTED_PROXIES"] == 0
    assert (
        settings_from_env(str(tmp_path), {"QUIZAPP_TRUSTED_PROXIES": "2"})[
            "QUIZAPP_TRUSTED_PROXIES"
        ]
        == 2
    )
    with pytest.raises(ConfigError, match="QUIZAPP_TRUSTED_PROXIES must be the number"):
        settings_from_env(str(tmp_path), {"QUIZAPP_TRUSTED_PROXIES": "yes"})
    with pytest.raises(ConfigError, match="QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS must be rate"):
        make_test_app(database_url, QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS="lots")
    with pytest.raises(ConfigError, match="SIGN_IN_ACCOUNT: each limit must allow at least 1"):
        make_test_app(database_url, QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT="10 per hour; 0/minute")


@pytest.mark.parametrize("name", ["QUIZAPP_RATELIMIT_STORAGE", "RATELIMIT_STORAGE_URI"])
@pytest.mark.parametrize("value", ["127.0.0.1:6379", "mangodb://u:hunter2@db/limits"])
def test_a_storage_we_do_not_support_is_refused_naming_the_setting(name, value):
    with pytest.raises(ConfigError, match=f"{name} must be a storage URL") as refused:
        rate_limit_storage({name: value})
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize("value", ["memcached://127.0.0.1:11211", "redis+cluster://h:7000"])
def test_every_storage_limits_knows_is_still_taken(value):
    assert rate_limit_storage({"QUIZAPP_RATELIMIT_STORAGE": value}) == value


def test_the_storage_setting_and_the_warning_for_unshared_counters():
    redis = "redis://127.0.0.1:6379/0"
    assert rate_limit_storage({}) == "memory://"
    assert rate_limit_storage({"RATELIMIT_STORAGE_URI": redis}) == redis
    both = {"QUIZAPP_RATELIMIT_STORAGE": redis, "RATELIMIT_STORAGE_URI": "memory://"}
    assert rate_limit_storage(both) == redis
    assert unshared_storage_warning(1, {}) is None
    assert unshared_storage_warning(4, {"QUIZAPP_RATELIMIT_STORAGE": redis}) is None
    warning = unshared_storage_warning(4, {})
    assert "each of the 4 workers" in warning and "QUIZAPP_RATELIMIT_STORAGE=redis://" in warning


def test_without_its_redis_the_app_still_limits_in_memory_and_says_so(database_url, caplog):
    """A Redis that is down (nothing listens on its port) must neither fail every request
    nor lift the limits: each process counts on its own until Redis is back."""
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    app = limited_app(database_url, nothing_there, SIGN_IN_ACCOUNT="2 per minute")
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        for _ in range(2):
            assert wrong_sign_in(client).status_code == 422
        assert_limited_page(wrong_sign_in(client), b"this account")
    assert "falling back to in-memory storage" in caplog.text


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("", "unknown"),
    ],
)
def test_per_address_limits_count_an_ipv6_client_by_its_64_network(address, counted_as):
    assert client_network(address) == counted_as


def test_a_new_ipv6_address_in_the_same_64_is_still_limited(database_url):
    app = limited_app(database_url, SIGN_UP_ADDRESS="1 per minute")
    client = app.test_client()
    first = {"REMOTE_ADDR": "2001:db8:1:2::10"}
    assert sign_up(client, "one@example.com", environ_base=first).status_code == 303
    same_network = {"REMOTE_ADDR": "2001:db8:1:2:ffff::99"}
    assert sign_up(client, "two@example.com", environ_base=same_network).status_code == 429
    other_network = {"REMOTE_ADDR": "2001:db8:1:3::10"}
    assert sign_up(client, "two@example.com", environ_base=other_network).status_code == 303
