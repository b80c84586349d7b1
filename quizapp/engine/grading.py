"""Grading: the tolerance policy, hint penalties and naming the learner's mistake.

``grade`` never records anything and never guesses: text it cannot read raises
``ParseError`` (the learner is asked again, no attempt is stored); text it can
read is compared with the engine's answer and, when wrong, with the answers
that each typical mistake produces, so the feedback can name the mistake.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from quizapp.engine.answers import ParsedAnswer, ParseError, parse_number, parse_vector
from quizapp.engine.explaining import judge
from quizapp.engine.numbers import format_number, format_vector
from quizapp.engine.questions.base import Misconception, Question, Tolerance

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
    # Further mistakes that give the same number as ``diagnosis``; the message names each.
    also: list[str] = field(default_factory=list)
    #: For an explanation: key point id → the learner's sentence that made it.
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def diagnoses(self) -> list[str]:
        """Every mistake this answer is put down to, nearest first."""
        return [self.diagnosis, *self.also] if self.diagnosis else []


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


class UnitError(ParseError):
    """The answer names a unit other than the one asked for (it is not graded)."""


#: Unit words a learner may type after a number, by the unit they name.
_UNIT_WORDS = {
    "nat": "nats",
    "nats": "nats",
    "bit": "bits",
    "bits": "bits",
    "shannon": "bits",
    "shannons": "bits",
    "ban": "bans",
    "bans": "bans",
    "hartley": "bans",
    "hartleys": "bans",
    "dit": "bans",
    "dits": "bans",
}
_TRAILING_UNIT = re.compile(r"^(?P<number>.*?[\d)\]eπ])\s*(?P<unit>[A-Za-z]+)\s*$", re.DOTALL)


def _split_unit(question: Question, raw_text: str) -> str:
    """The number without a trailing unit word ("0.3567 nats"), checked against the unit asked."""
    match = _TRAILING_UNIT.match(raw_text.strip())
    if not match or match["unit"].lower() not in _UNIT_WORDS:
        return raw_text
    typed = _UNIT_WORDS[match["unit"].lower()]
    if question.unit in _UNIT_WORDS.values():
        if typed != question.unit:
            raise UnitError(
                f"The question asks for {question.unit}, but you wrote {match['unit']}. "
                f"Give the value in {question.unit}."
            )
        return match["number"]
    raise UnitError(f"This answer has no unit; type the number without '{match['unit']}'.")


def _read_number(question: Question, raw_text: str) -> tuple[ParsedAnswer, float]:
    """Parse a number; a percentage question reads "35.7 %" and "35.7" alike as 35.7."""
    percent = question.answer_format == "percent"
    text = _split_unit(question, raw_text)
    parsed = parse_number(text, allow_percent=percent)
    value = float(parsed.value)
    if percent and "%" in text:
        value *= 100.0
    wanted = question.significant_figures
    if wanted and parsed.significant_figures is not None and parsed.significant_figures < wanted:
        raise PrecisionError(
            f"Give at least {wanted} significant figures; "
            f"{text.strip()} has {parsed.significant_figures}."
        )
    return parsed, value


_SIGN_DROPPED = "The sign is off: the size is right but the sign is not."


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
    mistakes = [m for m in question.misconceptions if isinstance(m.value, int | float)]
    if expected != 0 and not any(m.code == "sign_dropped" for m in mistakes):
        mistakes.append(Misconception("sign_dropped", -expected, _SIGN_DROPPED))
    found = _nearest_mistakes([(m, [float(m.value)]) for m in mistakes], [value], tolerance)
    if not found:
        _refuse_rounded_answer(parsed, value, expected)
    return _wrong(question, parsed, value, hints, found)


#: Fewer significant figures than this cannot be told from a neighbouring mistake.
CHECKABLE_FIGURES = 3


def _refuse_rounded_answer(parsed: ParsedAnswer, value: float, expected: float) -> None:
    """Ask for more figures, rather than mark wrong, when the answer was rounded too far.

    With a relative tolerance, 0.0002 for 0.000234 is 15 % off, yet it is the
    right answer to one significant figure; nothing is recorded for it.
    """
    figures = parsed.significant_figures
    if not figures or figures >= CHECKABLE_FIGURES or value == 0:
        return
    rounded = float(f"{expected:.{figures}g}")
    if math.isclose(rounded, value, rel_tol=1e-9):
        plural = "figure" if figures == 1 else "figures"
        raise PrecisionError(
            f"{parsed.text.strip()} has {figures} significant {plural}, too few to check: "
            f"give at least {CHECKABLE_FIGURES}. Scientific notation such as 2.5e-4 is "
            "easiest for a small number."
        )


def _nearest_mistakes(
    candidates: list[tuple[Misconception, list[float]]],
    values: list[float],
    tolerance: Tolerance,
) -> list[Misconception]:
    """The mistake whose value is nearest to what was typed, then any that give the same number.

    Nearest, not first: with 1 % tolerance two mistakes 1.5 % apart can both be
    within reach of one typed value, and the closer one is the better guess.
    """

    def distance(target: list[float], typed: list[float]) -> float:
        return max(tolerance.distance(v, t) for v, t in zip(typed, target, strict=True))

    near = [
        (distance(target, values), mistake, target)
        for mistake, target in candidates
        if len(target) == len(values) and distance(target, values) <= 1.0
    ]
    if not near:
        return []
    near.sort(key=lambda item: item[0])
    _, best, best_target = near[0]
    same = [
        mistake
        for _, mistake, target in near[1:]
        if distance(best_target, target) <= 1.0 and mistake.message != best.message
    ]
    return [best, *same]


def _wrong(
    question: Question,
    parsed: ParsedAnswer,
    value: float | list[float],
    hints: int,
    found: list[Misconception],
    components: list[bool] | None = None,
    score: float = 0.0,
    fallback: str = "Not quite.",
) -> Grade:
    if not found:
        message, code, also = fallback, None, []
    elif len(found) == 1:
        message, code, also = found[0].message, found[0].code, []
    else:
        message = " ".join(
            [f"{len(found)} mistakes give this number. {found[0].message}"]
            + [f"Or: {m.message}" for m in found[1:]]
        )
        code, also = found[0].code, [m.code for m in found[1:]]
    full = f"{_sentence(message)} The answer is {_mid_sentence(describe_expected(question))}."
    return Grade(
        False,
        score,
        code,
        full,
        question.answer,
        parsed.reading,
        value,
        hints,
        components or [],
        also=also,
    )


def _mid_sentence(text: str) -> str:
    """An option's text inside a sentence: "Divide it by …" → "divide it by …" (not "KL …")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _sentence(message: str) -> str:
    """``message`` ending in one full stop (messages may or may not carry their own)."""
    message = message.rstrip()
    return message if message.endswith((".", "!", "?")) else message + "."


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
    candidates = [
        (m, [float(t) for t in np.atleast_1d(m.value)])
        for m in question.misconceptions
        if not isinstance(m.value, str)
    ]
    found = _nearest_mistakes(candidates, values, tolerance)
    right = sum(components)
    fallback = f"{right} of {len(components)} components are right." if right else "Not quite."
    return _wrong(question, parsed, values, hints, found, components, score, fallback)


def _grade_choice(question: Question, raw_text: str, hints: int) -> Grade:
    chosen = _read_choice(question, raw_text)
    parsed = ParsedAnswer(raw_text, 0.0, chosen, False, None)
    if chosen == question.answer:
        score = _hint_factor(question, hints)
        return Grade(True, score, None, "Correct.", question.answer, chosen, chosen, hints)
    for mistake in question.misconceptions:
        if mistake.value == chosen:
            return _wrong(question, parsed, chosen, hints, [mistake])
    return _wrong(question, parsed, chosen, hints, [], fallback="Not this one.")


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
        evidence=verdict.evidence,
    )
