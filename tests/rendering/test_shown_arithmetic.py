"""Every equality a worked solution shows holds for the numbers it shows (or it says ≈).

The LaTeX of each step is read back by ``latex_arithmetic``, which recomputes each chain
from the shown numbers alone, so this checks what the learner sees, not how it was made.
"""

from __future__ import annotations

import re

import pytest
from latex_arithmetic import check

from quizapp.engine.questions import generate, registry

SEEDS = range(40)
_INLINE = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
_MATH_KEYS = {"math", "formulas", "steps"}  # values that are LaTeX, not prose
# Arithmetic written in prose, such as "0.3567 / 0.6931 = 0.5146".
_NUMBER = r"\d+(?:\.\d+)?"
_PROSE = re.compile(rf"(?<![\w.]){_NUMBER}(?:\s*[−+×·/]\s*{_NUMBER})+\s*[=≈]\s*−?{_NUMBER}")
_PROSE_TO_TEX = str.maketrans({"−": "-", "×": r"\times ", "·": r"\cdot ", "≈": r"\approx "})


def formulas(value, key: str | None = None) -> list[str]:
    """All LaTeX in an explanation (or any nested value): formulas, inline maths, prose sums."""
    if isinstance(value, str):
        if key in _MATH_KEYS:
            return [value]
        prose = _INLINE.sub(" ", value)
        return _INLINE.findall(value) + [m.translate(_PROSE_TO_TEX) for m in _PROSE.findall(prose)]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in formulas(v, k)]
    if isinstance(value, list | tuple):
        return [f for v in value for f in formulas(v, key)]
    return []


def shown_texts(question) -> list[str]:
    """What a learner reads for a question: prompt, hints, options, messages, the solution."""
    texts = [question.prompt, *question.hints, question.model_answer]
    texts += [choice.text for choice in question.choices]
    texts += [mistake.message for mistake in question.misconceptions]
    return formulas(texts) + formulas(question.explanation)


@pytest.mark.parametrize(
    "latex",
    [
        r"H(p, q) - H(p) = 1.807 - 1.576 = 0.2302",  # kl_divergence d3 seed 5 before the fix
        r"S = 9.025 + 6.686 + 4.055 = 19.78",
        r"q = \frac{1.105}{16.39} = 0.06743",
        r"I = -\ln 0.95 = \ln 1.053 = 0.05129",
        r"L = \frac{1}{3}\left(0.4308 + 1.139 + 0.5621\right) = 0.7108",
        r"y = [0.1, 0.8] = [0.1, 0.9]",
    ],
)
def test_the_checker_finds_arithmetic_that_does_not_add_up(latex):
    assert check(latex), latex


@pytest.mark.parametrize(
    "latex",
    [
        r"H(p, q) - H(p) = 1.8071 - 1.5769 = 0.2302",
        r"H(p, q) - H(p) = 1.807 - 1.576 \approx 0.2302",
        r"H(p, q) = 0.7 \cdot (-\ln 0.4) + 0.3 \cdot (-\ln 0.6) = 0.6414 + 0.1532 \approx 0.7947",
        r"p = 2^{-3.754} = 0.07412 = 7.412\,\%",
        r"e^{-12.3} = 4.552 \times 10^{-6},\; e^{-5.9} = 0.002739",
        r"L = \frac{0.5609}{\ln 2} = 0.8092",
        r"\ell_{2} = -\log_2(1 - 0.42) -\log_2(1 - 0.27) -\log_2(0.5) = 2.240",
        r"L = -(0.1\ln 0.1 + 0.1\ln 0.38 + 0.8\ln 0.52) = 0.8502",
        r"I = -\ln 0.95 = \ln \frac{1}{0.95} = 0.05129",
        r"p = \frac{1}{1 + e^{-14.2}} = 1 - 6.808 \times 10^{-7}",
    ],
)
def test_the_checker_accepts_arithmetic_that_holds(latex):
    assert check(latex) == []


@pytest.mark.parametrize("type_id", list(registry()))
def test_every_shown_equality_holds_to_its_shown_places(type_id):
    """For each difficulty and 40 seeds: each "=" is true of the numbers as shown."""
    problems = []
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            question = generate(type_id, seed, difficulty=difficulty)
            for latex in shown_texts(question):
                problems += [f"d{difficulty} seed {seed}: {m}" for m in check(latex)]
    assert problems == [], "\n".join(problems[:10])
