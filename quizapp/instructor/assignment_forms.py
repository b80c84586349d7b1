"""The form that assigns one of the instructor's published sets to a class."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from quizapp.models.assignment import MAX_TITLE_CHARS
from quizapp.timezones import utc_from_local

#: The time a due date without one is due at (the end of that day, in the instructor's zone).
DEFAULT_DUE_TIME = time(23, 59)

POLICY_CHOICES = [
    SelectChoice(
        "practice", "Practice: as many attempts as they like; the best score per question counts"
    ),
    SelectChoice("once", "Once: one attempt per question, and it counts"),
]
SOLUTION_CHOICES = [
    SelectChoice("immediately", "Straight after each answer"),
    SelectChoice(
        "after_due",
        "Only after the due date (right or wrong and the likely mistake show at once)",
    ),
]


class AssignForm(FlaskForm):
    """Assign a set: its current published version, a due date in the instructor's zone."""

    set_id = SelectField(
        "Set",
        coerce=int,
        validate_choice=False,  # the view says which sets may be chosen, in plain words
        validators=[InputRequired("Choose one of your published sets.")],
        description="Its current published version is assigned; later edits do not change it.",
    )
    title = StringField(
        "Title (optional)",
        validators=[
            Optional(),
            Length(max=MAX_TITLE_CHARS, message=f"Keep it under {MAX_TITLE_CHARS} characters."),
        ],
        description="Leave empty to use the set's title.",
    )
    due_date = StringField("Due date (optional)", validators=[Optional()])
    due_time = StringField("Due time", validators=[Optional()])
    # The service checks the choices and says what is allowed (validate_choice=False).
    attempts_policy = RadioField(
        "Attempts", choices=POLICY_CHOICES, default="practice", validate_choice=False
    )
    solutions = RadioField(
        "Worked solutions show",
        choices=SOLUTION_CHOICES,
        default="immediately",
        validate_choice=False,
    )
    submit = SubmitField("Assign")

    def due_at(self, zone: str) -> datetime | None:
        """The due moment in UTC from the date and time typed in ``zone``; None without a date.

        A bad date or time becomes an error on its field (and ``ValueError``), so the
        page says which one to fix.
        """
        typed_date = (self.due_date.data or "").strip()
        typed_time = (self.due_time.data or "").strip()
        if not typed_date:
            if typed_time:
                self.due_date.errors = [*self.due_date.errors, "Give the date the time is on."]
                raise ValueError("time without a date")
            return None
        try:
            day = date.fromisoformat(typed_date)
        except ValueError:
            self.due_date.errors = [
                *self.due_date.errors,
                f"“{typed_date[:20]}” is not a date; use the form YYYY-MM-DD, e.g. 2026-12-08.",
            ]
            raise
        try:
            clock_time = time.fromisoformat(typed_time) if typed_time else DEFAULT_DUE_TIME
        except ValueError:
            self.due_time.errors = [
                *self.due_time.errors,
                f"“{typed_time[:20]}” is not a time; use the 24-hour form HH:MM, e.g. 17:00.",
            ]
            raise
        return utc_from_local(day, clock_time.replace(second=0, microsecond=0), zone)
