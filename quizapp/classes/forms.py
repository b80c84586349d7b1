"""Forms of classes (each one carries the CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from quizapp.models.classroom import MAX_NAME_CHARS


class JoinForm(FlaskForm):
    """A class's join code, as the instructor gave it."""

    code = StringField(
        "Join code",
        validators=[DataRequired("Type the code your instructor gave you."), Length(max=32)],
        description="Eight letters and digits, e.g. K7QM2XPA.",
    )
    submit = SubmitField("Join the class")


class ClassForm(FlaskForm):
    """A new class: its name."""

    name = StringField(
        "Name",
        validators=[
            DataRequired("Give the class a name."),
            Length(max=MAX_NAME_CHARS, message=f"Keep it under {MAX_NAME_CHARS} characters."),
        ],
    )
    submit = SubmitField("Create the class")


class RenameClassForm(ClassForm):
    """A class's new name."""

    submit = SubmitField("Rename")


class CoInstructorForm(FlaskForm):
    """An instructor to manage a class with its owner."""

    email = StringField(
        "Instructor's email",
        validators=[DataRequired("Type the instructor's email."), Length(max=254)],
    )
    submit = SubmitField("Add co-instructor")
