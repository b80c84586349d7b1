"""Progress pages. Views load through the progress service and render plain values."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from quizapp import clock
from quizapp.dashboard import bp, table_rows
from quizapp.engine.questions import TOPICS, registry
from quizapp.extensions import db
from quizapp.models import Attempt, utcnow
from quizapp.operations.read_only import read_only
from quizapp.practice.forms import ActionForm
from quizapp.progress.mastery import MASTERY_RULE_TEXT
from quizapp.rendering.authored import render_question_text
from quizapp.rendering.charts import accuracy_chart_svg, accuracy_table_html
from quizapp.rendering.question_pages import (
    diagnosis_name,
    difficulty_label,
    feedback_summary,
    lettered_choices,
    worked_solution,
)
from quizapp.services import assignments, review_queue, set_practice, tries
from quizapp.services import practice as practice_service
from quizapp.services import progress as service


@bp.app_context_processor
def review_badge():
    """``due_review_count()`` for the nav badge: usually counted with the user's own row when
    the session loaded it (``auth.views.load_user``), else one COUNT, only when shown."""

    def due_review_count() -> int:
        if not current_user.is_authenticated:
            return 0
        if "due_review_count" not in g:
            g.due_review_count = service.due_review_count(current_user.id, utcnow())
        return g.due_review_count

    return {"due_review_count": due_review_count, "diagnosis_name": diagnosis_name}


@bp.get("/")
@login_required
@read_only
def index():
    """Mastery per topic, accuracy over 30 days, misconceptions, recent answers, streaks."""
    now = clock.now()
    data = service.dashboard_for(current_user.id, now)
    g.due_review_count = data.due_count  # the nav badge needs no second query
    return render_template(
        "dashboard/index.html",
        data=data,
        rule=MASTERY_RULE_TEXT,
        chart=accuracy_chart_svg(data.days),
        table=accuracy_table_html(data.days),
        # The long tables' rows are built in Python (see table_rows): Jinja cost 3 times more.
        topic_rows=table_rows.topic_rows(data.topics),
        type_rows=table_rows.type_rows(data.types, service.type_title),
        recent_rows=table_rows.recent_rows(data.recent),
        practisable=set(registry()),
        now=now,
        # Due dates follow the app's clock (tests set it); two queries however many.
        assignments=assignments.assignments_for_learner(current_user, now),
    )


@bp.get("/attempt/<int:attempt_id>")
@login_required
@read_only
def attempt(attempt_id: int):
    """The exact question of a past attempt, the answer given, its grade and the solution."""
    row = db.session.get(Attempt, attempt_id)
    # Someone else's attempt is "not found", so ids reveal nothing about other learners.
    if row is None or row.user_id != current_user.id:
        abort(404, "There is no answer of yours with this number.")
    try:
        question = practice_service.question_for(row)
    except ValueError as problem:
        current_app.logger.warning("cannot regenerate %s: %s", row.type_id, problem)
        abort(410, f"This question ({row.type_id}) can no longer be shown: {problem}")
    result = practice_service.regrade(row, question)
    # An assignment may keep worked solutions (and the expected answer) until its due date.
    assignment = assignments.find_assignment(row.assignment_id) if row.assignment_id else None
    show_solution = assignment is None or assignment.solutions_visible(clock.now())
    return render_template(
        "dashboard/attempt.html",
        attempt=row,
        later_tries=tries.later_tries(row.id),
        q=question,
        topic_title=TOPICS.get(question.topic, ""),
        prompt=render_question_text(question, question.prompt),
        result=result,
        summary=feedback_summary(question, result),
        choices=lettered_choices(question),
        show_solution=show_solution,
        assignment=assignment,
        solution=worked_solution(question) if show_solution else None,
        difficulty=difficulty_label(question),
        set_token=set_practice.share_token_of(row.set_version_id),
    )


@bp.get("/review")
@login_required
def review():
    """The question types due for review now, and when the others come up."""
    now = utcnow()
    cards = service.review_cards(current_user.id)
    lines = [
        service.ReviewLine(
            card.type_id,
            service.type_title(card.type_id),
            "",
            card.due_at,
            card.due_at <= now,
        )
        for card in cards
    ]
    g.due_review_count = sum(line.is_due for line in lines)
    return render_template(
        "dashboard/review.html",
        due=[line for line in lines if line.is_due],
        upcoming=[line for line in lines if not line.is_due],
        now=now,
        action_form=ActionForm(),
    )


@bp.post("/review/next")
@login_required
def practise_due():
    """Start the review queue: the most overdue type through the normal practice flow, with a
    fresh seed; "Next review" on its feedback page continues the queue."""
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    served = review_queue.serve_next_review(current_user.id, utcnow())
    if served is None:
        flash("Nothing is due for review right now. Practise anything you like.")
        return redirect(url_for("dashboard.review"), code=303)
    return redirect(url_for("practice.question", token=served.token), code=303)
