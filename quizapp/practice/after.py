"""Practice pages after an answer: feedback, self-assessment, try again, another, next."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from quizapp.auth.guests import current_owner
from quizapp.engine.questions import TOPICS, Question
from quizapp.main.session_state import preferred_difficulty
from quizapp.models import utcnow
from quizapp.operations.read_only import read_only
from quizapp.practice import bp
from quizapp.practice.forms import ActionForm, NextForm, SelfAssessForm, choices_of
from quizapp.practice.served import PRACTICE_KEY, question_of, serve_and_show, served_or_abort
from quizapp.rendering.authored import render_question_text
from quizapp.rendering.question_pages import (
    difficulty_label,
    feedback_summary,
    lettered_choices,
    worked_solution,
)
from quizapp.services import assignments, question_cache, review_queue, set_practice, tries
from quizapp.services import practice as service
from quizapp.services.journey import journey_of


@bp.get("/feedback/<token>")
@read_only
def feedback(token: str):
    """Right or wrong, the named misconception, the reading, and the worked solution."""
    served = served_or_abort(token)
    state = tries.try_state(token, later_try=tries.is_retry(served))
    if state is None or not state.answered:
        return redirect(url_for("practice.question", token=token), code=303)
    attempt = state.this_try
    question = question_of(served)
    result = service.regrade(attempt, question)
    journey = journey_of(served, utcnow())
    # An assignment may keep worked solutions (and the expected answer) until its due date.
    place = journey.assignment_place
    show_solution = place is None or place.solutions_visible
    return render_template(
        "practice/feedback.html",
        served=served,
        attempt=attempt,
        tries=state,
        journey=journey,
        nav_section=journey.section,
        # Until some try is right, the answer waits behind "Show the answer", so that
        # trying again means working it out, not copying it.
        hold_answer=not attempt.correct and state.right_on_try is None,
        q=question,
        topic_title=TOPICS.get(question.topic, ""),
        prompt=render_question_text(question, question.prompt),
        result=result,
        summary=feedback_summary(question, result),
        choices=lettered_choices(question),
        show_solution=show_solution,
        solution=_worked_solution(question) if show_solution else None,
        assess_form=_self_assess_form(question, result) if state.try_number == 1 else None,
        # The buttons print their CSRF field themselves; the set's report form needs a form.
        action_form=ActionForm() if journey.set_place is not None else None,
        difficulty=difficulty_label(question),
    )


def _worked_solution(question: Question):
    """The worked solution, typeset once per question while it is in the question cache."""
    return question_cache.derived(question, "worked_solution", lambda: worked_solution(question))


def _self_assess_form(question: Question, result) -> SelfAssessForm | None:
    if question.kind != "explain" or not result.missed:
        return None
    form = SelfAssessForm(formdata=None)
    form.points.choices = choices_of(
        (p.id, p.text) for p in question.key_points if p.id in result.missed
    )
    return form


@bp.post("/feedback/<token>/self-assess")
def self_assess(token: str):
    """Count key points the learner says they made; updates the recorded attempt."""
    served_or_abort(token)
    attempt = service.find_attempt(token)
    if attempt is None:
        abort(404, "There is no recorded answer to assess yet.")
    question = question_of(attempt)
    form = SelfAssessForm()
    form.points.choices = choices_of((p.id, p.text) for p in question.key_points)
    if question.kind != "explain":
        abort(400, "Only explanations can be self-assessed.")
    if form.validate_on_submit():
        claimed = sorted(set(form.points.data or []) | set(attempt.self_assessed or []))
        service.self_assess(attempt, question, claimed)
        flash("Your self-assessment is recorded with this answer.")
    return redirect(url_for("practice.feedback", token=token, _anchor="key-points"), code=303)


@bp.post("/feedback/<token>/try-again")
def try_again(token: str):
    """Serve another try at the same question; only the first try counts for mastery."""
    served_or_abort(token)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    try:
        served = tries.start_retry(token, utcnow())
    except tries.NothingToRetry:
        flash("This question has no wrong answer left to try again.")
        return redirect(url_for("practice.feedback", token=token), code=303)
    except tries.AttemptRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("practice.feedback", token=token), code=303)
    return redirect(url_for("practice.question", token=served.token), code=303)


@bp.post("/another/<token>")
def another(token: str):
    """The same type and difficulty with a new seed drawn on the server."""
    served = served_or_abort(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    first = tries.first_served(served)
    if first.assignment_id is not None:  # through an assignment: its policy decides
        return _another_of_assignment(first)
    if served.set_version_id is not None:  # an item of a set: the item again, new numbers
        try:
            again = set_practice.serve_again(served, current_owner(create=True))
        except set_practice.ItemUnavailable as problem:
            abort(410, str(problem))
        return redirect(url_for("practice.question", token=again.token), code=303)
    return serve_and_show(served.type_id, served.difficulty)


def _another_of_assignment(first):
    """The same item of the assignment again (refused under "once"), stamped with it."""
    assignment = assignments.find_assignment(first.assignment_id)
    if assignment is None:
        abort(410, "This assignment has been removed.")
    if not assignments.is_for(assignment, current_user):  # e.g. removed from the class since
        abort(404, "There is no assignment of yours with that number.")
    try:
        again = assignments.serve_assignment_item(
            assignment, first.item_id or "", current_owner(create=True)
        )
    except assignments.AttemptRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("practice.feedback", token=first.token), code=303)
    except (assignments.ItemUnavailable, assignments.AssignmentError) as problem:
        abort(410, str(problem))
    return redirect(url_for("practice.question", token=again.token), code=303)


@bp.post("/next")
def next_question():
    """The next review while reviews are due after one; else a random type from the topics
    chosen at the start (all topics if none were chosen)."""
    form = NextForm()
    if not form.validate_on_submit():
        abort(400)
    if form.after.data and current_user.is_authenticated:
        previous = service.find_served(form.after.data)
        served = review_queue.continue_after(previous, current_user.id, utcnow())
        if served is not None:
            return redirect(url_for("practice.question", token=served.token), code=303)
    chosen = session.get(PRACTICE_KEY) or {}
    topics = chosen.get("topics") or list(service.available_topics())
    difficulty = chosen.get("difficulty")
    difficulty = difficulty if difficulty in (1, 2, 3) else preferred_difficulty()
    return serve_and_show(service.pick_type(topics), difficulty)
