"""Who may be what: changing a user's role, without ever leaving the app with no admin."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import ROLES, User
from quizapp.services import audit
from quizapp.services.audit import Actor

#: Users listed on the admin page at most (newest first); beyond that, use the CLI.
LISTED_USERS = 500


class RoleRefused(ValueError):
    """The role change was not made; the message says why."""


def users_page(limit: int = LISTED_USERS) -> list[User]:
    """Users for the admin page, admins and instructors first, then newest (one query)."""
    rank = db.case((User.role == "admin", 0), (User.role == "instructor", 1), else_=2)
    return list(
        db.session.execute(
            db.select(User).order_by(rank, User.created_at.desc(), User.id.desc()).limit(limit)
        ).scalars()
    )


def change_role(user: User, role: str, *, actor: Actor = None) -> bool:
    """Give ``user`` the ``role``; returns whether it changed.

    Raises ``RoleRefused`` for an unknown role, or when it would demote the last admin
    (nobody could then promote anyone in the browser).
    """
    if role not in ROLES:
        raise RoleRefused(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    if user.role == role:
        return False
    if user.role == "admin":
        admins = db.session.execute(
            db.select(db.func.count(User.id)).where(User.role == "admin")
        ).scalar_one()
        if admins <= 1:
            raise RoleRefused(f"{user.email} is the only admin; make someone else an admin first.")
    audit.record(
        actor, "user.role_change", "user", user.id, email=user.email, before=user.role, after=role
    )
    user.role = role
    db.session.commit()
    return True
