"""Personal API tokens: create one, and show its secret exactly once on the next page.

The create form is a POST that redirects (so a reload never makes a second token), and
the secret must cross to the page after it without being readable on the way: the
database keeps it sealed (XOR with a random pad of its length) and the creating
browser's session keeps the pad. Either half alone is noise; showing the secret deletes
the sealed half with a guarded DELETE, so it is shown once even to two tabs at once.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete

from quizapp.extensions import db
from quizapp.models import utcnow
from quizapp.models.api_token import ApiToken, ApiTokenReveal
from quizapp.services import audit
from quizapp.services.audit import Actor

#: How long the page after the form may take to show a new secret.
REVEAL_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class NewToken:
    """A token just created, with its secret, for the one page that shows it."""

    name: str
    secret: str


#: The longest token name (the column's width, and the account form's limit).
MAX_NAME = 80


def issue_token(user_id: int, name: str, *, actor: Actor = None) -> str:
    """Create a token for ``user_id`` and return its secret, for an operator's terminal
    (no reveal row: the secret is printed at once and never stored)."""
    token, secret = ApiToken.issue(user_id, name)
    db.session.add(token)
    db.session.flush()  # the token's id, for the audit event
    audit.record(actor, "token.create", "api_token", token.id, name=name, user=user_id)
    db.session.commit()
    return secret


def create_token(
    user_id: int, name: str, now: datetime | None = None, *, actor: Actor = None
) -> dict[str, object]:
    """Create a token for ``user_id``; returns what the session keeps for the reveal."""
    now = now or utcnow()
    token, secret = ApiToken.issue(user_id, name)
    pad = secrets.token_bytes(len(secret.encode()))
    db.session.add(token)
    db.session.flush()  # the token's id, for the reveal row
    reveal = ApiTokenReveal(
        api_token_id=token.id, sealed=_encode(_xor(secret.encode(), pad)), created_at=now
    )
    db.session.add(reveal)
    audit.record(actor, "token.create", "api_token", token.id, name=name, user=user_id)
    # Reveals nobody came back for would otherwise stay: drop the expired ones now.
    db.session.execute(delete(ApiTokenReveal).where(ApiTokenReveal.created_at < now - REVEAL_TTL))
    db.session.commit()
    return {"reveal": reveal.id, "pad": _encode(pad)}


def take_reveal(pending: object, user_id: int, now: datetime | None = None) -> NewToken | None:
    """The new token's secret from ``pending`` (the session's half), once; None after that,
    after ``REVEAL_TTL``, or for a token that is not ``user_id``'s."""
    now = now or utcnow()
    if not isinstance(pending, dict):
        return None
    reveal_id, pad = pending.get("reveal"), pending.get("pad")
    if not isinstance(reveal_id, int) or not isinstance(pad, str):
        return None
    row = db.session.execute(
        db.select(ApiTokenReveal, ApiToken)
        .join(ApiToken, ApiToken.id == ApiTokenReveal.api_token_id)
        .where(ApiTokenReveal.id == reveal_id, ApiToken.user_id == user_id)
    ).first()
    if row is None:
        return None
    reveal, token = row
    sealed, created_at = reveal.sealed, reveal.created_at
    # The guarded DELETE is the lock: of two page loads at once only one removes the row.
    taken = db.session.execute(delete(ApiTokenReveal).where(ApiTokenReveal.id == reveal_id))
    db.session.commit()
    if taken.rowcount != 1 or now - created_at > REVEAL_TTL:
        return None
    try:
        secret = _xor(_decode(sealed), _decode(pad)).decode()
    except ValueError:  # a pad that is not this reveal's: nothing to show
        return None
    return NewToken(name=token.name, secret=secret)


def _xor(data: bytes, pad: bytes) -> bytes:
    if len(data) != len(pad):
        raise ValueError("the pad does not fit the sealed secret")
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def _decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text.encode())
    except (ValueError, TypeError) as problem:
        raise ValueError("not base64") from problem
