"""The rules of classes: who manages one, joining with a code, leaving, removing, rotating."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.classroom import CODE_LENGTH, MAX_NAME_CHARS, Class, ClassMember
from quizapp.services import audit
from quizapp.services.audit import Actor


class ClassError(ValueError):
    """Something the user asked for that cannot be done; the message says why."""


def create_class(owner: User, name: str, *, actor: Actor = None) -> Class:
    """A new class owned by ``owner``, with a fresh join code."""
    klass = Class(name=_valid_name(name), owner_id=owner.id)
    db.session.add(klass)
    db.session.flush()  # the class's id, for the audit event
    audit.record(actor, "class.create", "class", klass.id, name=klass.name)
    db.session.commit()
    return klass


def rename_class(klass: Class, name: str, *, actor: Actor = None) -> bool:
    """Give ``klass`` a new name; False when it had that name already."""
    name = _valid_name(name)
    if name == klass.name:
        return False
    audit.record(actor, "class.rename", "class", klass.id, before=klass.name, after=name)
    klass.name = name
    db.session.commit()
    return True


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise ClassError(f"Give the class a name of at most {MAX_NAME_CHARS} characters.")
    return name


def manages(user: User, klass: Class) -> bool:
    """Whether ``user`` may manage ``klass``: its owner, a co-instructor, or an admin; the
    first two only while they are instructors (one made a learner keeps the rows, not the
    access, on every route: the instructor area, the API, the assignment previews)."""
    if not user.is_instructor:
        return False
    if user.is_admin or klass.owner_id == user.id:
        return True
    return (
        db.session.execute(
            db.select(ClassMember.id).filter_by(
                class_id=klass.id, user_id=user.id, role="co-instructor"
            )
        ).first()
        is not None
    )


def members(klass: Class) -> list[ClassMember]:
    """Everyone in ``klass`` with their user row (one query), co-instructors first."""
    return list(
        db.session.execute(
            db.select(ClassMember)
            .join(User, User.id == ClassMember.user_id)
            .options(contains_eager(ClassMember.user))
            .where(ClassMember.class_id == klass.id)
            .order_by(ClassMember.role, User.display_name, User.id)
        ).scalars()
    )


def normalise_code(code: str) -> str:
    """A join code as typed (spaces, dashes, lower case) in its stored form."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def class_for_code(code: str) -> Class | None:
    """The class whose current join code is ``code``, if any."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.execute(db.select(Class).filter_by(join_code=code)).scalar_one_or_none()


def membership(klass: Class, user: User) -> ClassMember | None:
    """``user``'s membership of ``klass``, if any."""
    return db.session.execute(
        db.select(ClassMember).filter_by(class_id=klass.id, user_id=user.id)
    ).scalar_one_or_none()


def join(klass: Class, user: User) -> bool:
    """Put ``user`` in ``klass`` as a learner; False when they were in it already."""
    if klass.owner_id == user.id or membership(klass, user) is not None:
        return False
    db.session.add(ClassMember(class_id=klass.id, user_id=user.id, role="learner"))
    audit.record(user, "class.join", "class", klass.id)
    try:
        db.session.commit()
    except IntegrityError:  # the same person joining twice at once: the first one counts
        db.session.rollback()
        return False
    return True


def leave(klass: Class, user: User) -> bool:
    """Take ``user`` out of ``klass``; False when they were not a learner in it."""
    member = membership(klass, user)
    if member is None or member.role != "learner":
        return False
    db.session.delete(member)
    audit.record(user, "class.leave", "class", klass.id)
    db.session.commit()
    return True


def remove_learner(klass: Class, user_id: int, *, actor: Actor = None) -> User | None:
    """Remove a learner from ``klass``; the removed user, or None when not a learner of it."""
    member = db.session.execute(
        db.select(ClassMember).filter_by(class_id=klass.id, user_id=user_id, role="learner")
    ).scalar_one_or_none()
    if member is None:
        return None
    user = member.user
    db.session.delete(member)
    audit.record(actor, "class.member_remove", "class", klass.id, user=user.id, email=user.email)
    db.session.commit()
    return user


def rotate_code(klass: Class, *, actor: Actor = None) -> str:
    """Give ``klass`` a new join code; the old code and link stop working."""
    klass.rotate_code()
    audit.record(actor, "class.code_rotate", "class", klass.id)
    db.session.commit()
    return klass.join_code


def add_co_instructor(klass: Class, email: str, *, actor: Actor = None) -> User:
    """Make the instructor with ``email`` a co-instructor of ``klass`` (a learner member of it
    becomes one); ClassError saying why when that cannot be."""
    user = db.session.execute(
        db.select(User).filter_by(email=email.strip().lower())
    ).scalar_one_or_none()
    if user is None or not user.is_instructor:
        # Only instructors can open the instructor area, so a learner could not manage it.
        raise ClassError(
            "There is no instructor with that email. An admin can make someone an instructor."
        )
    if user.id == klass.owner_id:
        raise ClassError("That is the class's owner, who manages it already.")
    member = membership(klass, user)
    if member is None:
        db.session.add(ClassMember(class_id=klass.id, user_id=user.id, role="co-instructor"))
    elif member.role == "co-instructor":
        raise ClassError(f"{user.display_name} is a co-instructor already.")
    else:
        member.role = "co-instructor"
    audit.record(
        actor, "class.co_instructor_add", "class", klass.id, user=user.id, email=user.email
    )
    db.session.commit()
    return user


def remove_co_instructor(klass: Class, user_id: int, *, actor: Actor = None) -> User | None:
    """Take a co-instructor off ``klass``; the user, or None when not a co-instructor of it."""
    member = db.session.execute(
        db.select(ClassMember).filter_by(class_id=klass.id, user_id=user_id, role="co-instructor")
    ).scalar_one_or_none()
    if member is None:
        return None
    user = member.user
    db.session.delete(member)
    audit.record(
        actor, "class.co_instructor_remove", "class", klass.id, user=user.id, email=user.email
    )
    db.session.commit()
    return user


def joined_classes(user: User) -> list[Class]:
    """The classes ``user`` is a learner in, newest first."""
    return list(
        db.session.execute(
            db.select(Class)
            .join(ClassMember, ClassMember.class_id == Class.id)
            .where(ClassMember.user_id == user.id, ClassMember.role == "learner")
            .order_by(ClassMember.joined_at.desc())
        ).scalars()
    )
