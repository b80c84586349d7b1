"""Who is calling the API: the owner of a personal token sent as ``Authorization: Bearer``.

The browser session is deliberately never consulted: a cookie is sent by the browser on
its own, so an API that honoured it would need CSRF protection; a bearer token is not.
"""

from __future__ import annotations

from datetime import timedelta

from flask import g, request

from quizapp.api.errors import ApiError
from quizapp.extensions import db
from quizapp.models import User, utcnow
from quizapp.models.api_token import TOKEN_PREFIX, ApiToken, hash_secret

#: ``last_used_at`` is written at most this often per token, so busy clients cost few writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_MAX_SECRET_CHARS = 200


def api_user() -> User | None:
    """The user behind the request's bearer token; None when no Authorization header is sent.

    A header that is present but malformed, unknown or revoked is a 401, never a silent
    fall-back to anonymous use (the caller would believe their answers are recorded).
    """
    if "api_user" not in g:
        g.api_user = _authenticate(request.headers.get("Authorization"))
    return g.api_user


def require_api_user() -> User:
    """The authenticated user, or a 401 saying how to authenticate."""
    user = api_user()
    if user is None:
        raise ApiError(
            401,
            "This route needs a personal API token: create one on your account page and send "
            "it as 'Authorization: Bearer <token>'.",
        )
    return user


def _authenticate(header: str | None) -> User | None:
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise ApiError(401, "The Authorization header must be 'Bearer <token>'.")
    token = _find_token(secret)
    if token is None:
        raise ApiError(401, "This API token is not valid. Check it, or create a new one.")
    if token.revoked_at is not None:
        raise ApiError(401, "This API token has been revoked. Create a new one.")
    user_id = token.user_id
    # Touch first: its commit would expire a user loaded before it, costing a second SELECT.
    _touch(token)
    user = db.session.get(User, user_id)
    if user is None:  # the account was deleted between the lookup and now
        raise ApiError(401, "This API token is not valid. Check it, or create a new one.")
    return user


def _find_token(secret: str) -> ApiToken | None:
    """The token whose hash matches ``secret``: found by hash, confirmed in constant time."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > _MAX_SECRET_CHARS:
        return None
    token = db.session.execute(
        db.select(ApiToken).filter_by(token_hash=hash_secret(secret))
    ).scalar_one_or_none()
    return token if token is not None and token.matches(secret) else None


def _touch(token: ApiToken) -> None:
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
