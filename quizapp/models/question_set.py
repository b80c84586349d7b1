"""Instructor-authored question sets, their versions, and learners' reports of problems.

A set's content lives in its versions as the plain dict a set file holds
(``quizapp.sets``), so what is stored, imported and exported is one thing. A set has at
most one draft, always its newest version; publishing turns the draft into the current
published version, and editing a published set copies it into a new draft. Attempts
point at the version they were made on, which is never changed once published.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models import User, UTCDateTime, utcnow

VERSION_STATUSES = ("draft", "published")
MAX_REPORT_CHARS = 1000
#: Only drafts can change: a partial unique index keeps one per set (SQLite and PostgreSQL).
_ONE_DRAFT = text("status = 'draft'")


def new_share_token() -> str:
    """A random, unguessable token for the learners' link to a set."""
    return secrets.token_urlsafe(12)


class QuestionSet(db.Model):
    """An instructor's set of items; learners reach its published version by ``share_token``."""

    __tablename__ = "question_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    share_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_share_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<QuestionSet {self.id} {self.title!r} owner={self.owner_id}>"


class SetVersion(db.Model):
    """One version of a set: the whole set dict, and whether it is a draft or published.

    ``checks`` keeps the question tests' report of each item (keyed by item id, with a
    fingerprint of the item it was made for), so pages show it without running 100 draws.
    """

    __tablename__ = "set_version"
    __table_args__ = (
        UniqueConstraint("set_id", "number"),
        CheckConstraint(f"status IN {VERSION_STATUSES!r}", name="status_known"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("(status = 'draft') = (published_at IS NULL)", name="published_has_a_time"),
        Index(
            "uq_set_version_one_draft",
            "set_id",
            unique=True,
            sqlite_where=_ONE_DRAFT,
            postgresql_where=_ONE_DRAFT,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_set.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    checks: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    question_set: Mapped[QuestionSet] = relationship()

    @property
    def is_draft(self) -> bool:
        """Whether this version may still change."""
        return self.status == "draft"

    def item(self, item_id: str) -> dict[str, Any] | None:
        """The item with ``item_id`` in this version, if there is one."""
        return next((i for i in self.data.get("items", []) if i.get("id") == item_id), None)

    def __repr__(self) -> str:
        return f"<SetVersion {self.id} set={self.set_id} v{self.number} {self.status}>"


class ProblemReport(db.Model):
    """A learner's note that something is wrong with one instance of an item.

    ``seed`` and ``set_version_id`` open exactly the instance they saw; ``served_token``
    (one report per answered question) stops one answer being reported again and again.
    """

    __tablename__ = "problem_report"
    __table_args__ = (
        CheckConstraint(f"length(text) BETWEEN 1 AND {MAX_REPORT_CHARS}", name="text_length"),
        Index("ix_problem_report_set_version_id_item_id", "set_version_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    set_version_id: Mapped[int] = mapped_column(ForeignKey("set_version.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(BigInteger)
    served_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved: Mapped[bool] = mapped_column(default=False)

    version: Mapped[SetVersion] = relationship()
    reporter: Mapped[User | None] = relationship()
