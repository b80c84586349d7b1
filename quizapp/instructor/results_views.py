"""Instructor pages of a class's results: the class's, each assignment's, remedial practice.

Like the class pages, only the class's instructors and admins see them; to anyone else in
the instructor area the class and its assignments do not exist (404).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.instructor import bp
from quizapp.instructor.class_views import assignment_of_class_or_404, managed_class_or_404
from quizapp.instructor.forms import RemedialForm
from quizapp.rendering.distribution import distribution_bars
from quizapp.services import class_results as results
from quizapp.services import remedial


@bp.get("/classes/<int:class_id>/results")
def class_results(class_id: int):
    """Each learner across the class's assignments, and the misconception map."""
    klass = managed_class_or_404(class_id)
    found = results.class_results(klass)
    return render_template(
        "instructor/class_results.html",
        klass=klass,
        results=found,
        remedial_form=RemedialForm(),
    )


@bp.get("/classes/<int:class_id>/results/<int:assignment_id>")
def assignment_results(class_id: int, assignment_id: int):
    """One assignment: each learner, and each item's analysis with its misconceptions."""
    klass = managed_class_or_404(class_id)
    assignment = assignment_of_class_or_404(klass, assignment_id)
    found = results.assignment_results(assignment)
    labels = results.SCORE_BIN_LABELS
    bars = {
        item.item_id: distribution_bars(
            labels, item.distribution, what=f"Scores on question {item.number}"
        )
        for item in found.items
    }
    return render_template(
        "instructor/assignment_results.html",
        klass=klass,
        assignment=assignment,
        results=found,
        bars=bars,
        bin_labels=labels,
    )


@bp.post("/classes/<int:class_id>/results/remedial")
def assign_remedial(class_id: int):
    """A new set of the question types behind one misconception, assigned to the learners
    who showed it (and only them)."""
    klass = managed_class_or_404(class_id)
    form = RemedialForm()
    back = url_for("instructor.class_results", class_id=klass.id)
    if not form.validate_on_submit():
        flash("Choose a misconception in the map to assign practice for.")
        return redirect(back, code=303)
    try:
        made = remedial.assign_remedial(klass, form.code.data, creator=current_user)
    except remedial.RemedialRefused as error:
        flash(str(error))
        return redirect(back, code=303)
    flash(made.summary())
    return redirect(
        url_for(
            "instructor.assignment_results",
            class_id=klass.id,
            assignment_id=made.assignment.id,
        ),
        code=303,
    )
