"""The question bank: every public module in this package registers its types.

Adding a type means adding a class (decorated with ``@register``) to a module
here plus, for a new family, its explanation template; discovery below finds it.
Modules whose names start with "_" hold what several modules share (helpers,
base classes, scenario machinery) and register nothing themselves.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import numpy as np

from quizapp.engine.questions.base import (
    _REGISTRY,
    DIFFICULTY_NAMES,
    TOPICS,
    Misconception,
    ParamsError,
    Question,
    QuestionType,
    blurred_mistakes,
    rng_for,
)

#: Draws a type may make for one seed before it gives up on separating every mistake.
MAX_DRAWS = 64

__all__ = ["ParamsError", "Question", "QuestionType", "TOPICS", "generate", "registry"]

_discovered = False


def _discover() -> None:
    """Import every public module once so their ``@register`` decorators run."""
    global _discovered
    if _discovered:
        return
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    _discovered = True


_ordered: tuple[tuple, dict[str, QuestionType]] = ((), {})


def registry() -> dict[str, QuestionType]:
    """Every question type by id, in a stable order (by topic, then id).

    Pages call this once per row they show, so the sorted instances are kept and rebuilt
    only when a type is registered (types hold no state, so sharing instances is safe);
    each caller gets its own dict.
    """
    global _ordered
    _discover()
    registered = tuple(_REGISTRY.items())
    if _ordered[0] != registered:
        order = list(TOPICS)
        ids = sorted(_REGISTRY, key=lambda i: (order.index(_REGISTRY[i].topic), i))
        _ordered = (registered, {type_id: _REGISTRY[type_id]() for type_id in ids})
    return dict(_ordered[1])


def question_type(type_id: str) -> QuestionType:
    """The type registered under ``type_id``, or a ValueError naming it."""
    _discover()
    try:
        return _REGISTRY[type_id]()
    except (KeyError, TypeError):
        raise ValueError(f"unknown question type {type_id!r}") from None


def normalise_difficulty(difficulty: int | str) -> int:
    """Accept 1–3 or "easy" / "medium" / "hard"; anything else is a ValueError."""
    if isinstance(difficulty, str):
        key = difficulty.strip().lower()
        if key in DIFFICULTY_NAMES:
            return DIFFICULTY_NAMES[key]
        if key.isdigit():
            difficulty = int(key)
    if isinstance(difficulty, bool) or difficulty not in (1, 2, 3):
        raise ValueError(
            f"difficulty must be 1, 2, 3, 'easy', 'medium' or 'hard'; got {difficulty!r}"
        )
    return int(difficulty)


def normalise_seed(seed: int | str) -> int:
    """Seeds are non-negative integers below 2**32 (accepting their decimal text)."""
    if isinstance(seed, str) and seed.strip().isdigit():
        seed = int(seed.strip())
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer from 0 to 4294967295; got {seed!r}")
    return seed


def generate(
    type_id: str,
    seed: int | str,
    *,
    difficulty: int | str = 1,
    params: dict[str, Any] | None = None,
) -> Question:
    """The question instance fixed by (type id, seed, difficulty, params).

    With ``params`` the numbers are taken from it (instructors' fixed questions,
    the articles' examples); without, they are drawn from the seed.
    """
    qtype = question_type(type_id)
    level = normalise_difficulty(difficulty)
    seed = normalise_seed(seed)
    rng = rng_for(type_id, seed, level)
    if params is not None:
        if not isinstance(params, dict):
            raise ParamsError(
                f"params must be an object of named values; got {type(params).__name__}"
            )
        chosen = qtype.check_params(params)
        question = qtype.build(chosen, rng, level)
    else:
        # Redraw while a mistake lands near the answer without being it, so no mistake is
        # ever graded right; the stream continues, so this stays deterministic.
        for _ in range(MAX_DRAWS):
            chosen = qtype.draw_params(rng, level)
            question = qtype.build(chosen, rng, level)
            if all(_gives_the_answer(question, m) for m in blurred_mistakes(question)):
                break
    _drop_blurred(question)
    question.seed, question.difficulty, question.params = seed, level, chosen
    return question


def _gives_the_answer(question: Question, mistake: Misconception) -> bool:
    """Whether the mistaken method gives the answer itself here (a tie, a symmetric pair).

    Such a "mistake" is no mistake for these numbers, so it is left out rather than
    redrawn for: redrawing would remove every gradient component of a wrong class,
    or the article's mirrored loaded coin.
    """
    expected = np.atleast_1d(np.asarray(question.answer, dtype=float))
    value = np.atleast_1d(np.asarray(mistake.value, dtype=float))
    return value.shape == expected.shape and bool(
        np.allclose(value, expected, rtol=1e-9, atol=1e-15)
    )


def _drop_blurred(question: Question) -> None:
    """Leave out (and name in ``indistinct``) the mistakes that cannot be told apart.

    With drawn params these are only mistakes that give the answer itself; with
    fixed params, any mistake too near the answer.
    """
    blurred = blurred_mistakes(question)
    if blurred:
        question.indistinct = [m.code for m in blurred]
        question.misconceptions = [m for m in question.misconceptions if m not in blurred]
