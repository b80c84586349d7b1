"""Database models: who practises, what they were served, and what they answered.

A question is stored as (type id, seed, difficulty, params), never as rendered
text, so every attempt can be regenerated and reviewed exactly.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug import security

from quizapp.extensions import db

ROLES = ("learner", "instructor", "admin")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and read back timezone-aware (SQLite drops tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use quizapp.models.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)  # PostgreSQL gives the session's zone; we speak UTC

    def result_processor(self, dialect: Any, coltype: Any):
        """On SQLite, the stored text parsed straight to an aware datetime: parsed to a
        naive one first, ``replace(tzinfo=UTC)`` took 2.3 µs of the 2.6 a value cost, 7 ms
        of an assignment's results page (1,247 attempts)."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        fallback = super().result_processor(dialect, coltype)

        def parse_utc(value: str | None) -> datetime | None:
            if value is None:
                return None
            try:
                moment = datetime.fromisoformat(value + "+00:00")  # stored without an offset
            except (TypeError, ValueError):
                return fallback(value)
            # A date alone ("2026-12-03+00:00") parses, but naive: SQLAlchemy's way then.
            return moment if moment.tzinfo is not None else fallback(value)

        return parse_utc


class User(UserMixin, db.Model):
    """A person with an account; ``role`` decides what areas they may enter."""

    __tablename__ = "user"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="learner")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The learner's IANA time zone (the browser's, sent as a setting); None: show UTC.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Bumped by "sign out everywhere", a password change or an admin: every session and
    # remember cookie made under an older generation stops working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def is_instructor(self) -> bool:
        """Whether the instructor area is open to this user (instructors and admins)."""
        return self.role in ("instructor", "admin")

    @property
    def is_admin(self) -> bool:
        """Whether this user may change other users' roles."""
        return self.role == "admin"

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Store a salted hash of ``password``, never the password itself."""
        self.password_hash = security.generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return security.check_password_hash(self.password_hash, password)

    def session_fingerprint(self) -> str:
        """A short digest of the (salted) password hash; it changes with every new password."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    def get_id(self) -> str:
        """Flask-Login's session id: ``<row id>.<session generation>.<password fingerprint>``.

        The session and the remember-me cookie carry it, and the user loader accepts it only
        while both the generation and the password are current: bumping the generation
        (sign out everywhere) or changing the password ends every sign-in made before.
        """
        return f"{self.id}.{self.session_generation or 0}.{self.session_fingerprint()}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class ServedQuestion(db.Model):
    """A question handed to a learner, behind a one-time token.

    The answer form carries only the token; the server looks up (type, seed,
    params) here, so seeds never come from the client, and ``answered_at`` makes
    a double submit or a refresh record one attempt only.
    """

    __tablename__ = "served_question"
    __table_args__ = (
        CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty_range"),
        CheckConstraint("hints_revealed >= 0", name="hints_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    type_id: Mapped[str] = mapped_column(String(80))
    seed: Mapped[int] = mapped_column(BigInteger)  # seeds go up to 2**32 - 1
    difficulty: Mapped[int] = mapped_column(Integer)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Fixed params are passed back to generate(); drawn ones are recorded for reading only.
    params_fixed: Mapped[bool] = mapped_column(default=False)
    # "drawn" by the server, or opened from a "link" with fixed params or seed.
    origin: Mapped[str] = mapped_column(String(10), default="drawn")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    guest_key: Mapped[str | None] = mapped_column(String(64), index=True)
    hints_revealed: Mapped[int] = mapped_column(Integer, default=0)
    served_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the learner had typed when they asked for a hint or sent unreadable text, so the
    # page can be shown again by a GET (post/redirect/get) without losing it.
    draft_answer: Mapped[str | None] = mapped_column(Text)
    # An item of an instructor's set: regenerated from that version's item and the seed.
    set_version_id: Mapped[int | None] = mapped_column(Integer, index=True)
    item_id: Mapped[str | None] = mapped_column(String(64))
    # Served through a class assignment (models.assignment); its attempt carries it too.
    assignment_id: Mapped[int | None] = mapped_column(Integer)


#: What the class and assignment results read of an assignment's attempts, in index order.
ASSIGNMENT_COVERING = (
    "assignment_id",
    "user_id",
    "item_id",
    "created_at",
    "id",
    "score",
    "correct",
    "diagnosis",
)
_ASSIGNED = text("assignment_id IS NOT NULL")


class Attempt(db.Model):
    """One graded answer. Belongs to a user, or to a guest's browser session until sign-up."""

    __tablename__ = "attempt"
    __table_args__ = (
        # A learner's history by time, holding all the dashboard reads of each attempt and
        # the totals' columns: those queries never visit the table (migration 0012).
        Index(
            "ix_attempt_user_id_created_at_covering",
            "user_id",
            "created_at",
            "id",
            "type_id",
            "correct",
            "score",
            "diagnosis",
            "set_version_id",
            "item_id",
        ),
        # Each type's newest attempts of a learner (the API progress): a few entries a type.
        Index("ix_attempt_user_id_type_id_created_at", "user_id", "type_id", "created_at", "id"),
        Index("ix_attempt_type_id", "type_id"),
        # An assignment's attempts by learner, item and time, holding every column the
        # results pages read (migration 0013). Partial: most attempts are not assigned, and
        # leaving them out keeps the index small and the planner's statistics honest.
        Index(
            "ix_attempt_assignment_covering",
            *ASSIGNMENT_COVERING,
            sqlite_where=_ASSIGNED,
            postgresql_where=_ASSIGNED,
        ),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    guest_key: Mapped[str | None] = mapped_column(String(64), index=True)
    served_token: Mapped[str] = mapped_column(
        ForeignKey("served_question.token", ondelete="CASCADE"), unique=True
    )
    type_id: Mapped[str] = mapped_column(String(80))
    seed: Mapped[int] = mapped_column(BigInteger)  # seeds go up to 2**32 - 1
    difficulty: Mapped[int] = mapped_column(Integer)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    params_fixed: Mapped[bool] = mapped_column(default=False)
    raw_answer: Mapped[str] = mapped_column(Text)
    parsed_value: Mapped[Any | None] = mapped_column(JSON)
    correct: Mapped[bool]
    score: Mapped[float] = mapped_column(Float)
    diagnosis: Mapped[str | None] = mapped_column(String(60))
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    time_taken_ms: Mapped[int | None] = mapped_column(Integer)
    # Key points of an "explain" answer the learner says they made (None: not self-assessed).
    self_assessed: Mapped[list[str] | None] = mapped_column(JSON)
    # The set version and item this attempt was made on (see models.question_set). No
    # foreign key: SQLite can add one only by copying the table, and dropping the old copy
    # would cascade-delete every retry; a version that is gone reads as "no longer shown".
    set_version_id: Mapped[int | None] = mapped_column(Integer, index=True)
    item_id: Mapped[str | None] = mapped_column(String(64))
    # The class assignment it was made for (no foreign key, like set_version_id): results
    # of an assignment are aggregates over these rows.
    assignment_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Models of later areas live in their own modules and register here, so
# ``db.metadata`` (and Alembic's autogenerate) sees every table.
from quizapp.models.api_token import ApiToken, ApiTokenReveal  # noqa: E402,F401
from quizapp.models.assignment import Assignment, AssignmentRecipient  # noqa: E402,F401
from quizapp.models.audit import AuditEvent  # noqa: E402,F401
from quizapp.models.classroom import Class, ClassMember  # noqa: E402,F401
from quizapp.models.progress import InterviewItem, InterviewRound, ReviewCard  # noqa: E402,F401
from quizapp.models.question_set import (  # noqa: E402,F401
    ProblemReport,
    QuestionSet,
    SetVersion,
)
from quizapp.models.retry import Retry  # noqa: E402,F401
