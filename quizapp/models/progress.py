"""Progress models: spaced-review cards per question type, and interview rounds.

Like attempts, interview questions are stored as (type id, seed, difficulty) in the
round's plan and as ordinary served questions, never as rendered text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models import UTCDateTime, utcnow

ROUND_STATUSES = ("active", "finished", "abandoned")


class ReviewCard(db.Model):
    """One learner's FSRS card for one question type; ``due_at`` mirrors the card's due date."""

    __tablename__ = "review_card"
    __table_args__ = (UniqueConstraint("user_id", "type_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    type_id: Mapped[str] = mapped_column(String(80))
    # The fsrs.Card as its own JSON (quizapp.progress.review.schedule writes it).
    card_json: Mapped[str] = mapped_column(Text)
    # Copied out of the card so "what is due" is one indexed query, portable to PostgreSQL.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InterviewRound(db.Model):
    """A timed round of planned questions, resumable because every step is stored here."""

    __tablename__ = "interview_round"
    __table_args__ = (
        CheckConstraint(f"status IN {ROUND_STATUSES!r}", name="status_known"),
        CheckConstraint("position >= 0", name="position_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    guest_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # [{"type": type id, "seed": int, "difficulty": 1..3}, …] in the order asked.
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)  # 0-based index of the current one
    status: Mapped[str] = mapped_column(String(12), default="active")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def planned(self) -> int:
        """How many questions the round has."""
        return len(self.plan)


class InterviewItem(db.Model):
    """The served question at one position of a round; its attempt is found by the token."""

    __tablename__ = "interview_item"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("interview_round.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    served_token: Mapped[str] = mapped_column(
        ForeignKey("served_question.token", ondelete="CASCADE"), unique=True
    )
