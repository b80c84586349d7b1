"""A published set's page, its items served one after another, and problem reports."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField

from quizapp.auth.guests import current_owner
from quizapp.models import ServedQuestion
from quizapp.models.question_set import MAX_REPORT_CHARS, QuestionSet, SetVersion
from quizapp.rendering.authored import render_markdown
from quizapp.services import practice as practice_service
from quizapp.services import set_practice as service
from quizapp.set_links import bp

NOT_PUBLISHED = (
    "There is no published set at this link. Check the link with your instructor; a set "
    "that is still a draft cannot be opened yet."
)


class ActionForm(FlaskForm):
    """A button that serves a question: POST with a CSRF token."""

    submit = SubmitField()


class NextForm(FlaskForm):
    """ "Next question": ``after`` is the served question just answered."""

    after = HiddenField()


class ReportForm(FlaskForm):
    """A learner's short note about what is wrong with a question."""

    text = TextAreaField()


def _published_or_404(share_token: str) -> tuple[QuestionSet, SetVersion]:
    found = service.published_set(share_token)
    if found is None:
        abort(404, NOT_PUBLISHED)
    return found


def _serve(version: SetVersion, item_id: str | None):
    if item_id is None:
        abort(404, "This set has no items yet.")
    try:
        served = service.serve_item(version, item_id, current_owner(create=True))
    except service.ItemUnavailable as problem:
        abort(404, str(problem))
    return redirect(url_for("practice.question", token=served.token), code=303)


@bp.get("/<share_token>")
def show(share_token: str):
    """The set's title, description and items, each to practise."""
    qset, version = _published_or_404(share_token)
    user_id = current_user.id if current_user.is_authenticated else None
    return render_template(
        "set_links/set.html",
        qset=qset,
        version=version,
        title=version.data["title"],
        description=render_markdown(version.data.get("description", "")),
        items=service.item_lines(version, user_id),
        kinds=service.KIND_LABELS,
        action_form=ActionForm(),
    )


@bp.post("/<share_token>/start")
def start(share_token: str):
    """The set's first item."""
    _qset, version = _published_or_404(share_token)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    return _serve(version, service.next_item_id(version, None))


@bp.post("/<share_token>/items/<item_id>")
def practise_item(share_token: str, item_id: str):
    """One item, with fresh numbers."""
    _qset, version = _published_or_404(share_token)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    return _serve(version, item_id)


@bp.post("/<share_token>/next")
def next_item(share_token: str):
    """The item after the one just answered; after the last, back to the set's page."""
    _qset, version = _published_or_404(share_token)
    form = NextForm()
    if not form.validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    previous = _own_served(form.after.data or "")
    following = service.next_item_id(version, previous.item_id if previous else None)
    if following is None:
        flash("That was the last question of this set. Well done!")
        return redirect(url_for("set_links.show", share_token=share_token), code=303)
    return _serve(version, following)


def _own_served(token: str) -> ServedQuestion | None:
    served = practice_service.find_served(token)
    if served is None or not practice_service.owns(served, current_owner()):
        return None
    return served


@bp.post("/<share_token>/report/<token>")
def report(share_token: str, token: str):
    """Send the author a note about this question instance, then back to its feedback."""
    served = _own_served(token)
    if served is None or service.share_token_of(served.set_version_id) != share_token:
        abort(404, "This question is not open in this browser session.")
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400, "The form could not be checked; please send the report again.")
    try:
        service.report_problem(
            served,
            current_user.id if current_user.is_authenticated else None,
            (form.text.data or "")[: MAX_REPORT_CHARS * 2],
        )
    except service.ReportRefused as refusal:
        flash(str(refusal), "error")
    else:
        flash("Thank you. The author of this set will see your report with this question.")
    return redirect(url_for("practice.feedback", token=token, _anchor="report"), code=303)
