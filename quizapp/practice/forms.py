"""Practice forms. The answer form carries only the one-time token's page and the text."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

# The longest answer of any kind; each question's own limit is engine.limits.answer_limit.
from quizapp.engine.limits import MAX_ANSWER_CHARS  # noqa: F401  (imported from here by views)
from quizapp.main.session_state import DEFAULT_DIFFICULTY

#: The difficulty rule both start forms state next to the choice.
DIFFICULTY_RULE = (
    "Easy to begin with; after that, the level you chose last, in practice or in an "
    "interview, is ticked for you."
)

DIFFICULTY_CHOICES = [
    SelectChoice("1", "Easy"),
    SelectChoice("2", "Medium"),
    SelectChoice("3", "Hard"),
]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (a multiple select is awkward on phones and for screen readers)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices_of(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class StartForm(FlaskForm):
    """Pick the topics and difficulty of a practice session."""

    topics = MultiCheckboxField("Topics", validators=[Optional()])
    difficulty = RadioField(
        "Difficulty",
        choices=DIFFICULTY_CHOICES,
        default=str(DEFAULT_DIFFICULTY),
        validators=[InputRequired("Choose a difficulty.")],
    )
    submit = SubmitField("Start practising")


class AnswerForm(FlaskForm):
    """The learner's answer; ``reveal`` is the hint number asked for (idempotent on refresh)."""

    answer = StringField("Your answer")
    reveal = IntegerField(validators=[Optional()])
    # Also in the URL; a mismatch means the page and the form disagree (e.g. an edited form).
    served_token = HiddenField()


class SelfAssessForm(FlaskForm):
    """Key points the learner believes their explanation made although the checker missed them."""

    points = MultiCheckboxField("Points I made", validators=[Optional()])
    submit = SubmitField("Count these points")


class ActionForm(FlaskForm):
    """A button that changes state (serve another question): POST with a CSRF token."""

    submit = SubmitField()


class NextForm(FlaskForm):
    """The "Next question" button; ``after`` names the question just answered, so a review
    queue can continue."""

    after = HiddenField()
