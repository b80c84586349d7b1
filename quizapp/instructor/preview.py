"""Preview an item exactly as a learner sees it, for a chosen or random seed, and answer it.

The pages are the practice question and feedback templates themselves, with the form
sent here instead; nothing is served or recorded, the seed and version travel in the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import Optional

from quizapp.engine import ParseError, grade
from quizapp.engine.limits import MAX_ANSWER_CHARS, answer_limit
from quizapp.engine.questions import TOPICS, Question
from quizapp.instructor import bp
from quizapp.instructor.presenting import item_or_404, managed_set_or_404, version_or_404
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.rendering.authored import render_question_text
from quizapp.rendering.question_pages import (
    LOG_NOTE,
    answer_input,
    difficulty_label,
    feedback_summary,
    lettered_choices,
    worked_solution,
)
from quizapp.services.practice import SEED_LIMIT, draw_seed
from quizapp.sets import ItemError, item_question


class PreviewForm(FlaskForm):
    """The practice answer form's fields, plus the instance: seed and version number."""

    answer = StringField()
    reveal = IntegerField(validators=[Optional()])
    seed = HiddenField()
    version = HiddenField()
    hints = HiddenField()


@dataclass(frozen=True)
class _Served:
    """What the practice templates read of a served question, for an instance not served."""

    token: str
    hints_revealed: int
    difficulty: int


@dataclass(frozen=True)
class _Answer:
    """What the feedback template reads of a recorded attempt, for an answer not recorded."""

    raw_answer: str
    correct: bool
    hints_used: int
    served_token: str = ""
    self_assessed: list[str] | None = None


@dataclass(frozen=True)
class _Tries:
    """A single first try (the feedback template's try-again state)."""

    attempt: _Answer
    try_number: int = 1
    later: list[Any] = field(default_factory=list)
    right_on_try: int | None = None
    open_token: str | None = None
    latest_number: int = 1


@dataclass(frozen=True)
class _Journey:
    section: str = ""
    reviews_due: int | None = None
    round_id: int | None = None
    set_place: None = None
    assignment_place: None = None


@dataclass(frozen=True)
class Instance:
    """The item, version and seed a preview shows."""

    qset: QuestionSet
    version: SetVersion
    item: dict[str, Any]
    seed: int


def _seed(text: str | None) -> int | None:
    if text is None or not text.isascii() or not text.isdecimal() or len(text) > 10:
        return None
    value = int(text)
    return value if value < SEED_LIMIT else None


def _instance(set_id: int, item_id: str, version: str | None, seed: str | None) -> Instance:
    qset = managed_set_or_404(set_id)
    chosen = version_or_404(qset, version)
    item = item_or_404(chosen, item_id)
    value = _seed(seed)
    if value is None:
        abort(400, f"A seed is a whole number from 0 to {SEED_LIMIT - 1}.")
    return Instance(qset, chosen, item, value)


@bp.get("/sets/<int:set_id>/items/<item_id>/preview")
def preview_item(set_id: int, item_id: str):
    """The question page for one seed; no seed (or ``random``) draws one and links to it."""
    raw_seed = request.args.get("seed", "").strip()
    if raw_seed in ("", "random"):
        qset = managed_set_or_404(set_id)
        version = version_or_404(qset, request.args.get("version"))
        item_or_404(version, item_id)
        target = url_for(
            "instructor.preview_item",
            set_id=set_id,
            item_id=item_id,
            version=version.number,
            seed=draw_seed(),
        )
        return redirect(target, code=303)
    instance = _instance(set_id, item_id, request.args.get("version"), raw_seed)
    return _question_page(instance, PreviewForm(formdata=None), hints=0)


@bp.post("/sets/<int:set_id>/items/<item_id>/preview")
def preview_answer(set_id: int, item_id: str):
    """Grade an answer to the previewed instance (not recorded) and show the feedback page."""
    form = PreviewForm()
    instance = _instance(set_id, item_id, form.version.data, form.seed.data)
    hints = _hints(form.hints.data)
    typed = (form.answer.data or "")[:MAX_ANSWER_CHARS]
    if not form.validate_on_submit():
        return _question_page(instance, form, hints, typed, "The form could not be checked.", 400)
    question = _question_or_page(instance)
    if not isinstance(question, Question):
        return question
    try:
        result = grade(question, typed, hints_used=hints)
    except ParseError as problem:
        return _question_page(instance, form, hints, typed, problem.message, 422)
    answer = _Answer(typed, bool(result.correct), hints)
    return render_template(
        "instructor/preview_feedback.html",
        **_context(instance, question, hints),
        served=_Served("", hints, question.difficulty),
        attempt=answer,
        tries=_Tries(answer),
        hold_answer=False,
        result=result,
        summary=feedback_summary(question, result),
        show_solution=True,
        solution=worked_solution(question),
        assess_form=None,
    )


@bp.post("/sets/<int:set_id>/items/<item_id>/preview/hint")
def preview_hint(set_id: int, item_id: str):
    """Show one more hint, keeping what was typed."""
    form = PreviewForm()
    instance = _instance(set_id, item_id, form.version.data, form.seed.data)
    wanted = form.reveal.data if form.validate_on_submit() and form.reveal.data else 0
    typed = (form.answer.data or "")[:MAX_ANSWER_CHARS]
    return _question_page(instance, form, max(wanted, _hints(form.hints.data)), typed)


def _hints(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdecimal() and len(text) < 3 else 0


def _question_or_page(instance: Instance):
    """The instance's question, or the preview page saying why this draw has none."""
    try:
        return item_question(instance.item, instance.seed)
    except ItemError as error:
        page = render_template(
            "instructor/preview_unavailable.html", instance=instance, reason=error.describe()
        )
        return page, 422


def _question_page(
    instance: Instance,
    form: PreviewForm,
    hints: int,
    typed: str = "",
    error: str | None = None,
    status: int = 200,
):
    question = _question_or_page(instance)
    if not isinstance(question, Question):
        return question
    hints = min(hints, len(question.hints))
    context = _context(instance, question, hints)
    return render_template(
        "instructor/preview_question.html",
        **context,
        served=_Served("", hints, question.difficulty),
        retry=None,
        previous_answer=None,
        form=form,
        answer_input=answer_input(question),
        hints=[render_question_text(question, h) for h in question.hints[:hints]],
        hints_left=len(question.hints) - hints,
        log_note=LOG_NOTE,
        typed=typed,
        error=error,
        max_chars=answer_limit(question.kind),
    ), status


def _context(instance: Instance, question: Question, hints: int) -> dict[str, Any]:
    """What both preview pages share: the question, where the form goes, the instance."""
    place = {"set_id": instance.qset.id, "item_id": instance.item["id"]}
    return {
        "instance": instance,
        "journey": _Journey(),
        "nav_section": "instructor",
        "q": question,
        "topic_title": TOPICS.get(question.topic, ""),
        "prompt": render_question_text(question, question.prompt),
        "choices": lettered_choices(question),
        "difficulty": difficulty_label(question),
        "answer_url": url_for("instructor.preview_answer", **place),
        "hint_url": url_for("instructor.preview_hint", **place),
        "hidden_fields": {
            "seed": instance.seed,
            "version": instance.version.number,
            "hints": hints,
        },
    }
