"""Who is practising: the signed-in user, or a guest known by a random key in the session.

The guest key lives in the signed session cookie (no server memory), so a guest's
attempts can be found again and handed to the account they create or sign into.
"""

from __future__ import annotations

import secrets

from flask import session
from flask_login import current_user

from quizapp.services.practice import Owner, adopt_guest_attempts

GUEST_KEY = "guest_key"


def current_owner(*, create: bool = False) -> Owner:
    """The current learner; with ``create`` a guest gets a key if they have none yet."""
    if current_user.is_authenticated:
        return Owner(user_id=current_user.id)
    key = session.get(GUEST_KEY)
    if key is None and create:
        key = session[GUEST_KEY] = secrets.token_urlsafe(24)
    return Owner(guest_key=key)


def hand_guest_work_to(user_id: int) -> int:
    """After sign-up or sign-in: the guest's attempts become the user's; returns how many."""
    key = session.pop(GUEST_KEY, None)
    return adopt_guest_attempts(key, user_id)
