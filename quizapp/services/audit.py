"""The audit log: one event per instructor, admin or operator action, in the action's own
transaction.

``record`` only adds the event to the current session; the action's commit writes both,
so an action that fails and rolls back leaves no event, and an action that committed
never lacks one. Call it after every check that can refuse the action and before its
commit.

Actions (subject type in brackets; the detail keys after the dash):

- ``set.create`` (question_set) — title
- ``set.import`` (question_set) — title, owner (the owner's id; from the CLI)
- ``set.publish`` (question_set) — version
- ``set.draft_new`` (question_set) — version (the new draft's number), from_version (the one copied)
- ``set.item_delete`` (question_set) — item, version
- ``set.export`` (question_set) — version, format
- ``user.role_change`` (user) — email, before, after
- ``user.export`` (user) — format ("csv" for the answers CSV; none for the JSON of all data)
- ``user.sessions_end`` (user) — email (an admin signing someone out everywhere)
- ``class.create`` (class) — name
- ``class.rename`` (class) — before, after
- ``class.code_rotate`` (class) — (the codes themselves are not logged: they are secrets)
- ``class.member_remove`` (class) — user (the learner's id), email
- ``class.co_instructor_add`` (class) — user, email
- ``class.co_instructor_remove`` (class) — user, email
- ``class.join`` (class) — (the actor is the learner)
- ``class.leave`` (class) — (the actor is the learner)
- ``class.export`` (class) — what ("attempts" or "summary"), format, assignment (its id, or
  None for the whole class); a CSV download by one of the class's instructors
- ``assignment.create`` (class) — assignment, title, set, version, due_at, recipients (how
  many, when not the whole class)
- ``token.create`` (api_token) — name, user (the token's owner)
- ``token.revoke`` (api_token) — name

An action from the ``flask`` command line has no actor and ``{"via": "cli"}`` in its detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.extensions import db
from quizapp.models import User, utcnow
from quizapp.models.audit import AuditEvent

ACTIONS = (
    "set.create",
    "set.import",
    "set.publish",
    "set.draft_new",
    "set.item_delete",
    "set.export",
    "user.role_change",
    "user.export",
    "user.sessions_end",
    "class.create",
    "class.rename",
    "class.code_rotate",
    "class.member_remove",
    "class.co_instructor_add",
    "class.co_instructor_remove",
    "class.join",
    "class.leave",
    "class.export",
    "assignment.create",
    "token.create",
    "token.revoke",
)


@dataclass(frozen=True)
class CommandLine:
    """The actor of a ``flask`` command: an operator at a terminal, not a user account."""


#: Pass as ``actor`` from the CLI: no actor id, and ``via: cli`` in the detail.
COMMAND_LINE = CommandLine()

#: Who can act: a signed-in user, the command line, or None (nobody known, e.g. a test fixture).
Actor = User | CommandLine | None


def record(
    actor: Actor, action: str, subject_type: str, subject_id: object, **detail: Any
) -> AuditEvent:
    """Add an event to the session, to be committed with the action it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; add it to ACTIONS in {__name__}")
    if isinstance(actor, CommandLine):
        actor_id, detail = None, {**detail, "via": "cli"}
    else:
        actor_id = getattr(actor, "id", None)
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        detail=detail,
        created_at=utcnow(),
    )
    db.session.add(event)
    return event


#: Events on one page of the admins' audit log.
PAGE_SIZE = 50


@dataclass(frozen=True)
class EventLine:
    """One event with its actor's account (None: the command line, or a deleted account)."""

    event: AuditEvent
    actor: User | None


@dataclass(frozen=True)
class EventPage:
    """A page of events, newest first, and whether there are older ones."""

    lines: list[EventLine]
    page: int
    has_older: bool


def events_page(
    *, action: str | None = None, actor_id: int | None = None, page: int = 1
) -> EventPage:
    """Page ``page`` (from 1) of the events, newest first, filtered by action and actor;
    one query (the actor joined), one row more than a page to tell whether more follow."""
    page = max(page, 1)
    query = (
        db.select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    rows = db.session.execute(query).all()
    lines = [EventLine(event, actor) for event, actor in rows[:PAGE_SIZE]]
    return EventPage(lines=lines, page=page, has_older=len(rows) > PAGE_SIZE)
