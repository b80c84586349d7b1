"""An assignment's page for its learners (and a preview for its class's instructors), its
items served with the assignment's id, and "next item" after an answer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField

from quizapp import clock
from quizapp.assignments import bp
from quizapp.models import ServedQuestion
from quizapp.models.assignment import Assignment
from quizapp.services import assignments as service
from quizapp.services import practice as practice_service
from quizapp.services.practice import Owner
from quizapp.services.set_practice import KIND_LABELS

NOT_YOURS = "There is no assignment of yours with that number."


class ActionForm(FlaskForm):
    """A button that serves a question: POST with a CSRF token."""

    submit = SubmitField()


class NextForm(FlaskForm):
    """ "Next item": ``after`` is the served question just answered (empty: the first)."""

    after = HiddenField()


def _viewable_or_404(assignment_id: int) -> tuple[Assignment, bool]:
    """The assignment and whether the viewer is one of its learners (else an instructor of
    its class, previewing); a 404 for anyone else, revealing nothing."""
    assignment = service.find_assignment(assignment_id)
    if assignment is None:
        abort(404, NOT_YOURS)
    if service.is_for(assignment, current_user):
        return assignment, True
    if service.may_preview(assignment, current_user):
        return assignment, False
    abort(404, NOT_YOURS)


def _learners_or_404(assignment_id: int) -> Assignment:
    """The assignment if the viewer is a learner it is for (only they practise it)."""
    assignment, learner = _viewable_or_404(assignment_id)
    if not learner:
        abort(404, "Only the learners an assignment is for can practise it; this is a preview.")
    return assignment


@bp.get("/<int:assignment_id>")
@login_required
def page(assignment_id: int):
    """The assignment: due date, policies, its items with the learner's progress on each."""
    assignment, learner = _viewable_or_404(assignment_id)
    now = clock.now()
    items = service.item_progress(assignment, current_user.id if learner else None)
    answered = sum(item.attempted for item in items)
    return render_template(
        "assignments/page.html",
        assignment=assignment,
        learner=learner,
        items=items,
        answered=answered,
        points=sum(item.best_score or 0.0 for item in items),
        overdue=assignment.overdue(now) and answered < len(items),
        solutions_visible=assignment.solutions_visible(now),
        kinds=KIND_LABELS,
        action_form=ActionForm(),
        next_form=NextForm(formdata=None),
    )


@bp.post("/<int:assignment_id>/items/<item_id>")
@login_required
def practise_item(assignment_id: int, item_id: str):
    """Serve one item of the assignment (under "once": only if not answered yet)."""
    assignment = _learners_or_404(assignment_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    return _serve(assignment, item_id)


@bp.post("/<int:assignment_id>/next")
@login_required
def next_item(assignment_id: int):
    """The next item to work on after the one just answered; after the last, the page."""
    assignment = _learners_or_404(assignment_id)
    form = NextForm()
    if not form.validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    previous = _own_served(form.after.data or "", assignment)
    following = service.next_item_id(
        assignment, previous.item_id if previous else None, current_user.id
    )
    if following is None:
        flash("That was the last question of this assignment to do.")
        return redirect(url_for("assignments.page", assignment_id=assignment.id), code=303)
    return _serve(assignment, following)


def _own_served(token: str, assignment: Assignment) -> ServedQuestion | None:
    served = practice_service.find_served(token)
    if (
        served is None
        or served.assignment_id != assignment.id
        or not practice_service.owns(served, Owner(user_id=current_user.id))
    ):
        return None
    return served


def _serve(assignment: Assignment, item_id: str):
    try:
        served = service.serve_assignment_item(assignment, item_id, Owner(user_id=current_user.id))
    except service.AttemptRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("assignments.page", assignment_id=assignment.id), code=303)
    except service.ItemUnavailable as problem:
        abort(404, str(problem))
    return redirect(url_for("practice.question", token=served.token), code=303)
