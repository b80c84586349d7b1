"""Rate limits on sign-in, sign-up, password change and the API, counted in one shared store.

The limits themselves (how many, per what) are settings: see ``RATE_LIMITS`` in
``quizapp/config.py``. This module says which requests each one counts, by which key,
and answers a request over a limit with a 429 that says what was limited and when to try
again, with a ``Retry-After`` header: an HTML page, or JSON under /api/.

Each app gets its own ``Limiter`` (so two apps in one process, as in the tests, never
share counters by accident); every process of one deployment shares them through the
storage ``RATELIMIT_STORAGE_URI`` names (Redis). The limits wrap the views themselves,
outside everything else, so a limited sign-in is refused before its password is hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, current_app, make_response, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_login import current_user
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from quizapp.auth.forms import normalise_email
from quizapp.config import RATE_LIMITS, checked_rate_limit
from quizapp.main.errors import handle_http_error

#: Where each app keeps its limiter (tests reset its storage through it).
EXTENSION_KEY = "quizapp_limiter"
#: Every counter's key starts with this, so the app can share a Redis database with others.
KEY_PREFIX = "quizapp"
#: Flask-Limiter's logger, whose warnings say when the shared storage is lost or back.
LIMITER_LOGGER = "flask-limiter"
#: A Redis that does not answer costs a request at most this long before the limits fall
#: back to per-process memory (and say so in the log) rather than failing the request.
REDIS_TIMEOUT_SECONDS = 2


def limiter_of(app: Flask) -> Limiter:
    """The app's limiter."""
    return app.extensions[EXTENSION_KEY]


def init_app(app: Flask) -> None:
    """Wrap the limited views in their limits and answer 429s (call it after every view is
    registered and wrapped, so a retried view is not counted twice)."""
    for name in RATE_LIMITS:  # settings_from_env checked the environment's; a mapping
        checked_rate_limit(name, app.config[name])  # given to create_app may hold others
    storage = app.config.get("RATELIMIT_STORAGE_URI", "")
    limiter = Limiter(
        client_network,
        strategy="fixed-window",
        key_prefix=KEY_PREFIX,
        in_memory_fallback_enabled=True,
        swallow_errors=True,  # a store failing mid-request is logged, never a 500
        storage_options=(
            {
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            }
            if storage.startswith("redis")
            else {}
        ),
    )
    limiter.init_app(app)
    _let_storage_warnings_out()
    # Every limit here wraps its view (below), and a wrapped view checks its own limits.
    # The check Flask-Limiter also runs before every request is for default, application
    # and blueprint limits, of which there are none: on every page it found nothing, at a
    # cost of about 30 µs, a tenth of a cheap page's own work. (Should such limits ever be
    # configured, the check stays.)
    manager = limiter.limit_manager
    if not (manager.default_limits or manager.application_limits or limiter._meta_limits):
        app.before_request_funcs[None].remove(limiter._check_request_limit)
    app.extensions[EXTENSION_KEY] = limiter
    for endpoint, limits in _limits_by_endpoint(app, limiter).items():
        view = app.view_functions[endpoint]
        for limit in limits:
            view = limit(view)
        app.view_functions[endpoint] = view
    app.register_error_handler(RateLimitExceeded, too_many_requests)


def _let_storage_warnings_out() -> None:
    """Flask-Limiter's warnings ("Rate limit storage unreachable - falling back to
    in-memory storage") on stderr, where our own go when logging is not configured.

    Its logger has a NullHandler, so Python's last-resort handler never printed them: when
    Redis went down every process quietly counted alone, multiplying each limit by the
    number of processes. A handler of the operator's, on it or on the root logger when the
    app starts, wins; one set up later gets the warnings too (they still propagate)."""
    logger = logging.getLogger(LIMITER_LOGGER)
    configured = [h for h in logger.handlers if not isinstance(h, logging.NullHandler)]
    if configured or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    logger.addHandler(handler)


def _limits_by_endpoint(app: Flask, limiter: Limiter) -> dict[str, list]:
    """endpoint → the limits that wrap it."""
    config = app.config
    sign_in_account = limiter.limit(
        config["QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT"],
        key_func=_typed_account,
        methods=["POST"],
        exempt_when=lambda: not _typed_email(),
        error_message="There have been too many sign-in attempts for this account.",
    )
    sign_in_address = limiter.limit(
        config["QUIZAPP_RATELIMIT_SIGN_IN_ADDRESS"],
        methods=["POST"],
        deduct_when=lambda response: response.status_code == 422,  # a refused sign-in
        error_message="There have been too many failed sign-ins from your network address.",
    )
    sign_up_address = limiter.limit(
        config["QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS"],
        methods=["POST"],
        error_message="There have been too many sign-ups from your network address.",
    )
    password_change = limiter.limit(
        config["QUIZAPP_RATELIMIT_PASSWORD_CHANGE_ACCOUNT"],
        key_func=lambda: f"user:{current_user.id}",
        methods=["POST"],
        exempt_when=lambda: not current_user.is_authenticated,  # login_required answers
        error_message="There have been too many attempts to change this account's password.",
    )
    # One counter per token (or per address) over all API routes, hence shared limits.
    api_token = limiter.shared_limit(
        config["QUIZAPP_RATELIMIT_API_TOKEN"],
        scope="api-token",
        key_func=lambda: "token:" + _digest(_bearer_secret() or ""),
        exempt_when=lambda: not _bearer_secret(),
        error_message="There have been too many requests with this API token.",
    )
    api_bad_token = limiter.shared_limit(
        config["QUIZAPP_RATELIMIT_API_BAD_TOKEN_ADDRESS"],
        scope="api-bad-token",
        exempt_when=lambda: "Authorization" not in request.headers,
        deduct_when=lambda response: response.status_code == 401,
        error_message=(
            "There have been too many requests with an invalid API token from your network address."
        ),
    )
    api_anonymous_questions = limiter.limit(
        config["QUIZAPP_RATELIMIT_API_ANONYMOUS_QUESTIONS_ADDRESS"],
        methods=["POST"],
        exempt_when=lambda: "Authorization" in request.headers,
        error_message=(
            "Too many questions have been served without an API token to your network "
            "address; send a personal API token ('Authorization: Bearer <token>'), or wait."
        ),
    )
    by_endpoint: dict[str, list] = {
        "auth.sign_in": [sign_in_account, sign_in_address],
        "auth.sign_up": [sign_up_address],
        "auth.change_password": [password_change],
    }
    for endpoint in app.view_functions:
        if endpoint.startswith("api."):
            by_endpoint[endpoint] = [api_bad_token, api_token]
    by_endpoint["api.create_question"].append(api_anonymous_questions)
    return by_endpoint


def client_network(address: str | None = None) -> str:
    """What a per-address limit counts by: the client's IPv4 address, or the /64 network of
    an IPv6 one (one subscriber usually has a whole /64, and could otherwise take a fresh
    address for every try)."""
    text = address if address is not None else (request.remote_addr or "")
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _typed_email() -> str:
    return normalise_email(request.form.get("email"))


def _typed_account() -> str:
    """The account a sign-in names: the email as typed, normalised as accounts are looked up
    (so "Ada@Example.com " counts against ada@example.com), and keyed by a keyed hash, so
    the store holds neither emails nor anything that confirms a guessed one."""
    return "account:" + _digest(_typed_email())


def _bearer_secret() -> str | None:
    """The token of an ``Authorization: Bearer`` header (None without one)."""
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip() or None


def _digest(value: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def too_many_requests(error: RateLimitExceeded) -> Response:
    """429 saying what was limited and when to try again, as the page or the API's JSON."""
    wait = seconds_until_reset(error)
    moment = datetime.fromtimestamp(time.time() + wait, UTC).strftime("%H:%M:%S UTC")
    message = f"{error.description} Try again in {_duration(wait)} (after {moment})."
    response = make_response(handle_http_error(TooManyRequests(description=message)))
    response.headers["Retry-After"] = str(wait)
    return response


def seconds_until_reset(error: RateLimitExceeded) -> int:
    """Whole seconds until the breached limit's window ends (at least 1)."""
    breached = limiter_of(current_app).current_limit
    try:
        reset_at = breached.reset_at if breached is not None else None
    except Exception:  # the store failed between the check and now: a whole window then
        reset_at = None
    if reset_at is None:
        return max(1, int(error.limit.limit.get_expiry()))
    return max(1, int(reset_at - time.time()))


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"
