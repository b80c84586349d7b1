"""Plain values the question and feedback pages show: how to answer, the choices, the grade.

Practice, interview rounds, the progress pages and the instructors' previews all show
questions the same way, so these live here rather than in one of those blueprints.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from flask import current_app
from jinja2 import TemplateNotFound
from markupsafe import Markup

from quizapp.engine.answers import describe_syntax
from quizapp.engine.grading import Grade, describe_expected
from quizapp.engine.questions import Question
from quizapp.engine.questions.base import DIFFICULTY_NAMES
from quizapp.rendering.authored import AUTHORED_FAMILY, render_question_text
from quizapp.rendering.solutions import render_solution

DIFFICULTY_LABELS = {level: name.capitalize() for name, level in DIFFICULTY_NAMES.items()}
LOG_NOTE = "Here log means the natural log (ln); write log2 or log10 for other bases."

#: Codes of the grader's diagnoses, named for the feedback page.
DIAGNOSIS_NAMES = {
    "log_base_2": "Log base 2 instead of the natural log",
    "sign_dropped": "Sign dropped",
    "wrong_class": "Wrong class picked",
    "mean_vs_sum": "Mean and sum mixed up",
    "no_softmax": "Softmax skipped",
    "key_points_missed": "Key points missing",
    "false_claim": "A claim that is not true",
    "not_sentences": "Not a full explanation",
}


def difficulty_label(question: Question) -> str:
    """ "Easy", "Medium" or "Hard"; nothing for an instructor's own item, which has no level."""
    if question.family == AUTHORED_FAMILY:
        return ""
    return DIFFICULTY_LABELS.get(question.difficulty, "")


def diagnosis_name(code: str | None) -> str | None:
    """A short name for a misconception code ("log_base_2" → "Log base 2 instead of …")."""
    if not code:
        return None
    name = DIAGNOSIS_NAMES.get(code) or code.replace("_", " ").capitalize()
    return name.replace("cross entropy", "cross-entropy")


@dataclass(frozen=True)
class AnswerInput:
    """How the answer box looks and what the preview endpoint should parse."""

    widget: str  # "text" | "radio" | "textarea"
    expect: str | None  # "number" | "vector" for the live preview, else None
    allow_percent: bool
    length: int | None
    syntax: str
    unit: str | None


def answer_input(question: Question) -> AnswerInput:
    """The input a question needs: radios for choices, a textarea to explain, else a text box."""
    if question.kind == "choice":
        return AnswerInput("radio", None, False, None, "Pick one option.", None)
    if question.kind == "explain":
        syntax = "Write a few sentences, as you would say them in an interview."
        return AnswerInput("textarea", None, False, None, syntax, None)
    if question.kind == "vector" or question.answer_format == "vector":
        length = question.vector_length
        syntax = describe_syntax("vector") + _small_answer_note(question)
        return AnswerInput("text", "vector", False, length, syntax, question.unit)
    percent = question.answer_format == "percent"
    syntax = describe_syntax("number") + _small_answer_note(question)
    if percent:
        syntax += " A percentage such as 35.7 % is accepted."
    return AnswerInput("text", "number", percent, None, syntax, question.unit)


SMALL_ANSWER = 0.01


def _small_answer_note(question: Question) -> str:
    """Where the answer is small, say how to type it: grading is relative, to 3 figures."""
    values = question.answer if isinstance(question.answer, list) else [question.answer]
    if any(isinstance(v, int | float) and 0 < abs(v) < SMALL_ANSWER for v in values):
        return (
            " This answer is small: give 3 significant figures, in scientific notation "
            "such as 2.34e-4 if you like."
        )
    return ""


def lettered_choices(question: Question) -> list[tuple[str, str, Markup]]:
    """(letter, choice id, typeset text) for each option, lettered A, B, C …"""
    return [
        (string.ascii_uppercase[i], choice.id, render_question_text(question, choice.text))
        for i, choice in enumerate(question.choices)
    ]


def key_point_texts(question: Question, ids: list[str]) -> list[tuple[str, Markup]]:
    """(id, typeset text) of the key points named by ``ids``, in the question's order."""
    wanted = set(ids)
    return [
        (p.id, render_question_text(question, p.text))
        for p in question.key_points
        if p.id in wanted
    ]


def feedback_summary(question: Question, result: Grade) -> dict[str, object]:
    """Everything the feedback page states about the grade, as plain values."""
    expected = describe_expected(question)
    for letter, choice_id, _text in lettered_choices(question):
        if choice_id == question.answer:
            expected = f"{letter}. {expected}"
    return {
        "expected": expected,
        "diagnosis_name": diagnosis_name(result.diagnosis),
        "score_percent": round(100 * result.score),
        "covered": key_point_texts(question, result.covered),
        "missed": key_point_texts(question, result.missed),
        # Which of the learner's sentences made each point (none for self-assessed ones).
        "evidence": dict(result.evidence),
    }


def worked_solution(question: Question) -> Markup:
    """The worked solution; a family whose template is not written yet gets a short note."""
    try:
        return render_solution(question)
    except TemplateNotFound:
        current_app.logger.warning("no worked-solution template for family %r", question.family)
        return Markup(
            '<p class="muted">The worked solution for this question is being written.</p>'
        )
