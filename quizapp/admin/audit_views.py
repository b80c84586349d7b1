"""The admins' audit log: who did what, newest first, filtered by action and by actor."""

from __future__ import annotations

from flask import render_template, request, url_for

from quizapp.admin import bp
from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.audit import AuditEvent
from quizapp.services import audit

#: Where an event's subject has a page: subject type → (endpoint, its id argument).
SUBJECT_PAGES = {
    "question_set": ("instructor.set_page_view", "set_id"),
    "class": ("instructor.class_page", "class_id"),
}


@bp.get("/audit")
def audit_log():
    """A page of the audit log; a filter that matches nothing says why."""
    problems: list[str] = []
    action = request.args.get("action", "").strip() or None
    if action is not None and action not in audit.ACTIONS:
        problems.append(f"There is no action “{action[:60]}”; choose one from the list.")
        action = None
    email = request.args.get("actor", "").strip().lower()[:254]
    actor = None
    if email:
        actor = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if actor is None:
            problems.append(f"No user has the email {email}; showing every actor.")
    page = audit.events_page(
        action=action,
        actor_id=actor.id if actor else None,
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "admin/audit.html",
        page=page,
        actions=audit.ACTIONS,
        action=action or "",
        actor_email=email if actor else "",
        problems=problems,
        subject_url=subject_url,
        filters={"action": action or None, "actor": email if actor else None},
    ), (422 if problems else 200)


def subject_url(event: AuditEvent) -> str | None:
    """The page of the event's subject, when it has one."""
    if event.subject_type == "user":
        return url_for("admin.users", _anchor=f"user-{event.subject_id}")
    target = SUBJECT_PAGES.get(event.subject_type)
    if target is None or not event.subject_id.isdigit():
        return None
    endpoint, argument = target
    return url_for(endpoint, **{argument: int(event.subject_id)})
