"""Account pages. Each POST validates, then redirects (so a refresh never re-sends)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.auth import bp
from quizapp.auth.forms import (
    ChangePasswordForm,
    SignInForm,
    SignOutForm,
    SignUpForm,
    normalise_email,
)
from quizapp.auth.guests import hand_guest_work_to
from quizapp.extensions import db, login_manager
from quizapp.models import User

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's hook: the user whose id is in the session."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site; anything else would be an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _welcome(user: User, adopted: int) -> None:
    if adopted:
        noun = "answer" if adopted == 1 else "answers"
        flash(f"Your {adopted} earlier {noun} from this browser are now saved to your account.")


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up():
    """Create an account, sign in, and keep the guest's attempts."""
    form = SignUpForm()
    if form.validate_on_submit():
        user = User(
            email=normalise_email(form.email.data),
            display_name=form.display_name.data.strip(),
            role="learner",
        )
        user.set_password(form.password.data, current_app.config["PASSWORD_HASH_METHOD"])
        db.session.add(user)
        db.session.commit()
        login_user(user)
        flash(f"Welcome, {user.display_name}. Your account is ready.")
        _welcome(user, hand_guest_work_to(user.id))
        return redirect(url_for("practice.start"), code=303)
    return render_template("auth/sign_up.html", form=form), 422 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in; go on to the page that asked for it when that is a page of ours."""
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is None or not user.check_password(form.password.data):
            # One message for both cases, so the form does not reveal which emails exist.
            form.password.errors.append("That email and password do not match an account.")
        else:
            login_user(user, remember=form.remember.data)
            flash(f"Signed in as {user.display_name}.")
            _welcome(user, hand_guest_work_to(user.id))
            target = safe_next(form.next.data) or url_for("practice.start")
            return redirect(target, code=303)
    status = 422 if form.errors else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.post("/sign-out")
def sign_out():
    """Sign out (POST with CSRF only)."""
    form = SignOutForm()
    if form.validate_on_submit():
        logout_user()
        flash("You are signed out.")
    return redirect(url_for("main.home"), code=303)


@bp.get("/account")
@login_required
def account():
    """The account page: who you are and a form to change the password."""
    return render_template("auth/account.html", form=ChangePasswordForm())


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password after checking the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("That is not your current password.")
        elif form.password.data == form.current.data:
            form.password.errors.append("Choose a password different from the current one.")
        else:
            current_user.set_password(
                form.password.data, current_app.config["PASSWORD_HASH_METHOD"]
            )
            db.session.commit()
            flash("Your password is changed.")
            return redirect(url_for("auth.account"), code=303)
    status = 422 if form.errors else 200
    return render_template("auth/account.html", form=form), status
