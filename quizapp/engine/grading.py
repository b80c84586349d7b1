"""Grading: the tolerance policy, hint penalties and naming the learner's mistake.

``grade`` never records anything and never guesses: text it cannot read raises
``ParseError`` (the learner is asked again, no attempt is stored); text it can
read is compared with the engine's answer and, when wrong, with the answers
that each typical mistake produces, so the feedback can name the mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from quizapp.engine.answers import ParsedAnswer, ParseError, parse_number, parse_vector
from quizapp.engine.explaining import judge
from quizapp.engine.numbers import format_number, format_vector
from quizapp.engine.questions.base import Question

#: Share of key points an "explain it" answer must cover to count as right.
EXPLAIN_PASS_SHARE = 2 / 3
MAX_EXPLANATION_CHARS = 5000


class PrecisionError(ParseError):
    """The answer has fewer significant figures than the question asks for."""


@dataclass
class Grade:
    """The outcome of grading one answer; everything the feedback page shows."""

    correct: bool
    score: float
    diagnosis: str | None
    message: str
    expected: float | list[float] | str | None
    reading: str = ""
    value: float | list[float] | str | None = None
    hints_used: int = 0
    component_correct: list[bool] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    self_assessed: bool = False
    #: For an explanation: key point id → the learner's sentence that made it.
    evidence: dict[str, str] = field(default_factory=dict)


def grade(
    question: Question,
    raw_text: str,
    *,
    hints_used: int = 0,
    self_assessed: Iterable[str] = (),
) -> Grade:
    """Grade ``raw_text`` as an answer to ``question``.

    ``hints_used`` lowers the score by ``question.hint_penalty`` each;
    ``self_assessed`` lists key points of an "explain" answer that the learner
    says they made although the checker did not find them.
    Raises ``ParseError`` for text that cannot be read as an answer.
    """
    if not isinstance(raw_text, str):
        raise ParseError("The answer must be text.")
    hints = _check_hints(question, hints_used)
    if question.kind == "explain":
        return _grade_explanation(question, raw_text, hints, set(self_assessed))
    if question.kind == "choice":
        return _grade_choice(question, raw_text, hints)
    if question.kind == "vector":
        return _grade_vector(question, raw_text, hints)
    return _grade_number(question, raw_text, hints)


def _check_hints(question: Question, hints_used: int) -> int:
    if isinstance(hints_used, bool) or not isinstance(hints_used, int) or hints_used < 0:
        raise ValueError(f"hints_used must be a non-negative integer; got {hints_used!r}")
    return min(hints_used, len(question.hints))


def _hint_factor(question: Question, hints: int) -> float:
    return max(0.0, 1.0 - hints * question.hint_penalty)


def describe_expected(question: Question) -> str:
    """The right answer as the feedback states it, with its unit."""
    answer = question.answer
    if isinstance(answer, list):
        return format_vector(answer, format_number)
    if isinstance(answer, str):
        for choice in question.choices:
            if choice.id == answer:
                return choice.text
        return answer
    if answer is None:
        return ""
    text = format_number(answer)
    return f"{text} {question.unit}" if question.unit else text


def _read_number(question: Question, raw_text: str) -> tuple[ParsedAnswer, float]:
    """Parse a number; a percentage question reads "35.7 %" and "35.7" alike as 35.7."""
    percent = question.answer_format == "percent"
    parsed = parse_number(raw_text, allow_percent=percent)
    value = float(parsed.value)
    if percent and "%" in raw_text:
        value *= 100.0
    wanted = question.significant_figures
    if wanted and parsed.significant_figures is not None and parsed.significant_figures < wanted:
        raise PrecisionError(
            f"Give at least {wanted} significant figures; "
            f"{raw_text.strip()} has {parsed.significant_figures}."
        )
    return parsed, value


def _grade_number(question: Question, raw_text: str, hints: int) -> Grade:
    parsed, value = _read_number(question, raw_text)
    expected = float(question.answer)
    tolerance = question.tolerance
    if tolerance.allows(value, expected):
        score = _hint_factor(question, hints)
        return Grade(
            True,
            score,
            None,
            f"Correct: {describe_expected(question)}.",
            expected,
            parsed.reading,
            value,
            hints,
        )
    for mistake in question.misconceptions:
        if isinstance(mistake.value, int | float) and tolerance.allows(value, float(mistake.value)):
            return _wrong(question, parsed, value, hints, mistake.code, mistake.message)
    if expected != 0 and tolerance.allows(-value, expected):
        return _wrong(
            question,
            parsed,
            value,
            hints,
            "sign_dropped",
            "The sign is off: the size is right but the sign is not.",
        )
    return _wrong(question, parsed, value, hints, None, "Not quite.")


def _wrong(
    question: Question,
    parsed: ParsedAnswer,
    value: float | list[float],
    hints: int,
    code: str | None,
    message: str,
    components: list[bool] | None = None,
    score: float = 0.0,
) -> Grade:
    full = f"{message} The answer is {describe_expected(question)}."
    return Grade(
        False, score, code, full, question.answer, parsed.reading, value, hints, components or []
    )


def _grade_vector(question: Question, raw_text: str, hints: int) -> Grade:
    expected = [float(v) for v in question.answer]
    parsed = parse_vector(raw_text, length=len(expected))
    values = [float(v) for v in np.atleast_1d(parsed.value)]
    tolerance = question.tolerance
    components = [tolerance.allows(v, e) for v, e in zip(values, expected, strict=True)]
    share = sum(components) / len(components)
    if all(components):
        score = _hint_factor(question, hints)
        return Grade(
            True,
            score,
            None,
            f"Correct: {describe_expected(question)}.",
            expected,
            parsed.reading,
            values,
            hints,
            components,
        )
    score = share * _hint_factor(question, hints)
    for mistake in question.misconceptions:
        target = np.atleast_1d(mistake.value) if not isinstance(mistake.value, str) else None
        if (
            target is not None
            and target.shape == (len(values),)
            and all(tolerance.allows(v, float(t)) for v, t in zip(values, target, strict=True))
        ):
            return _wrong(
                question, parsed, values, hints, mistake.code, mistake.message, components, score
            )
    right = sum(components)
    message = f"{right} of {len(components)} components are right." if right else "Not quite."
    return _wrong(question, parsed, values, hints, None, message, components, score)


def _grade_choice(question: Question, raw_text: str, hints: int) -> Grade:
    chosen = _read_choice(question, raw_text)
    parsed = ParsedAnswer(raw_text, 0.0, chosen, False, None)
    if chosen == question.answer:
        score = _hint_factor(question, hints)
        return Grade(True, score, None, "Correct.", question.answer, chosen, chosen, hints)
    for mistake in question.misconceptions:
        if mistake.value == chosen:
            return _wrong(question, parsed, chosen, hints, mistake.code, mistake.message)
    return _wrong(question, parsed, chosen, hints, None, "Not this one.")


def _read_choice(question: Question, raw_text: str) -> str:
    """Accept a choice id, its letter as shown (A, B, …) or its 1-based number."""
    text = raw_text.strip()
    ids = [c.id for c in question.choices]
    if text in ids:
        return text
    letters = {chr(ord("a") + i): cid for i, cid in enumerate(ids)}
    if text.lower() in letters:
        return letters[text.lower()]
    if text.isdecimal() and text.isascii() and 1 <= int(text) <= len(ids):
        return ids[int(text) - 1]
    if not text:
        raise ParseError("Pick one of the options first.")
    last = chr(ord("A") + len(ids) - 1)
    raise ParseError(f"Pick one of the options A to {last}.")


def _grade_explanation(
    question: Question, raw_text: str, hints: int, self_assessed: set[str]
) -> Grade:
    text = raw_text.strip()
    if not text:
        raise ParseError("Write your explanation first.")
    if len(text) > MAX_EXPLANATION_CHARS:
        raise ParseError(f"Keep it under {MAX_EXPLANATION_CHARS} characters; a minute is short.")
    verdict = judge(
        text,
        question.key_points,
        question.false_claims,
        pass_share=EXPLAIN_PASS_SHARE,
        self_assessed=self_assessed,
        describe={p.id: p.text for p in question.key_points},
    )
    score = verdict.share * _hint_factor(question, hints)
    if verdict.diagnosis in ("false_claim", "not_sentences"):
        score *= 0.5  # the points made still count for something, but not as a pass
    return Grade(
        verdict.correct,
        score,
        verdict.diagnosis,
        verdict.message,
        None,
        f"{len(text.split())} words",
        text,
        hints,
        [],
        verdict.covered,
        verdict.missed,
        bool(verdict.claimed),
        verdict.evidence,
    )
