"""The admin's list of users, each with a form to change their role and a button that
signs them out everywhere."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from quizapp.admin import bp
from quizapp.extensions import db
from quizapp.models import ROLES, User
from quizapp.services import accounts, audit, roles


class RoleForm(FlaskForm):
    """One user's role."""

    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize()) for r in ROLES])


class SignOutUserForm(FlaskForm):
    """End all of one user's sessions (POST with CSRF)."""

    submit = SubmitField("Sign out everywhere")


@bp.get("/users")
def users():
    """Every user (up to a limit) with their role and a form to change it."""
    listed = roles.users_page()
    return render_template(
        "admin/users.html",
        users=listed,
        forms={u.id: RoleForm(formdata=None, role=u.role, prefix=f"u{u.id}") for u in listed},
        sign_out_form=SignOutUserForm(formdata=None),
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


@bp.post("/users/<int:user_id>/sign-out-everywhere")
def sign_out_user(user_id: int):
    """End every session and remember-me cookie of one user (a lost laptop, a leaked
    cookie); their password and API tokens stay as they are."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404, "There is no user with this number.")
    if SignOutUserForm().validate_on_submit():
        audit.record(current_user, "user.sessions_end", "user", user.id, email=user.email)
        accounts.end_every_session(user)  # commits the event with the sign-out
        flash(f"{user.email} is signed out everywhere: each of their sign-ins has ended.")
    return redirect(url_for("admin.users", _anchor=f"user-{user_id}"), code=303)
