"""Later tries at a question already answered wrong ("Try again").

A retry is kept apart from ``attempt`` on purpose: every reader of attempts (mastery,
statistics, review scheduling, the API, instructors' results) counts first tries only
without having to know that retries exist, so a retry can never be counted twice.
Each try is answered through its own one-time served question, like any other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models import Attempt, UTCDateTime, utcnow

#: served_question.origin of a later try.
RETRY_ORIGIN = "retry"


class Retry(db.Model):
    """Try number 2, 3 … at the question of ``attempt`` (the first try, which is what counts)."""

    __tablename__ = "retry"
    __table_args__ = (
        # One row per try number: a double click on "Try again" cannot make two.
        UniqueConstraint("attempt_id", "try_number"),
        CheckConstraint("try_number >= 2", name="later_try"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), index=True
    )
    try_number: Mapped[int] = mapped_column(Integer)
    served_token: Mapped[str] = mapped_column(
        ForeignKey("served_question.token", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The outcome, NULL until the try is answered (a parse error leaves them NULL).
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    raw_answer: Mapped[str | None] = mapped_column(Text)
    correct: Mapped[bool | None]
    score: Mapped[float | None] = mapped_column(Float)
    diagnosis: Mapped[str | None] = mapped_column(String(60))
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    time_taken_ms: Mapped[int | None] = mapped_column(Integer)

    attempt: Mapped[Attempt] = relationship()

    #: Retries are never self-assessed (only the first try of an explanation can be).
    self_assessed = None

    @property
    def answered(self) -> bool:
        """Whether this try has its graded answer."""
        return self.answered_at is not None
