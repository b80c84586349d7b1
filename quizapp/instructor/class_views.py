"""Instructor pages for classes: list, create and rename, members, code, co-instructors.

Only a class's instructors (its owner and co-instructors) and admins see a class; to
anyone else in the instructor area it does not exist (404), like another's set.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.classes.forms import ClassForm, CoInstructorForm, RenameClassForm
from quizapp.extensions import db
from quizapp.instructor import bp
from quizapp.instructor.assignment_forms import AssignForm
from quizapp.instructor.assignment_section import assignment_context
from quizapp.instructor.forms import ActionForm
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class
from quizapp.services import classes as service
from quizapp.services.managed_classes import managed_classes


def managed_class_or_404(class_id: int) -> Class:
    """The class, if the current user manages it; a 404 otherwise (revealing nothing)."""
    klass = db.session.get(Class, class_id)
    if klass is None or not service.manages(current_user, klass):
        abort(404, "There is no class of yours with that number.")
    return klass


def assignment_of_class_or_404(klass: Class, assignment_id: int) -> Assignment:
    """The assignment, if it is one of ``klass``'s; a 404 otherwise (an assignment of
    another class, even one the user manages, is not reached through this one's URL)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.class_id != klass.id:
        abort(404, "This class has no assignment with that number.")
    return assignment


@bp.route("/classes", methods=["GET", "POST"])
def class_list():
    """The classes this instructor manages, and the form for a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        try:
            klass = service.create_class(current_user, form.name.data, actor=current_user)
        except service.ClassError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"The class is created. Its join code is {klass.join_code}.")
            return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)
    status = 422 if form.errors else 200
    return render_template(
        "instructor/classes.html", lines=managed_classes(current_user), form=form
    ), status


@bp.get("/classes/<int:class_id>")
def class_page(class_id: int):
    """A class: its join code and link, its members, and the forms that change them."""
    return _class_page(managed_class_or_404(class_id))


def _class_page(
    klass: Class,
    co_form: CoInstructorForm | None = None,
    rename_form: RenameClassForm | None = None,
    status: int = 200,
):
    return class_page_with(klass, co_form=co_form, rename_form=rename_form, status=status)


def class_page_with(
    klass: Class,
    *,
    co_form: CoInstructorForm | None = None,
    rename_form: RenameClassForm | None = None,
    assign: AssignForm | None = None,
    status: int = 200,
):
    """The class page with these forms (as submitted, with their errors) or fresh ones."""
    members = service.members(klass)
    return render_template(
        "instructor/class.html",
        klass=klass,
        learners=[m for m in members if m.role == "learner"],
        co_instructors=[m for m in members if m.role == "co-instructor"],
        join_link=url_for("classes.join_link", code=klass.join_code, _external=True),
        co_form=co_form or CoInstructorForm(formdata=None),
        rename_form=rename_form or RenameClassForm(formdata=None, name=klass.name),
        action_form=ActionForm(),
        **assignment_context(klass, assign),
    ), status


@bp.post("/classes/<int:class_id>/rotate-code")
def rotate_code(class_id: int):
    """A new join code; the old code and link stop working, members stay."""
    klass = managed_class_or_404(class_id)
    if ActionForm().validate_on_submit():
        code = service.rotate_code(klass, actor=current_user)
        flash(f"The new join code is {code}; the old code and link no longer work.")
    return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)


@bp.post("/classes/<int:class_id>/learners/<int:user_id>/remove")
def remove_learner(class_id: int, user_id: int):
    """Take a learner out of the class (they can join again while they know the code)."""
    klass = managed_class_or_404(class_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)
    user = service.remove_learner(klass, user_id, actor=current_user)
    if user is None:
        abort(404, "There is no such learner in this class.")
    flash(f"{user.display_name} is no longer in the class.")
    return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)


@bp.post("/classes/<int:class_id>/co-instructors")
def add_co_instructor(class_id: int):
    """Add an instructor, by email, to manage the class with its owner."""
    klass = managed_class_or_404(class_id)
    form = CoInstructorForm()
    if form.validate_on_submit():
        try:
            user = service.add_co_instructor(klass, form.email.data, actor=current_user)
        except service.ClassError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"{user.display_name} is now a co-instructor of the class.")
            return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)
    return _class_page(klass, co_form=form, status=422)


@bp.post("/classes/<int:class_id>/co-instructors/<int:user_id>/remove")
def remove_co_instructor(class_id: int, user_id: int):
    """Take a co-instructor off the class (the owner cannot be taken off)."""
    klass = managed_class_or_404(class_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)
    user = service.remove_co_instructor(klass, user_id, actor=current_user)
    if user is None:
        abort(404, "There is no such co-instructor of this class.")
    flash(f"{user.display_name} no longer manages the class.")
    if user.id == current_user.id and not service.manages(current_user, klass):
        return redirect(url_for("instructor.class_list"), code=303)
    return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)


@bp.post("/classes/<int:class_id>/rename")
def rename_class(class_id: int):
    """Give the class a new name (its code, link and members stay)."""
    klass = managed_class_or_404(class_id)
    form = RenameClassForm()
    if form.validate_on_submit():
        try:
            renamed = service.rename_class(klass, form.name.data, actor=current_user)
        except service.ClassError as error:
            form.name.errors.append(str(error))
        else:
            flash(
                f"The class is now called “{klass.name}”." if renamed else "The name is unchanged."
            )
            return redirect(url_for("instructor.class_page", class_id=klass.id), code=303)
    return _class_page(klass, rename_form=form, status=422)
