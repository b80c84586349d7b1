"""What a question is, and the base class every question type builds on.

A question instance is fully determined by (type id, seed, difficulty, params):
the type draws its numbers from a generator seeded by those, computes every
number with the loss engine, and returns a plain ``Question`` that the web app,
the API and the worked-solution templates only read.
"""

from __future__ import annotations

import copy
import math
import zlib
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from quizapp.engine.explaining import FalseClaim, Meaning

KINDS = ("numeric", "vector", "choice", "explain")
DIFFICULTIES = (1, 2, 3)
DIFFICULTY_NAMES = {"easy": 1, "medium": 2, "hard": 3}

#: Topic id → title, in the order a learner meets them (surprisal → entropy → …).
TOPICS: dict[str, str] = {
    "surprisal": "Surprisal",
    "entropy": "Entropy",
    "cross_entropy": "Cross-entropy and KL divergence",
    "categorical": "Categorical cross-entropy",
    "softmax": "Softmax and its gradient",
    "binary": "Binary cross-entropy",
    "multilabel": "Multi-label classification",
    "concepts": "Concepts and choosing a loss",
}


class ParamsError(ValueError):
    """Fixed ``params`` for a question are missing, malformed or out of range."""


@dataclass(frozen=True)
class Tolerance:
    """An answer x is right when |x − expected| ≤ max(rel·|expected|, abs).

    Relative by default (1 %), with an absolute floor far below any answer a type
    produces (1e-8, PrairieLearn's default), so that 0, the sign flipped, a factor
    of 2 or 10 % off is never right however small the answer is. An earlier
    "or 1e-3, whichever is larger" accepted 0 for an answer of 0.0002.
    """

    rel: float = 0.01
    abs: float = 1e-8

    def __post_init__(self) -> None:
        for name in ("rel", "abs"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and 0.0 <= value < math.inf):
                raise ValueError(f"tolerance {name} must be a finite number ≥ 0; got {value!r}")
        if not self.rel < 0.5:
            raise ValueError(f"tolerance rel must be below 0.5 (50 %); got {self.rel!r}")

    def allows(self, value: float, expected: float) -> bool:
        """Whether ``value`` is close enough to ``expected``."""
        return abs(value - expected) <= max(self.rel * abs(expected), self.abs)

    def distance(self, value: float, expected: float) -> float:
        """How far ``value`` is from ``expected`` in units of the allowed error (≤ 1 allowed)."""
        return abs(value - expected) / max(self.rel * abs(expected), self.abs)

    def separates(self, mistake: float, answer: float) -> bool:
        """Whether a mistake's value can be told apart from the answer.

        Neither the mistake nor the mistake typed to 3 significant figures, as a
        learner who made it would type it, may grade as right.
        """
        return not (self.allows(mistake, answer) or self.allows(_three_figures(mistake), answer))


def _three_figures(value: float) -> float:
    """``value`` as a learner types it to three significant figures."""
    return float(f"{value:.3g}")


@dataclass(frozen=True)
class Misconception:
    """A wrong answer a typical mistake produces, with the code and words that name it."""

    code: str
    value: float | tuple[float, ...] | str
    message: str


@dataclass(frozen=True)
class Choice:
    """One option of a choice question; ``id`` is stable, ``text`` may hold inline LaTeX."""

    id: str
    text: str


@dataclass(frozen=True)
class KeyPoint:
    """A point an "explain it" answer should make.

    ``text`` states it (feedback and solutions show it), ``aspect`` names what it is
    about without giving it away (the easy prompt lists aspects), and ``meanings``
    are what a sentence must say to make it (see ``quizapp.engine.explaining``).
    """

    id: str
    text: str
    aspect: str
    meanings: tuple[Meaning, ...]


@dataclass
class Question:
    """A generated question instance: everything needed to show, grade and explain it."""

    type_id: str
    kind: str
    topic: str
    title: str
    prompt: str
    answer: float | list[float] | str | None
    seed: int = 0  # seed, difficulty and params are filled in by ``generate``
    difficulty: int = 1
    params: dict[str, Any] = field(default_factory=dict)
    unit: str | None = None
    answer_format: str = "number"  # number | percent | vector | choice | text
    vector_length: int | None = None
    tolerance: Tolerance = field(default_factory=Tolerance)
    misconceptions: list[Misconception] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    false_claims: list[FalseClaim] = field(default_factory=list)
    model_answer: str = ""
    hints: list[str] = field(default_factory=list)
    hint_penalty: float = 0.25
    significant_figures: int | None = None
    family: str = ""
    explanation: dict[str, Any] = field(default_factory=dict)
    # Codes of mistakes left out of ``misconceptions`` because they cannot be told apart
    # from the answer: they give the answer itself, or fixed params put them too near it.
    indistinct: list[str] = field(default_factory=list)

    @property
    def template(self) -> str:
        """The worked-solution template of this question's family."""
        return f"explanations/{self.family}.html"


def blurred_mistakes(question: Question) -> list[Misconception]:
    """The listed mistakes that cannot be told apart from the answer (``Tolerance.separates``)."""
    answer, tolerance = question.answer, question.tolerance
    if question.kind == "numeric" and isinstance(answer, int | float):
        return [
            m
            for m in question.misconceptions
            if isinstance(m.value, int | float) and not tolerance.separates(float(m.value), answer)
        ]
    if question.kind == "vector" and isinstance(answer, list):
        return [
            m
            for m in question.misconceptions
            if not isinstance(m.value, str)
            and len(m.value) == len(answer)
            and not _vector_separated(tolerance, [float(v) for v in m.value], answer)
        ]
    return []


def _vector_separated(tolerance: Tolerance, mistake: list[float], answer: list[float]) -> bool:
    """A vector mistake is told apart when neither it nor its 3-figure reading grades right."""
    pairs = list(zip(mistake, answer, strict=True))
    return not (
        all(tolerance.allows(m, a) for m, a in pairs)
        or all(tolerance.allows(_three_figures(m), a) for m, a in pairs)
    )


def rng_for(type_id: str, seed: int, difficulty: int) -> np.random.Generator:
    """A generator that gives the same numbers for the same inputs on every machine."""
    return np.random.default_rng([zlib.crc32(type_id.encode()), int(seed) & 0xFFFFFFFF, difficulty])


_REGISTRY: dict[str, type[QuestionType]] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator adding a question type to the registry under its ``id``."""
    if cls.id in _REGISTRY and _REGISTRY[cls.id] is not cls:
        raise RuntimeError(f"two question types share the id {cls.id!r}")
    if cls.kind not in KINDS or cls.topic not in TOPICS:
        raise RuntimeError(f"{cls.__name__} has an unknown kind or topic")
    _REGISTRY[cls.id] = cls
    return cls


class QuestionType:
    """Base of every question type: subclasses draw params and build the question.

    ``draw_params`` picks numbers for a seed and difficulty; ``check_params``
    validates (and normalises) numbers given by an instructor or a fixed link;
    ``build`` turns params into a ``Question``, computing every number with the
    loss engine. ``rng`` is passed to ``build`` too, for choices whose order is
    drawn from the seed.
    """

    id: ClassVar[str]
    title: ClassVar[str]
    topic: ClassVar[str]
    kind: ClassVar[str] = "numeric"
    family: ClassVar[str]
    #: JSON Schema of the fixed params ``check_params`` accepts (see ``_schema``).
    PARAMS_SCHEMA: ClassVar[dict[str, Any]] = {"type": "object"}

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        """Random params for ``difficulty``; fixed-params-only types may refuse."""
        raise NotImplementedError

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Validate and normalise fixed params; raise ``ParamsError`` naming the problem."""
        return dict(params)

    def params_schema(self) -> dict[str, Any]:
        """The JSON Schema of the fixed params, for API clients and question-set authors."""
        return copy.deepcopy(self.PARAMS_SCHEMA)

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        """Compute the question from params."""
        raise NotImplementedError

    def question(self, **fields: Any) -> Question:
        """A ``Question`` pre-filled with this type's id, title, topic, kind and family."""
        return Question(
            type_id=self.id,
            kind=self.kind,
            topic=self.topic,
            title=self.title,
            family=self.family,
            **fields,
        )
