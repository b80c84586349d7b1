"""The admin's list of users, each with a form to change their role."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from quizapp.admin import bp
from quizapp.extensions import db
from quizapp.models import ROLES, User
from quizapp.services import roles


class RoleForm(FlaskForm):
    """One user's role."""

    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize()) for r in ROLES])


@bp.get("/users")
def users():
    """Every user (up to a limit) with their role and a form to change it."""
    listed = roles.users_page()
    return render_template(
        "admin/users.html",
        users=listed,
        forms={u.id: RoleForm(formdata=None, role=u.role, prefix=f"u{u.id}") for u in listed},
        limit=roles.LISTED_USERS,
    )


@bp.post("/users/<int:user_id>/role")
def change_role(user_id: int):
    """Promote or demote one user, then back to the list."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404, "There is no user with this number.")
    form = RoleForm(prefix=f"u{user_id}")
    if not form.validate_on_submit():
        flash("Choose one of the roles listed.", "error")
        return redirect(url_for("admin.users"), code=303)
    try:
        changed = roles.change_role(user, form.role.data, actor=current_user)
    except roles.RoleRefused as problem:
        flash(str(problem), "error")
    else:
        already = "" if changed else "already "
        flash(f"{user.email} is {already}{'now ' if changed else ''}{user.role}.")
    return redirect(url_for("admin.users", _anchor=f"user-{user_id}"), code=303)
