"""Learners' class pages: the list with the join form, the join link, joining, leaving."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from quizapp.classes import bp
from quizapp.classes.forms import JoinForm
from quizapp.extensions import db
from quizapp.instructor.forms import ActionForm
from quizapp.models.classroom import Class
from quizapp.services import classes as service


@bp.get("/")
@login_required
def index():
    """The classes one is a learner in, and the form to join another."""
    return _index_page(JoinForm())


def _index_page(form: JoinForm, status: int = 200):
    return render_template(
        "classes/index.html",
        joined=service.joined_classes(current_user),
        form=form,
        action_form=ActionForm(),
    ), status


@bp.post("/join")
@login_required
def join():
    """Join the class whose code was typed."""
    form = JoinForm()
    if not form.validate_on_submit():
        return _index_page(form, 422)
    klass = service.class_for_code(form.code.data)
    if klass is None:
        form.code.errors.append(
            "No class has this code. Check it with your instructor; it may have been changed."
        )
        return _index_page(form, 422)
    return _joined(klass)


@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
def join_link(code: str):
    """A class's join link: a page with one button (a GET never changes anything)."""
    klass = service.class_for_code(code)
    if klass is None:
        abort(404, "This join link does not work (any more). Ask your instructor for the code.")
    form = ActionForm()
    if form.validate_on_submit():
        return _joined(klass)
    member = service.membership(klass, current_user)
    return render_template("classes/join.html", klass=klass, member=member, form=form)


def _joined(klass: Class):
    if service.join(klass, current_user):
        flash(f"You are in the class “{klass.name}”.")
    else:
        flash(f"You were in the class “{klass.name}” already.")
    return redirect(url_for("classes.index"), code=303)


@bp.post("/<int:class_id>/leave")
@login_required
def leave(class_id: int):
    """Leave a class one is a learner in; any other class is a 404."""
    klass = db.session.get(Class, class_id)
    if klass is None or not ActionForm().validate_on_submit():
        abort(404, "You are not a learner in that class.")
    if not service.leave(klass, current_user):
        abort(404, "You are not a learner in that class.")
    flash(f"You left the class “{klass.name}”.")
    return redirect(url_for("classes.index"), code=303)
