"""Cross-entropy and KL divergence of two distributions, and the article's loaded coin.

The truth p sets how often each outcome happens, the belief q how surprising it is:
H(p, q) = −Σ p_i log q_i, and D_KL(p ‖ q) = H(p, q) − H(p) is the price of the wrong
belief. Every number is computed with the loss engine.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import (
    format_input,
    format_number,
    format_vector,
    tex_difference,
    tex_sum,
)
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    LOG_NAME,
    SPOKEN_LOG,
    UNITS,
    draw_distribution,
    finite_mistakes,
    nats,
    require_number,
    require_unit,
    sign_dropped,
    unit_for,
    unit_misconceptions,
)
from quizapp.engine.questions._information import (
    FAMILY,
    explanation,
    num_tex,
    require_distribution,
    require_outcomes,
    shown_tex,
    step,
    term_products,
    with_zero,
)
from quizapp.engine.questions.base import (
    Misconception,
    ParamsError,
    Question,
    QuestionType,
    Tolerance,
    register,
)

_KL = r"D_{\mathrm{KL}}(p \,\|\, q)"
_MIN_KL = 0.05  # nats: a drawn belief differs this much from the truth, so every slip shows


def _draw_two_distributions(
    rng: np.random.Generator, difficulty: int
) -> tuple[list[str], list[float], list[float]]:
    """A true distribution p and a belief q that differ noticeably (KL ≥ 0.05 nats)."""
    size = {1: int(rng.integers(2, 4)), 2: int(rng.integers(3, 5)), 3: int(rng.integers(4, 7))}[
        difficulty
    ]
    decimals = 1 if difficulty == 1 else 2
    while True:
        p = draw_distribution(rng, size, decimals=decimals)
        q = draw_distribution(rng, size, decimals=decimals)
        if difficulty == 3 and rng.random() < 0.4:
            p = with_zero(p, decimals)
        if _differ_enough(p, q):
            break
    names = [str(n) for n in rng.permutation(CLASS_NAMES)[:size]]
    return names, p, q


def _differ_enough(p: list[float], q: list[float]) -> bool:
    """Whether D_KL(p ‖ q) ≥ 0.05 nats, the test a drawn pair must pass.

    Drawing may take several tries, and plain floats answer this well enough; only a
    divergence within rounding of the threshold is left to the engine.
    """
    kl = math.fsum(pi * math.log(pi / qi) for pi, qi in zip(p, q, strict=True) if pi > 0)
    if abs(kl - _MIN_KL) > 1e-9:
        return kl >= _MIN_KL
    return float(losses.kl_divergence(p, q)) >= _MIN_KL


def _check_two_distributions(params: dict[str, Any]) -> dict[str, Any]:
    p = require_distribution(params, "p")
    q = require_distribution(params, "q", size=len(p))
    if any(pi > 0 and qi == 0 for pi, qi in zip(p, q, strict=True)):
        raise ParamsError("q must be above 0 wherever p is above 0 (otherwise the answer is ∞)")
    return {
        "outcomes": require_outcomes(params, len(p)),
        "p": p,
        "q": q,
        "unit": require_unit(params),
    }


def _distribution_table(
    names: list[str], p: list[float], q: list[float], last: tuple[str, list[str]]
) -> dict[str, list]:
    """Outcome, p_i, q_i and one computed column, for the worked solution."""
    header, cells = last
    return {
        "columns": ["outcome", r"\(p_i\)", r"\(q_i\)", header],
        "rows": [
            [name, format_input(pi), format_input(qi), cell]
            for name, pi, qi, cell in zip(names, p, q, cells, strict=True)
        ],
    }


class TwoDistributionQuestion(QuestionType):
    """A question about a true distribution p and a belief q over the same named outcomes."""

    topic = "cross_entropy"
    family = FAMILY
    PARAMS_SCHEMA = schema.params(
        "A true distribution p and a belief q over the same outcomes.",
        {
            "p": schema.distribution("The true probability of each outcome."),
            "q": schema.distribution(
                "The believed probability of each outcome, as many as p, above 0 wherever p is."
            ),
            "outcomes": schema.array(
                schema.NAME, 2, schema.MAX_CLASSES, "A distinct name per probability."
            ),
            "unit": schema.UNIT,
        },
        ("p", "q"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        names, p, q = _draw_two_distributions(rng, difficulty)
        return {"outcomes": names, "p": p, "q": q, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return _check_two_distributions(params)


@register
class CrossEntropyDistributions(TwoDistributionQuestion):
    """H(p, q) of a true distribution and a soft belief: weights from p, surprisal from q."""

    id = "cross_entropy_distributions"
    title = "Cross-entropy of two distributions"

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        names, p, q, unit = params["outcomes"], params["p"], params["q"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.cross_entropy(p, q, base))
        h_p = float(losses.entropy(p, base))
        kl = float(losses.kl_divergence(p, q, base))
        terms = term_products(p, q, base)
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "swapped_arguments",
                    float(losses.cross_entropy(q, p, base)),
                    "You swapped the roles: the logarithm is taken of the belief q and the "
                    "weights come from the true distribution p, H(p, q) = −Σ p_i log q_i.",
                ),
                Misconception(
                    "entropy_not_cross_entropy",
                    h_p,
                    "That is the entropy H(p) of the true distribution. Cross-entropy measures "
                    "surprise under your belief q, so use log q_i.",
                ),
                Misconception(
                    "entropy_of_prediction",
                    float(losses.entropy(q, base)),
                    "That is the entropy of the belief q alone; weight its surprisals by the "
                    "true probabilities p instead.",
                ),
                Misconception(
                    "kl_not_cross_entropy",
                    kl,
                    "That is the KL divergence, H(p, q) − H(p). Cross-entropy also includes "
                    "the entropy of p.",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        present = [i for i, pi in enumerate(p) if pi > 0]
        cells = [format_number(t) if pi > 0 else "0" for pi, t in zip(p, terms, strict=True)]
        sum_tex = tex_sum([terms[i] for i in present], answer)
        return self.question(
            prompt=(
                f"The first animal you meet in a forest is one of {', '.join(names)}, with true "
                f"probabilities \\(p = {format_vector(p)}\\). You do not know them and believe "
                f"\\(q = {format_vector(q)}\\) instead. What is the cross-entropy "
                f"\\(H(p, q)\\), your average surprisal? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "H(p, q) = −Σ p_i log q_i: how surprised you are is set by your belief q, how "
                "often it happens by the truth p.",
                f"For each animal compute −{SPOKEN_LOG[unit]} q_i and multiply by p_i.",
                f"The first term is \\({shown_tex(p[0])} \\cdot (-{log} {shown_tex(q[0])})\\).",
            ],
            explanation=explanation(
                intro=(
                    "Cross-entropy is the average surprisal when outcomes follow the truth p "
                    "but you judge them with your belief q."
                ),
                steps=[
                    step("Start from the definition.", f"H(p, q) = -\\sum_i p_i {log} q_i"),
                    step(
                        "Weight each belief's surprisal by the true probability.",
                        table=_distribution_table(
                            names, p, q, (f"\\(p_i \\cdot (-{log} q_i)\\)", cells)
                        ),
                    ),
                    step("Add the terms.", f"H(p, q) = {sum_tex}"),
                    step(
                        "Compare with the entropy of the truth: the gap is the KL divergence, "
                        "never negative.",
                        f"{_KL} = H(p, q) - H(p) = {tex_difference(answer, h_p, kl)}",
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    "H(p, q) ≥ H(p), with equality only when the belief matches the truth. "
                    "A classifier's loss is this quantity with p the target and q the "
                    "prediction."
                ),
            ),
        )


@register
class KLDivergence(TwoDistributionQuestion):
    """D_KL(p ‖ q) = H(p, q) − H(p): the extra surprisal of a wrong belief."""

    id = "kl_divergence"
    title = "KL divergence"

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        names, p, q, unit = params["outcomes"], params["p"], params["q"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.kl_divergence(p, q, base))
        h_pq = float(losses.cross_entropy(p, q, base))
        h_p = float(losses.entropy(p, base))
        h_q = float(losses.entropy(q, base))
        # p_i log(p_i / q_i) = p_i (−log q_i) − p_i (−log p_i), each factor from the engine
        surprisals = losses.surprisal(q + p, base).tolist()  # one call for both
        size = len(p)
        terms = [
            ce - e
            for ce, e in zip(
                term_products(p, q, base, surprisals[:size]),
                term_products(p, p, base, surprisals[size:]),
                strict=True,
            )
        ]
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "cross_entropy_not_kl",
                    h_pq,
                    "That is the cross-entropy H(p, q). KL divergence is what is left after "
                    "subtracting the entropy H(p) of the truth.",
                ),
                Misconception(
                    "swapped_arguments",
                    float(losses.kl_divergence(q, p, base)),
                    "You computed D(q ‖ p). KL divergence is not symmetric: weight by the true "
                    "p, D(p ‖ q) = Σ p_i log(p_i / q_i).",
                ),
                Misconception(
                    "entropy_difference",
                    h_q - h_p,
                    "You subtracted the two entropies, H(q) − H(p). The KL divergence is "
                    "H(p, q) − H(p): the first term is the cross-entropy.",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        present = [i for i, pi in enumerate(p) if pi > 0]
        cells = [format_number(t) if pi > 0 else "0" for pi, t in zip(p, terms, strict=True)]
        sum_tex = tex_sum([terms[i] for i in present], answer)
        return self.question(
            prompt=(
                f"A training target over classes [{', '.join(names)}] is the soft distribution "
                f"\\(p = {format_vector(p)}\\), and the model predicts "
                f"\\(q = {format_vector(q)}\\). What is the KL divergence "
                f"\\(D_{{\\mathrm{{KL}}}}(p \\,\\|\\, q)\\)? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "D(p ‖ q) = Σ p_i log(p_i / q_i), which equals H(p, q) − H(p).",
                "Weight by the target p; a class with p_i = 0 adds nothing.",
                f"The first term is \\({shown_tex(p[0])} \\cdot {log} "
                f"\\frac{{{shown_tex(p[0])}}}{{{shown_tex(q[0])}}}\\).",
            ],
            explanation=explanation(
                intro=(
                    "KL divergence is the extra surprisal you pay, on average, for believing q "
                    "when the truth is p."
                ),
                steps=[
                    step(
                        "Start from the definition.",
                        f"{_KL} = \\sum_i p_i {log} \\frac{{p_i}}{{q_i}}",
                    ),
                    step(
                        "Compute each class's term; a term is negative where q gives more than p.",
                        table=_distribution_table(
                            names, p, q, (f"\\(p_i {log} (p_i / q_i)\\)", cells)
                        ),
                    ),
                    step("Add the terms.", f"D_{{\\mathrm{{KL}}}} = {sum_tex}"),
                    step(
                        "Check: cross-entropy minus entropy gives the same.",
                        f"H(p, q) - H(p) = {tex_difference(h_pq, h_p, h_pq - h_p)}",
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    "KL divergence is 0 only when q = p and is never negative. With a one-hot "
                    "target H(p) = 0, so minimising cross-entropy and minimising KL are the "
                    "same thing."
                ),
            ),
        )


@register
class LoadedCoin(QuestionType):
    """The article's loaded coin: truth mostly heads, belief mostly tails."""

    id = "loaded_coin"
    title = "Cross-entropy of a loaded coin"
    topic = "cross_entropy"
    family = FAMILY
    PARAMS_SCHEMA = schema.params(
        "A coin's true chance of heads and the chance someone believes in.",
        {
            "truth_heads": schema.number(0.0, 1.0, "The true probability of heads."),
            "belief_heads": schema.number(
                0.0,
                1.0,
                "The believed probability of heads; not 0 or 1 where the truth allows both sides.",
            ),
            "unit": schema.UNIT,
        },
        ("truth_heads", "belief_heads"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        if difficulty == 1:
            truth, belief = int(rng.integers(6, 10)) / 10, int(rng.integers(1, 5)) / 10
        elif difficulty == 2:
            truth, belief = int(rng.integers(70, 100)) / 100, int(rng.integers(1, 40)) / 100
        else:
            truth, belief = int(rng.integers(950, 1000)) / 1000, int(rng.integers(1, 50)) / 1000
        if rng.random() < 0.5:  # loaded towards tails instead
            truth, belief = round(1 - truth, 3), round(1 - belief, 3)
        return {"truth_heads": truth, "belief_heads": belief, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        truth = require_number(params, "truth_heads", low=0.0, high=1.0)
        belief = require_number(params, "belief_heads", low=0.0, high=1.0)
        if (truth > 0 and belief == 0) or (truth < 1 and belief == 1):
            raise ParamsError(
                "belief_heads must be strictly between 0 and 1 where the truth allows both "
                "sides (a side you call impossible but that happens costs ∞)"
            )
        return {"truth_heads": truth, "belief_heads": belief, "unit": require_unit(params)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        truth, belief, unit = params["truth_heads"], params["belief_heads"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        p = [truth, round(1.0 - truth, 12)]
        q = [belief, round(1.0 - belief, 12)]
        answer = float(losses.cross_entropy(p, q, base))
        h_p = float(losses.entropy(p, base))
        kl = float(losses.kl_divergence(p, q, base))
        belief_surprisals = losses.surprisal(q, base).tolist()
        heads, tails = term_products(p, q, base, belief_surprisals)
        surprise_heads = belief_surprisals[0] if belief > 0 else math.inf
        tolerance = Tolerance()
        likely = "heads" if truth >= 0.5 else "tails"
        mistakes = finite_mistakes(
            [
                Misconception(
                    "entropy_not_cross_entropy",
                    h_p,
                    "That is the entropy of the coin itself, H(p): your surprise if you knew "
                    "the true odds. Your belief q sets the surprisal, so use log q.",
                ),
                Misconception(
                    "swapped_arguments",
                    float(losses.cross_entropy(q, p, base)),
                    "You swapped truth and belief: weight by how often each side really comes "
                    "up (p) and take the log of what you believed (q).",
                ),
                Misconception(
                    "kl_not_cross_entropy",
                    kl,
                    "That is the KL divergence, the extra surprise on top of H(p). "
                    "Cross-entropy includes H(p) as well.",
                ),
                Misconception(
                    "heads_only",
                    surprise_heads,
                    "That is your surprise at heads alone. Average over both sides, weighting "
                    "each by how often it really happens.",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        p_tex = [shown_tex(v) for v in p]
        q_tex = [shown_tex(v) for v in q]
        return self.question(
            prompt=(
                f"A loaded coin comes up heads with probability \\({p_tex[0]}\\) (tails "
                f"\\({p_tex[1]}\\)). You believe it is loaded differently: heads "
                f"\\({q_tex[0]}\\), tails \\({q_tex[1]}\\). What is the cross-entropy "
                f"\\(H(p, q)\\) of your belief \\(q\\) against the truth \\(p\\), your average "
                f"surprisal per toss? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "H(p, q) = −[p(heads) log q(heads) + p(tails) log q(tails)].",
                "The surprisal comes from your belief q; how often you feel it comes from the "
                "truth p.",
                f"Heads term: \\({p_tex[0]} \\cdot (-{log} {q_tex[0]})\\).",
            ],
            explanation=explanation(
                intro=(
                    "Each toss surprises you according to what you believed; the truth decides "
                    "how often each surprise comes."
                ),
                steps=[
                    step(
                        "Write the two-outcome cross-entropy.",
                        f"H(p, q) = -\\left[p_H {log} q_H + p_T {log} q_T\\right]",
                    ),
                    step(
                        "Put in the numbers.",
                        f"H(p, q) = {p_tex[0]} \\cdot (-{log} {q_tex[0]}) + {p_tex[1]} "
                        f"\\cdot (-{log} {q_tex[1]}) = {tex_sum([heads, tails], answer)}",
                    ),
                    step(
                        "Compare with the coin's own entropy; the difference is the KL "
                        "divergence, the price of the wrong belief.",
                        f"H(p) = {num_tex(h_p)}, \\quad H(p, q) - H(p) = {num_tex(kl)}",
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    f"The truth mostly gives {likely}, so your surprise at {likely} dominates. "
                    "The further the belief is from the truth, the larger the cross-entropy; it "
                    "falls to H(p) only when the belief is right."
                ),
                plot=(belief, unit, "q(heads)") if belief > 0 else None,
            ),
        )
