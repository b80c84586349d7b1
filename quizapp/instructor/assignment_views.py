"""Instructor pages for assignments: the class page's "Assign a set" form and its list.

Only the class's instructors (``services.classes.manages``) reach these; anyone else in
the instructor area gets a 404, as for the class page itself.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from quizapp import clock
from quizapp.instructor import bp
from quizapp.instructor.assignment_forms import AssignForm
from quizapp.instructor.assignment_section import published_set_choices
from quizapp.instructor.class_views import class_page_with, managed_class_or_404
from quizapp.models.question_set import SetVersion
from quizapp.services import assignments as service
from quizapp.services import question_sets
from quizapp.timezones import zone_name_of


@bp.post("/classes/<int:class_id>/assignments")
def assign(class_id: int):
    """Assign one of the instructor's published sets to the class; bad input: the page, 422."""
    klass = managed_class_or_404(class_id)
    form = AssignForm()
    form.set_id.choices = published_set_choices(current_user)
    if not form.validate_on_submit():
        return class_page_with(klass, assign=form, status=422)
    if str(form.set_id.data) not in {choice.value for choice in form.set_id.choices}:
        form.set_id.errors = [*form.set_id.errors, "Choose one of your published sets."]
        return class_page_with(klass, assign=form, status=422)
    try:
        due_at = form.due_at(zone_name_of(current_user))
    except ValueError:
        return class_page_with(klass, assign=form, status=422)
    version = _published_version(form.set_id.data)
    if version is None:
        form.set_id.errors = [*form.set_id.errors, "This set has no published version."]
        return class_page_with(klass, assign=form, status=422)
    if due_at is not None and due_at <= clock.now():
        form.due_date.errors = [*form.due_date.errors, "The due date and time have passed."]
        return class_page_with(klass, assign=form, status=422)
    try:
        assignment = service.create_assignment(
            klass,
            version,
            creator=current_user,
            title=form.title.data,
            due_at=due_at,
            attempts_policy=form.attempts_policy.data,
            solutions=form.solutions.data,
        )
    except service.AssignmentError as refusal:
        target = _field_of(form, str(refusal))
        target.errors = [*target.errors, str(refusal)]
        return class_page_with(klass, assign=form, status=422)
    flash(f"“{assignment.title}” is assigned to {klass.name}.")
    return redirect(url_for("instructor.class_page", class_id=klass.id, _anchor="assignments"), 303)


def _published_version(set_id: int | None) -> SetVersion | None:
    qset = question_sets.find_set(set_id) if set_id is not None else None
    return question_sets.published_version(qset) if qset is not None else None


def _field_of(form: AssignForm, message: str):
    """The field a refusal of the service is about, so the message shows beside it."""
    if message.startswith("Attempts"):
        return form.attempts_policy
    if message.startswith("Solutions must"):
        return form.solutions
    if "due date" in message:
        return form.due_date
    if "title" in message:
        return form.title
    return form.set_id
