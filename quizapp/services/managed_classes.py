"""The classes a user manages, with what a page or a script needs to find one: owner, role,
join code, counts (the instructor's class list and ``GET /api/v1/classes`` both read it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class, ClassMember

#: How the user comes to manage a class.
ROLES = ("owner", "co-instructor", "admin")


@dataclass(frozen=True)
class ManagedClass:
    """A class the user manages, and why they may."""

    id: int
    name: str
    owner_id: int
    owner_name: str
    owner_email: str
    join_code: str
    role: str  # one of ROLES: the user's own relation to the class
    learners: int
    assignments: int
    created_at: datetime


def managed_classes(user: User) -> list[ManagedClass]:
    """Every class ``user`` manages (an admin: every class; a learner, even one who owns
    classes from when they were an instructor: none), newest first, in one query."""
    if not user.is_instructor:
        return []
    learners = (
        db.select(db.func.count(ClassMember.id))
        .where(ClassMember.class_id == Class.id, ClassMember.role == "learner")
        .scalar_subquery()
    )
    assignments = (
        db.select(db.func.count(Assignment.id))
        .where(Assignment.class_id == Class.id)
        .scalar_subquery()
    )
    co_teaches = (
        db.select(ClassMember.id)
        .where(
            ClassMember.class_id == Class.id,
            ClassMember.user_id == user.id,
            ClassMember.role == "co-instructor",
        )
        .exists()
    )
    query = (
        db.select(Class, User.display_name, User.email, learners, assignments, co_teaches)
        .join(User, User.id == Class.owner_id)
        .order_by(Class.created_at.desc(), Class.id.desc())
    )
    if not user.is_admin:
        query = query.where((Class.owner_id == user.id) | co_teaches)
    return [
        ManagedClass(
            id=klass.id,
            name=klass.name,
            owner_id=klass.owner_id,
            owner_name=owner_name,
            owner_email=owner_email,
            join_code=klass.join_code,
            role="owner" if klass.owner_id == user.id else "co-instructor" if co else "admin",
            learners=learner_count,
            assignments=assignment_count,
            created_at=klass.created_at,
        )
        for klass, owner_name, owner_email, learner_count, assignment_count, co in (
            db.session.execute(query)
        )
    ]
