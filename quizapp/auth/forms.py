"""Account forms; each field error says what to fix."""

from __future__ import annotations

import re

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from quizapp.services.passwords import MAX_LENGTH as MAX_PASSWORD
from quizapp.services.passwords import MIN_LENGTH as MIN_PASSWORD
from quizapp.services.passwords import password_problem
from quizapp.timezones import MAX_ZONE_CHARS

# Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(value: str | None) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return (value or "").strip().lower()


def _email_shape(_form: FlaskForm, field: StringField) -> None:
    if not _EMAIL.match(normalise_email(field.data)):
        raise ValidationError("Enter an email address like name@example.com.")


_password_length = Length(
    min=MIN_PASSWORD,
    max=MAX_PASSWORD,
    message=f"Use between {MIN_PASSWORD} and {MAX_PASSWORD} characters.",
)
PASSWORD_HINT = (
    f"At least {MIN_PASSWORD} characters. Any characters; common or easily guessed "
    "passwords are refused. A few unrelated words work well."
)


def _refuse_guessable(field: PasswordField, *personal: str | None) -> None:
    """The strength check, once the length is right (one message at a time)."""
    if field.errors or not field.data:
        return
    problem = password_problem(field.data, personal)
    if problem is not None:
        raise ValidationError(problem)


class SignUpForm(FlaskForm):
    """Create an account."""

    display_name = StringField(
        "Your name",
        validators=[
            DataRequired("Enter the name to show on your pages."),
            Length(max=80, message="Keep your name under 80 characters."),
        ],
    )
    email = StringField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="An email address has at most 254 characters."),
            _email_shape,
        ],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), _password_length],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )
    # No "this email is taken" check: it would tell anyone which emails have accounts.
    submit = SubmitField("Create account")

    def validate_password(self, field: PasswordField) -> None:
        """Refuse an easily guessed password, or one made of the name or email typed above."""
        _refuse_guessable(field, self.email.data, self.display_name.data)


class SignInForm(FlaskForm):
    """Sign in with email and password."""

    email = StringField(
        "Email", validators=[DataRequired("Enter your email address."), _email_shape]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class ChangePasswordForm(FlaskForm):
    """Change the password of the signed-in account."""

    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), _password_length],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the new password."),
            EqualTo("password", "The two new passwords differ."),
        ],
    )
    submit = SubmitField("Change password")

    def validate_password(self, field: PasswordField) -> None:
        """Refuse an easily guessed password, or one made of the account's name or email."""
        _refuse_guessable(field, current_user.email, current_user.display_name)


class SignOutForm(FlaskForm):
    """Sign out is a POST with a CSRF token, so another site cannot sign you out."""

    submit = SubmitField("Sign out")


class SignOutEverywhereForm(FlaskForm):
    """End every session of the account (POST with CSRF, like signing out)."""

    submit = SubmitField("Sign out everywhere")


class ApiTokenForm(FlaskForm):
    """Create a personal API token; the name says where it is used."""

    name = StringField(
        "Token name",
        validators=[
            DataRequired("Name the token, e.g. after the script or device that will use it."),
            Length(max=80, message="Keep the name under 80 characters."),
        ],
        description="Something to recognise it by, e.g. “laptop script”.",
    )
    submit = SubmitField("Create token")


class RevokeApiTokenForm(FlaskForm):
    """Revoking a token is a POST with a CSRF token, so another site cannot do it for you."""

    submit = SubmitField("Revoke")


class TimezoneForm(FlaskForm):
    """The IANA time zone one's dates are shown in."""

    timezone = StringField(
        "Time zone",
        validators=[
            Length(
                max=MAX_ZONE_CHARS,
                message=f"A time zone name has at most {MAX_ZONE_CHARS} characters.",
            )
        ],
        description=(
            "An IANA name such as Europe/Paris or America/New_York. Due dates and times "
            "are shown in it; without one, in UTC."
        ),
    )
    # "1" when the browser sends its zone by itself: it never replaces a stored one.
    automatic = HiddenField()
    submit = SubmitField("Save time zone")
