"""What the conceptual choice questions share: options, scenarios and how they are asked.

Each concept question is a scenario from a bank (``params == {"scenario": "multi_label"}``),
or, for ``compare_models``, two models' predictions. Every option has a stable
semantic id; the answer is the right option's id, and every wrong option is a real
misconception with its own code and a message saying why it is wrong. Any number an
option or an explanation states is computed with the loss engine. The types live one
per module: ``which_loss``, ``loss_limits``, ``information_relations``,
``why_cross_entropy``, ``mock_interview``, ``log_units`` and ``compare_models``.

The option order (and, at lower difficulty, which distractors are shown) comes from
the generator passed to ``build``. ``draw_params`` picks from a jumped copy of that
generator, so ``build`` sees the same stream whether params were drawn or given, and
a fixed-params question shows its options exactly as the drawn one did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from quizapp.engine.numbers import format_input, format_number
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import require_choice
from quizapp.engine.questions.base import Choice, Misconception, ParamsError, Question, QuestionType

#: Option texts state numbers on almost every line, so the two formats get short names.
num = format_number
shown = format_input

#: The articles' example: the prediction [0.7, 0.2, 0.1] against the one-hot target of class 0.
MOCK_PREDICTION, MOCK_TARGET = [0.7, 0.2, 0.1], [1, 0, 0]


@dataclass(frozen=True)
class Option:
    """An option: for the right one ``why`` says why it is right, else why it is wrong."""

    id: str
    text: str
    why: str
    code: str | None = None


@dataclass(frozen=True)
class Scenario:
    """What one choice question asks, its options and what its worked solution shows."""

    prompt: str
    right: Option
    wrong: tuple[Option, ...]
    hints: tuple[str, ...] = ()
    formulas: tuple[str, ...] = ()  # display LaTeX built from engine numbers
    plot_p: float | None = None  # where a −ln p plot helps, the p to mark
    table: dict[str, Any] | None = None  # compare_models: per-model losses


def side_stream(rng: np.random.Generator) -> np.random.Generator:
    """An independent generator that leaves ``rng`` untouched (see the module docstring)."""
    return np.random.Generator(rng.bit_generator.jumped())


def reject_unknown(params: dict[str, Any], allowed: set[str]) -> None:
    """Unknown keys are usually typos; name them instead of ignoring them."""
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ParamsError(
            f"unknown params {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def assemble(
    qtype: QuestionType,
    scenario: Scenario,
    rng: np.random.Generator,
    difficulty: int,
    *,
    order: tuple[str, ...] | None = None,
) -> Question:
    """The question for ``scenario``: 3, 4 or 5 options by difficulty, in a seeded order.

    With ``order`` (option ids) the options keep that order instead of being shuffled.
    """
    shown_wrong = min(len(scenario.wrong), difficulty + 1)
    picked = sorted(rng.choice(len(scenario.wrong), size=shown_wrong, replace=False).tolist())
    options = [scenario.right, *(scenario.wrong[i] for i in picked)]
    if order is None:
        options = [options[i] for i in rng.permutation(len(options)).tolist()]
    else:
        options.sort(key=lambda o: order.index(o.id))
    letters = {o.id: chr(ord("A") + i) for i, o in enumerate(options)}
    wrong = [o for o in options if o.code is not None]
    return qtype.question(
        prompt=scenario.prompt,
        answer=scenario.right.id,
        answer_format="choice",
        choices=[Choice(o.id, o.text) for o in options],
        misconceptions=[Misconception(o.code, o.id, o.why) for o in wrong],
        hints=list(scenario.hints),
        explanation={
            "right": {
                "letter": letters[scenario.right.id],
                "text": scenario.right.text,
                "why": scenario.right.why,
            },
            "wrong": [
                {"letter": letters[o.id], "text": o.text, "why": o.why, "code": o.code}
                for o in wrong
            ],
            "formulas": list(scenario.formulas),
            "plot_p": scenario.plot_p,
            "table": scenario.table,
        },
    )


class ScenarioQuestion(QuestionType):
    """A choice question whose params name a scenario from a bank chosen by difficulty."""

    kind = "choice"
    family = "concepts"
    topic = "concepts"
    banks: ClassVar[dict[int, tuple[str, ...]]]
    #: Scenario id → a function building it; a type may override ``scenario`` instead.
    builders: ClassVar[dict[str, Callable[[], Scenario]]] = {}

    def scenario(self, name: str) -> Scenario:
        """Build the named scenario, computing its numbers with the engine."""
        return self.builders[name]()

    def scenario_ids(self) -> tuple[str, ...]:
        """Every scenario this type knows, easiest bank first."""
        return tuple(dict.fromkeys(name for bank in self.banks.values() for name in bank))

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        bank = self.banks[difficulty]
        return {"scenario": bank[int(side_stream(rng).integers(len(bank)))]}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        reject_unknown(params, {"scenario"})
        return {"scenario": require_choice(params, "scenario", self.scenario_ids())}

    def params_schema(self) -> dict[str, Any]:
        """One of this type's scenarios, by id."""
        return schema.params(
            "Which scenario to ask.",
            {"scenario": {"enum": list(self.scenario_ids())}},
            ("scenario",),
            closed=True,
        )

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        key = (self.id, params["scenario"])
        if key not in _BUILT:  # scenarios are pure and immutable, so one build serves all
            _BUILT[key] = self.scenario(params["scenario"])
        return assemble(self, _BUILT[key], rng, difficulty)


_BUILT: dict[tuple[str, str], Scenario] = {}
