"""An item of a set, for one seed, as an engine ``Question``: the grader and pages work unchanged.

Template items come from the engine's own ``generate`` (with the item's fixed or drawn params),
so their misconception diagnosis and worked solution are the built-in ones. Every other kind is
built here with ``family="authored"``: its worked solution is ``explanations/authored.html``,
which shows ``question.explanation["text"]`` (the author's Markdown, numbers filled in).
Prompts, hints and option texts of authored items are Markdown with inline LaTeX; pages render
them with ``quizapp.rendering.authored.render_question_text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from quizapp.engine import generate
from quizapp.engine._sentences import FUNCTION_WORDS
from quizapp.engine.explaining import Meaning, claims, together
from quizapp.engine.numbers import format_number, format_vector
from quizapp.engine.questions import normalise_seed, question_type
from quizapp.engine.questions.base import (
    Choice,
    KeyPoint,
    Misconception,
    Question,
    Tolerance,
    blurred_mistakes,
)
from quizapp.sets.draws import draw_values, is_randomised, pick
from quizapp.sets.formulas import FormulaError, NotFiniteError, Value, compile_formula
from quizapp.sets.placeholders import fill
from quizapp.sets.problems import ItemError

#: ``Question.type_id`` of every authored (non-template) item; the item id is in ``params``.
AUTHORED = "authored"
FAMILY = "authored"

Item = Mapping[str, Any]


def item_question(item: Item, seed: int) -> Question:
    """The instance of ``item`` for ``seed``: the same on every machine, every time.

    Raises ``ItemError`` (naming the item, the seed and the numbers drawn) when this draw has
    no finite answer, such as a division by zero or ln 0.
    """
    seed = normalise_seed(seed)
    if item.get("kind") not in _BUILDERS:
        raise ValueError(f"unknown item kind {item.get('kind')!r}; validate the set first")
    return _BUILDERS[item["kind"]](item, seed)


def item_is_randomised(item: Item) -> bool:
    """Whether different seeds give different instances (the question tests draw 100)."""
    kind = item["kind"]
    if kind == "template":
        if "params" in item or "draw" in item:
            return is_randomised(item.get("draw", {}))
        return question_type(item["type"]).kind != "explain"  # explain types draw nothing
    if kind == "formula":
        return is_randomised(item["variables"])
    return kind == "choice" and bool(item.get("shuffle"))


def template_params(item: Item, seed: int) -> dict[str, Any] | None:
    """A template item's fixed params plus those drawn for ``seed``; None lets the type draw."""
    if "params" not in item and "draw" not in item:
        return None
    params = dict(item.get("params", {}))
    params.update(draw_values(item.get("draw", {}), key=item["id"], seed=seed))
    return params


def authored_key_point(point: Mapping[str, Any]) -> KeyPoint:
    """An authored key point as the engine's ``KeyPoint``: the one place that knows its shape.

    Each phrasing (the point's own text when there are none) is read as a meaning: a
    sentence makes the point when it has every content word of one phrasing, in any
    order, and no negation takes it back. Authors list the ways a learner says it.
    """
    phrasings = point.get("phrasings") or [point["text"]]
    meanings = tuple(m for m in (_phrasing_meaning(p) for p in phrasings) if m is not None)
    return KeyPoint(
        id=point["id"],
        text=point["text"],
        aspect=point.get("aspect") or point["text"],
        meanings=meanings,
    )


_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def _phrasing_meaning(phrasing: str) -> Meaning | None:
    """One phrasing as a meaning: its content words, each a term of its own."""
    words = [w for w in _WORD.findall(phrasing.lower()) if w not in FUNCTION_WORDS]
    return together(*(claims(w) for w in words)) if words else None


def _template(item: Item, seed: int) -> Question:
    params: dict[str, Any] | None = None
    try:
        params = template_params(item, seed)
        question = generate(item["type"], seed, difficulty=item.get("difficulty", 1), params=params)
    except ValueError as error:  # ParamsError, an unknown type, a bad draw
        raise ItemError(item["id"], seed, str(error), params) from None
    if item.get("title"):
        question.title = item["title"]
    return question


def _formula(item: Item, seed: int) -> Question:
    key = item["id"]
    try:
        values = draw_values(item["variables"], key=key, seed=seed)
    except FormulaError as error:
        not_finite = isinstance(error, NotFiniteError)
        raise ItemError(
            key, seed, f"a variable could not be computed: {error}", not_finite=not_finite
        ) from None
    answer = _compute(item, seed, values, item["answer"], "the answer")
    mistakes = []
    for mistake in item.get("mistakes", []):
        try:
            value = compile_formula(mistake["answer"]).evaluate(values)
        except NotFiniteError:
            continue  # this mistake gives no number for these values: nobody can type it
        except FormulaError as error:
            raise ItemError(key, seed, f"mistake {mistake['code']!r}: {error}", values) from None
        if isinstance(value, list) != isinstance(answer, list):
            raise ItemError(
                key, seed, f"mistake {mistake['code']!r} and the answer differ in shape"
            )
        mistakes.append(Misconception(mistake["code"], _frozen(value), mistake["message"]))
    computed = {name for name, spec in item["variables"].items() if "formula" in spec}
    shown = {**values, "answer": answer}
    return _numbers_question(item, seed, answer, mistakes, shown, computed | {"answer"}, values)


def _compute(item: Item, seed: int, values: dict[str, Value], text: str, what: str):
    try:
        return compile_formula(text).evaluate(values)
    except NotFiniteError as error:
        raise ItemError(
            item["id"], seed, f"{what} is not a finite number: {error}", values, not_finite=True
        ) from None
    except FormulaError as error:
        raise ItemError(
            item["id"], seed, f"{what} could not be computed: {error}", values
        ) from None


def _fixed(item: Item, seed: int) -> Question:
    answer = item["answer"]
    answer = [float(v) for v in answer] if isinstance(answer, list) else float(answer)
    mistakes = [
        Misconception(m["code"], _frozen(m["answer"]), m["message"])
        for m in item.get("mistakes", [])
    ]
    return _numbers_question(item, seed, answer, mistakes, {"answer": answer}, {"answer"}, {})


def _frozen(value: float | list[float]) -> float | tuple[float, ...]:
    return tuple(float(v) for v in value) if isinstance(value, list) else float(value)


def _numbers_question(
    item: Item,
    seed: int,
    answer: float | list[float],
    mistakes: list[Misconception],
    shown: dict[str, Value],
    computed: set[str],
    values: dict[str, Value],
) -> Question:
    """A numeric or vector question with the author's text filled in for these numbers."""
    is_vector = isinstance(answer, list)
    unit = item.get("unit")
    write = _writer(item, seed, shown, computed)
    answer_text = format_vector(answer, format_number) if is_vector else format_number(answer)
    question = Question(
        type_id=AUTHORED,
        kind="vector" if is_vector else "numeric",
        topic=item.get("topic", ""),
        title=item.get("title") or item["id"],
        prompt=write(item["prompt"]),
        answer=answer,
        seed=seed,
        params={"item": item["id"], "values": values},
        unit=unit,
        answer_format="vector" if is_vector else "number",
        vector_length=len(answer) if is_vector else None,
        tolerance=Tolerance(**item.get("tolerance", {})),
        misconceptions=mistakes,
        hints=[write(hint) for hint in item.get("hints", [])],
        family=FAMILY,
        explanation={
            "kind": item["kind"],
            "text": write(item.get("explanation", "")),
            "answer": answer,
            "answer_shown": f"{answer_text} {unit}" if unit else answer_text,
            "values": [
                {"name": name, "shown": fill(f"{{{name}}}", shown, computed)}
                for name, value in values.items()
            ],
        },
    )
    blurred = blurred_mistakes(question)  # as the engine does for fixed params
    question.indistinct = [m.code for m in blurred]
    question.misconceptions = [m for m in mistakes if m not in blurred]
    return question


def _writer(
    item: Item, seed: int, shown: dict[str, Value], computed: set[str]
) -> Callable[[str], str]:
    def write(text: str) -> str:
        try:
            return fill(text, shown, computed)
        except FormulaError as error:
            raise ItemError(item["id"], seed, f"a {{=…}} placeholder: {error}", shown) from None

    return write


def _choice(item: Item, seed: int) -> Question:
    options = list(item["options"])
    if item.get("shuffle"):
        options.sort(key=lambda o: pick(item["id"], seed, "option:" + o["id"], 2**62))
    correct = [o for o in options if o.get("correct")]
    if len(correct) != 1:
        raise ItemError(item["id"], seed, f"exactly one option must be correct, not {len(correct)}")
    write = _writer(item, seed, {}, set())
    return Question(
        type_id=AUTHORED,
        kind="choice",
        topic=item.get("topic", ""),
        title=item.get("title") or item["id"],
        prompt=write(item["prompt"]),
        answer=correct[0]["id"],
        seed=seed,
        params={"item": item["id"]},
        answer_format="choice",
        choices=[Choice(o["id"], o["text"]) for o in options],
        misconceptions=[
            Misconception(option_code(o), o["id"], o["feedback"])
            for o in options
            if not o.get("correct") and o.get("feedback")
        ],
        hints=[write(hint) for hint in item.get("hints", [])],
        family=FAMILY,
        explanation={
            "kind": "choice",
            "text": write(item.get("explanation", "")),
            "correct": correct[0]["text"],
            "correct_feedback": correct[0].get("feedback", ""),
        },
    )


def option_code(option: Mapping[str, Any]) -> str:
    """The diagnosis a wrong option gives: its ``code``, or ``chose_<id>``."""
    return option.get("code") or f"chose_{option['id']}"


def _explain(item: Item, seed: int) -> Question:
    points = [authored_key_point(p) for p in item["key_points"]]
    write = _writer(item, seed, {}, set())
    return Question(
        type_id=AUTHORED,
        kind="explain",
        topic=item.get("topic", ""),
        title=item.get("title") or item["id"],
        prompt=write(item["prompt"]),
        answer=None,
        seed=seed,
        params={"item": item["id"]},
        answer_format="text",
        key_points=points,
        model_answer=item["model_answer"],
        hints=[write(hint) for hint in item.get("hints", [])],
        family=FAMILY,
        explanation={
            "kind": "explain",
            "text": write(item.get("explanation", "")),
            "key_points": [{"id": p["id"], "text": p["text"]} for p in item["key_points"]],
            "model_answer": item["model_answer"],
        },
    )


_BUILDERS: dict[str, Callable[[Item, int], Question]] = {
    "template": _template,
    "formula": _formula,
    "numeric": _fixed,
    "vector": _fixed,
    "choice": _choice,
    "explain": _explain,
}
