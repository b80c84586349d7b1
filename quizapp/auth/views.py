"""Account pages. Each POST validates, then redirects (so a refresh never re-sends)."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.auth import bp
from quizapp.auth.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    RevokeApiTokenForm,
    SignInForm,
    SignOutEverywhereForm,
    SignOutForm,
    SignUpForm,
    TimezoneForm,
    normalise_email,
)
from quizapp.auth.guests import GUEST_KEY, hand_guest_work_to
from quizapp.auth.session_user import parse_session_id, take_read_user
from quizapp.extensions import db, login_manager
from quizapp.models import ApiToken, User, utcnow
from quizapp.services import accounts, api_tokens, audit, progress

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Flask-Login's hook: the user of a session id ``<id>.<generation>.<fingerprint>`` while
    its generation and password fingerprint are current (see ``User.get_id``).

    Anything else is no user, so the visitor is simply signed out: a stale id, and an id of
    the older ``<id>.<fingerprint>`` form, which every sign-in before sessions had
    generations carries.
    """
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    # Read already with the page's own row, or here with the nav's due count: one
    # statement (a round trip on PostgreSQL) either way.
    read = take_read_user(parsed.row_id)
    user, due_count = read or progress.user_and_due_count(parsed.row_id, utcnow())
    if user is None or parsed.generation != user.session_generation:
        return None
    if not hmac.compare_digest(parsed.fingerprint.encode(), user.session_fingerprint().encode()):
        return None
    progress.remember_due_count(due_count)
    return user


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site; anything else would be an open redirect.

    Control characters (CR/LF above all) are refused too: they cannot go into the
    Location header, and werkzeug raises on them, which was a 500.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _welcome(user: User, adopted: int) -> None:
    if adopted:
        noun = "answer" if adopted == 1 else "answers"
        flash(f"Your {adopted} earlier {noun} from this browser are now saved to your account.")


#: The email just signed up with, to fill in the sign-in form that follows.
SIGN_UP_EMAIL = "sign_up_email"
#: Said after every valid sign-up, whether or not the email had an account (see README).
SIGNED_UP = (
    "If this email was new to us, your account is ready: sign in below with the password "
    "you just chose. If it already had an account, nothing about it has changed: sign in "
    "with that account's password."
)


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up():
    """Create an account, then ask for a sign-in, saying the same whether the email was new.

    Signing in straight away would tell a stranger that the email had no account; so a
    new account signs in like any other, and the guest's answers come along then.
    """
    form = SignUpForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        accounts.register(
            email,
            form.display_name.data.strip(),
            form.password.data,
            current_app.config["PASSWORD_HASH_METHOD"],
        )
        session[SIGN_UP_EMAIL] = email
        flash(SIGNED_UP)
        return redirect(url_for("auth.sign_in"), code=303)
    return render_template("auth/sign_up.html", form=form), 422 if form.errors else 200


def _fresh_session() -> None:
    """Start a new session at sign-in, so nothing planted before it (a CSRF token, a
    half-made form) carries over; only the guest key stays, to hand over the guest's work."""
    guest_key = session.get(GUEST_KEY)
    session.clear()
    if guest_key is not None:
        session[GUEST_KEY] = guest_key


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in; go on to the page that asked for it when that is a page of ours."""
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        form.email.data = session.pop(SIGN_UP_EMAIL, None)
    if form.validate_on_submit():
        user = accounts.authenticate(
            normalise_email(form.email.data),
            form.password.data,
            current_app.config["PASSWORD_HASH_METHOD"],
        )
        if user is None:
            # One message (and one password check) for both cases, so neither the form nor
            # its timing reveals which emails exist.
            form.password.errors.append("That email and password do not match an account.")
        else:
            _fresh_session()
            login_user(user, remember=form.remember.data)
            flash(f"Signed in as {user.display_name}.")
            _welcome(user, hand_guest_work_to(user.id))
            target = safe_next(form.next.data) or url_for("practice.start")
            return redirect(target, code=303)
    status = 422 if form.errors else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.post("/sign-out")
def sign_out():
    """Sign out (POST with CSRF only): end the session and the remember-me cookie."""
    form = SignOutForm()
    if form.validate_on_submit():
        # Clear first: logout_user() leaves a flag in the session that makes Flask-Login
        # delete the remember-me cookie; clearing after it wiped the flag, so the cookie
        # stayed and signed the browser straight back in.
        session.clear()
        logout_user()
        flash("You are signed out.")
    return redirect(url_for("main.home"), code=303)


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session and remember-me cookie of this account, this browser's too.

    This one ends as well: whoever fears that a session was taken may be on a shared or
    borrowed device themselves, and signing in again proves it is them.
    """
    if SignOutEverywhereForm().validate_on_submit():
        accounts.end_every_session(current_user._get_current_object())
        session.clear()  # before logout_user(), as in sign_out
        logout_user()
        flash("You are signed out everywhere, on this device too. Sign in to go on.")
        return redirect(url_for("auth.sign_in"), code=303)
    return redirect(url_for("auth.account"), code=303)


def _remembered() -> bool:
    """Whether this request came with a remember-me cookie."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


#: Session key of a new API token's pending reveal (the pad half, never the secret).
NEW_API_TOKEN = "new_api_token"


@bp.get("/account")
@login_required
def account():
    """The account page: who you are, a form to change the password, your API tokens;
    right after creating a token, its secret, this once."""
    pending = session.pop(NEW_API_TOKEN, None)
    new_api_token = None
    if pending is not None:
        new_api_token = api_tokens.take_reveal(pending, current_user.id)
        if new_api_token is None:
            flash(
                "The new token's secret can no longer be shown: it is shown once, within "
                f"{api_tokens.REVEAL_TTL.seconds // 60} minutes. If you did not copy it, "
                "revoke the token and create another."
            )
    return _account_page(new_api_token=new_api_token)


def _account_page(
    *, form=None, token_form=None, new_api_token=None, timezone_form=None, status: int = 200
):
    """Render the account page; ``form`` is the password form, ``token_form`` the token one,
    ``timezone_form`` the time-zone setting (as sent, with its error)."""

    tokens = db.session.execute(
        db.select(ApiToken)
        .filter_by(user_id=current_user.id, revoked_at=None)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).scalars()
    return render_template(
        "auth/account.html",
        form=form or ChangePasswordForm(formdata=None),
        token_form=token_form or ApiTokenForm(formdata=None),
        revoke_form=RevokeApiTokenForm(formdata=None),
        sign_out_everywhere_form=SignOutEverywhereForm(formdata=None),
        timezone_form=timezone_form
        or TimezoneForm(formdata=None, timezone=current_user.timezone or ""),
        api_tokens=[_token_row(token) for token in tokens],
        # Shown on this one page view only (see services/api_tokens.py).
        new_api_token=new_api_token,
    ), status


def _token_row(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created": _when(token.created_at),
        "last_used": _when(token.last_used_at) if token.last_used_at else None,
    }


def _when(moment) -> dict[str, str]:
    """A UTC moment for a <time> element: machine-readable and as people read it."""
    return {"iso": moment.isoformat(), "text": moment.strftime("%Y-%m-%d %H:%M UTC")}


@bp.post("/api-tokens")
@login_required
def create_api_token():
    """Create a personal API token, then redirect: the account page shows its secret once.

    Post/redirect/get, so reloading the page never creates a second token; the secret
    waits sealed in the database, its pad in this session (never the secret itself).
    """
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return _account_page(token_form=form, status=422)
    session[NEW_API_TOKEN] = api_tokens.create_token(
        current_user.id, form.name.data.strip(), actor=current_user
    )
    return redirect(url_for("auth.account", _anchor="api-tokens"), code=303)


@bp.post("/api-tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    """Revoke one of your own tokens; someone else's is a 404, revealing nothing."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404, "There is no API token of yours with that number.")
    if RevokeApiTokenForm().validate_on_submit():
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            audit.record(current_user, "token.revoke", "api_token", token.id, name=token.name)
            db.session.commit()
            flash(f"The API token “{token.name}” is revoked; it no longer works.")
        else:
            flash(f"The API token “{token.name}” was already revoked.")
    return redirect(url_for("auth.account", _anchor="api-tokens"), code=303)


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
            user = current_user._get_current_object()
            accounts.change_password(
                user, form.password.data, current_app.config["PASSWORD_HASH_METHOD"]
            )
            # This session keeps going under the new id (and this device's remember-me
            # cookie, if it had one); every other one has ended.
            login_user(user, remember=_remembered())
            flash("Your password is changed; other sign-ins of this account have ended.")
            return redirect(url_for("auth.account"), code=303)
    return _account_page(form=form, status=422 if form.errors else 200)
