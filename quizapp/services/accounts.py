"""Signing up and signing in, answered so that neither the reply nor its timing tells
whether an email has an account.

Both functions do one password hash of the same method whichever way they go: sign-up
hashes before it knows whether the email is taken, and sign-in checks an unknown email's
password against a dummy hash. Without that, a sign-in took 4.6 ms for an unknown email
and 105 ms for a known one (scrypt), which answered the question the message did not.
"""

from __future__ import annotations

import secrets
from functools import cache

from sqlalchemy.exc import IntegrityError
from werkzeug import security

from quizapp.extensions import db
from quizapp.models import User


def register(email: str, display_name: str, password: str, method: str) -> User | None:
    """Create a learner account; ``None`` when the email has one already (it is not changed).

    The unique index on the email decides, not a look-up before the insert: two sign-ups
    with one email at the same moment both passed such a look-up, and the second insert
    failed with an IntegrityError. Now the second is simply told what the first is told.
    """
    user = User(
        email=email,
        display_name=display_name,
        role="learner",
        password_hash=security.generate_password_hash(password, method=method),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if find_user(email) is None:  # some other constraint failed: not ours to hide
            raise
        return None
    return user


def authenticate(email: str, password: str, method: str) -> User | None:
    """The user with this email and password, or ``None``, after one password check either way.

    ``method`` is the configured hashing method, so the dummy check for an unknown email
    costs what checking a real (new) password costs.
    """
    user = find_user(email)
    if user is None:
        security.check_password_hash(_dummy_hash(method), password)
        return None
    return user if user.check_password(password) else None


def find_user(email: str) -> User | None:
    """The account with this (normalised) email, if any."""
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


@cache
def _dummy_hash(method: str) -> str:
    """A hash of a random password nobody knows, made once per process and method.

    Only a constant of this process is kept, never state that other processes need.
    """
    return security.generate_password_hash(secrets.token_urlsafe(16), method=method)


def change_password(user: User, password: str, method: str) -> None:
    """Store the new password and end every sign-in made with the old one.

    The new hash alone changes the fingerprint in the session id; the generation is bumped
    too, so that "every sign-in before now has ended" does not hang on a hash detail.
    """
    user.set_password(password, method)
    _bump_generation(user)
    db.session.commit()


def end_every_session(user: User) -> None:
    """Sign ``user`` out everywhere: every session and remember-me cookie made before now
    stops working at its next request (see ``User.get_id`` and the user loader)."""
    _bump_generation(user)
    db.session.commit()


def _bump_generation(user: User) -> None:
    # In SQL (generation = generation + 1), so two bumps at once both count.
    db.session.execute(
        db.update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["session_generation"])
