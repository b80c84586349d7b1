"""Helpers for the tests of class assignments: a class with learners, a published set.

(A module of its own, not conftest, like set_support.)
"""

from __future__ import annotations

from datetime import UTC, datetime

from set_support import FORMULA, PEOPLE, TEMPLATE, make_set

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.classroom import Class
from quizapp.models.question_set import SetVersion
from quizapp.services import classes

#: Learners of the class besides PEOPLE["learner"]; "outsider" is in no class.
MORE_PEOPLE = {
    "learner2": ("lena@example.com", "learner"),
    "outsider": ("otto@example.com", "learner"),
}
#: The due date most tests use, and moments either side of it.
DUE = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)
BEFORE = datetime(2026, 12, 8, 15, 59, tzinfo=UTC)
AFTER = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)


def user(email_or_who: str) -> User:
    """The user with this email, or this name of PEOPLE / MORE_PEOPLE (in an app context)."""
    email = {**PEOPLE, **MORE_PEOPLE}.get(email_or_who, (email_or_who,))[0]
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def class_with_set(*items: dict) -> tuple[int, int]:
    """The owner's class with "learner" and "learner2" in it, and the owner's published set of
    ``items`` (default: a formula then a template item); (class id, published version id)."""
    owner = user("owner")
    klass = classes.create_class(owner, "Losses, autumn")
    for who in ("learner", "learner2"):
        classes.join(klass, user(who))
    set_id = make_set(PEOPLE["owner"][0], *(items or (FORMULA, TEMPLATE)), publish=True)
    version = db.session.execute(
        db.select(SetVersion).filter_by(set_id=set_id, status="published")
    ).scalar_one()
    return klass.id, version.id


def the_class(class_id: int) -> Class:
    return db.session.get(Class, class_id)


def the_version(version_id: int) -> SetVersion:
    return db.session.get(SetVersion, version_id)
