"""Classes: an instructor's group of learners, joined with a code, with co-instructors.

(The module is ``classroom`` because ``class`` is a Python keyword; the model is ``Class``.)
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models import User, UTCDateTime, utcnow

MEMBER_ROLES = ("learner", "co-instructor")
#: Letters and digits that cannot be mistaken for one another when read out or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_NAME_CHARS = 120


def new_join_code() -> str:
    """A random join code: 8 of 32 unambiguous characters (40 bits), easy to read out."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Class(db.Model):
    """A class: its owner, its learners and co-instructors, and the code to join it."""

    __tablename__ = "class"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME_CHARS))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_join_code)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner: Mapped[User] = relationship()

    def rotate_code(self) -> None:
        """A new join code; the old one (and its link) stops working."""
        self.join_code = new_join_code()

    def __repr__(self) -> str:
        return f"<Class {self.id} {self.name!r} owner={self.owner_id}>"


class ClassMember(db.Model):
    """Someone in a class: a learner, or a co-instructor who manages it with the owner."""

    __tablename__ = "class_member"
    __table_args__ = (
        UniqueConstraint("class_id", "user_id"),  # one membership per person
        CheckConstraint(f"role IN {MEMBER_ROLES!r}", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="learner")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
