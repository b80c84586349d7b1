""" "Explain it in one minute" questions, checked against the key points of a good answer.

Interviewers often ask for a concept in a minute to see whether it is understood.
Each type lists the points a good answer makes, each with the phrasings that
count for it. Grading lower-cases the answer, turns punctuation other than
hyphens, plus and minus signs into spaces and looks for each phrasing as whole
words (see ``grading._normalise``), so phrasings list the usual spellings:
"one-hot", "one hot" and "onehot" are three different phrasings.

Difficulty sets how many key points are asked for: 4 when easy (the prompt names
what to cover), 5 at medium, all 6 when hard.

This module holds what the types share; they live in ``explain`` (cross-entropy, entropy
versus cross-entropy, why the log) and ``explain_tasks`` (multi-label, binary versus
categorical).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions.base import KeyPoint, ParamsError, Question, QuestionType

POINTS_BY_DIFFICULTY = {1: 4, 2: 5, 3: 6}


def forms(*phrases: str) -> tuple[str, ...]:
    """Each phrase as written, with its hyphens read as spaces and with them dropped."""
    out: list[str] = []
    for phrase in phrases:
        for variant in (phrase, phrase.replace("-", " "), phrase.replace("-", "")):
            if variant not in out:
                out.append(variant)
    return tuple(out)


ONE_HOT = forms("one-hot")
SOFTMAX = forms("soft-max")
MULTI_CLASS = forms("multi-class", "multi-category")
MULTI_LABEL = forms("multi-label", "multi-labels")
ONE_MINUS_Q = ("1 - q", "1-q", "1 − q", "1−q", "1 - p", "1-p", "1 − p", "1−p", "one minus")
GRADIENT = ("gradient", "gradients", "derivative", "derivatives")


class ExplainQuestion(QuestionType):
    """An "explain it in one minute" question: key points, a model answer, no numbers."""

    kind = "explain"
    family = "explain"
    PARAMS_SCHEMA = schema.params(
        "No params: the difficulty chooses the key points.", {}, closed=True
    )
    concept: ClassVar[str]  # what to explain, as the prompt says it
    points: ClassVar[tuple[KeyPoint, ...]]  # the most important first
    model_answer: ClassVar[str]
    hints: ClassVar[tuple[str, ...]]

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return {}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        if params:
            raise ParamsError(
                f"{self.id} takes no params (difficulty sets the key points); "
                f"got {', '.join(sorted(map(str, params)))}"
            )
        return {}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        points = list(self.points[: POINTS_BY_DIFFICULTY[difficulty]])
        prompt = f"Explain {self.concept} in about one minute, as you would in an interview."
        if difficulty == 1:
            covered = "; ".join(p.text[0].lower() + p.text[1:].rstrip(".") for p in points)
            prompt += f" A good answer says: {covered}."
        return self.question(
            prompt=prompt,
            answer=None,
            answer_format="text",
            key_points=points,
            model_answer=self.model_answer,
            hints=list(self.hints),
            explanation={
                "key_points": [{"id": p.id, "text": p.text} for p in points],
                "model_answer": self.model_answer,
            },
        )
