"""Personal API tokens: a learner's key to the JSON API, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models import UTCDateTime, utcnow

TOKEN_PREFIX = "qz_"
#: Characters of the secret kept in clear, so the owner can tell their tokens apart.
SHOWN_CHARS = 10


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest under which a token's secret is stored and looked up.

    A fast hash is enough here (unlike passwords): the secret is 32 random bytes,
    so it cannot be guessed from its digest.
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(db.Model):
    """A bearer token for the JSON API; the secret is shown once and never stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def issue(cls, user_id: int, name: str) -> tuple[ApiToken, str]:
        """A new token row for ``user_id`` and its secret (``qz_`` + 32 random bytes)."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls(
            user_id=user_id,
            name=name,
            token_hash=hash_secret(secret),
            prefix=secret[:SHOWN_CHARS],
            created_at=utcnow(),
        )
        return token, secret

    @property
    def active(self) -> bool:
        """Whether the token still authenticates (it has not been revoked)."""
        return self.revoked_at is None

    def matches(self, secret: str) -> bool:
        """Whether ``secret`` is this token's, compared in constant time."""
        return hmac.compare_digest(self.token_hash, hash_secret(secret))

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… user={self.user_id}>"


class ApiTokenReveal(db.Model):
    """A new token's secret, waiting to be shown once on the page after the create form.

    The secret is sealed with a one-time pad that only the creating browser's session
    holds, so this row alone (a backup, a database reader) reveals nothing, and the
    session cookie alone (readable, though signed) neither. The row is deleted when the
    secret is shown, or unshown after a few minutes.
    """

    __tablename__ = "api_token_reveal"

    id: Mapped[int] = mapped_column(primary_key=True)
    api_token_id: Mapped[int] = mapped_column(
        ForeignKey("api_token.id", ondelete="CASCADE"), unique=True
    )
    sealed: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
