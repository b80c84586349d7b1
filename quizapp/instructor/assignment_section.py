"""The assignments section of an instructor's class page: its form and its list."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quizapp import clock
from quizapp.instructor.assignment_forms import AssignForm
from quizapp.models.classroom import Class
from quizapp.services import assignments as service
from quizapp.services import question_sets
from quizapp.timezones import zone_name_of


def published_set_choices(user: Any) -> list[SelectChoice]:
    """The sets ``user`` may assign that have a published version, as the form's choices."""
    return [
        SelectChoice(str(line.qset.id), f"{line.qset.title} (version {line.published.number})")
        for line in question_sets.sets_for(user)
        if line.published is not None
    ]


def assignment_context(klass: Class, form: AssignForm | None = None) -> dict[str, Any]:
    """What the class page needs for its assignments section."""
    if form is None:
        form = AssignForm(formdata=None)
        form.set_id.choices = published_set_choices(current_user)
    return {
        "assign_form": form,
        "assignments": service.assignments_of_class(klass),
        "instructor_zone": zone_name_of(current_user),
        "now": clock.now(),
    }
