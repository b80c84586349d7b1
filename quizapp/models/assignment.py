"""Assignments: a published set version given to a class, with a due date and policies.

An assignment points at a *version*, never at a set, so what a class was asked stays
fixed when the instructor edits the set afterwards. Attempts made through an assignment
carry its id (``Attempt.assignment_id``), which is what results are computed from.
A remedial assignment (made from the misconception map) has recipients: only they see it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models import UTCDateTime, utcnow
from quizapp.models.classroom import Class
from quizapp.models.question_set import SetVersion

#: "practice": answer as often as you like, your best answer per item counts;
#: "once": one attempt per item, and that one counts.
ATTEMPT_POLICIES = ("practice", "once")
#: When learners see worked solutions: straight after answering, or once the due date passed.
SOLUTION_TIMES = ("immediately", "after_due")
MAX_TITLE_CHARS = 200
#: The last year a due date may fall in: shown in any zone (up to a day off UTC), a date in
#: 9999 could overflow Python's datetime; nobody means a due date that far ahead anyway.
MAX_DUE_YEAR = 9998


class Assignment(db.Model):
    """A set version assigned to a class (or, when remedial, to some of its learners)."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint(f"attempts_policy IN {ATTEMPT_POLICIES!r}", name="policy_known"),
        CheckConstraint(f"solutions IN {SOLUTION_TIMES!r}", name="solutions_known"),
        # Solutions "after the due date" need a due date.
        CheckConstraint(
            "solutions = 'immediately' OR due_at IS NOT NULL", name="after_due_has_a_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class.id", ondelete="CASCADE"), index=True)
    set_version_id: Mapped[int] = mapped_column(
        ForeignKey("set_version.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts_policy: Mapped[str] = mapped_column(String(12), default="practice")
    solutions: Mapped[str] = mapped_column(String(12), default="immediately")
    # The misconception code a remedial assignment practises (None: an ordinary one).
    remedial_code: Mapped[str | None] = mapped_column(String(60))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    klass: Mapped[Class] = relationship()
    version: Mapped[SetVersion] = relationship()

    def overdue(self, now: datetime) -> bool:
        """Whether the due date has passed at ``now``."""
        return self.due_at is not None and now >= self.due_at

    def solutions_visible(self, now: datetime) -> bool:
        """Whether worked solutions may be shown at ``now``."""
        return self.solutions == "immediately" or self.overdue(now)

    def __repr__(self) -> str:
        return f"<Assignment {self.id} class={self.class_id} version={self.set_version_id}>"


class AssignmentRecipient(db.Model):
    """A learner a remedial assignment is for; an assignment with none is for the whole class."""

    __tablename__ = "assignment_recipient"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
