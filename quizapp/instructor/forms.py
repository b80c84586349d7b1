"""Forms of the instructor area (each one carries the CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from quizapp.services.question_sets import MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS


class SetDetailsForm(FlaskForm):
    """A set's title and description (Markdown with maths)."""

    title = StringField(
        "Title",
        validators=[
            DataRequired("Give the set a title."),
            Length(
                max=MAX_TITLE_CHARS, message=f"Keep the title under {MAX_TITLE_CHARS} characters."
            ),
        ],
        description="Learners see it at the top of the set's page.",
    )
    description = TextAreaField(
        "Description",
        validators=[Length(max=MAX_DESCRIPTION_CHARS)],
        description="Markdown, with maths in \\( … \\). Shown to learners before the items.",
    )
    submit = SubmitField("Save")


class ImportForm(FlaskForm):
    """Upload a set file (YAML or JSON) as a new set."""

    file = FileField(
        "Set file",
        validators=[FileRequired("Choose a .yaml, .yml or .json file.")],
        description="YAML or JSON in the format of docs/question-sets.md, at most 1 MB.",
    )
    submit = SubmitField("Import")


class ActionForm(FlaskForm):
    """A button that changes something (move, duplicate, delete, publish): POST + CSRF."""

    submit = SubmitField()


class ResolveForm(FlaskForm):
    """Mark a report resolved, or open again."""

    resolved = BooleanField()
    back = HiddenField()


class RemedialForm(FlaskForm):
    """The button under a misconception of the map: practice for the learners who showed it."""

    code = HiddenField(validators=[DataRequired(), Length(max=60)])
