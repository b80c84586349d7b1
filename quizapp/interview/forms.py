"""Interview forms: start a round (difficulty), answer the current question."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired

from quizapp.main.session_state import DEFAULT_DIFFICULTY
from quizapp.practice.forms import DIFFICULTY_CHOICES


class StartRoundForm(FlaskForm):
    """Start a round at one difficulty."""

    difficulty = RadioField(
        "Difficulty",
        choices=DIFFICULTY_CHOICES,
        default=str(DEFAULT_DIFFICULTY),
        validators=[InputRequired("Choose a difficulty.")],
    )
    submit = SubmitField("Start a round")


class RoundAnswerForm(FlaskForm):
    """The answer to the round's current question; the token says which question it was."""

    answer = StringField("Your answer")
    served_token = HiddenField()
