"""Conceptual choice questions: picking a loss, how −log p behaves, how the measures relate.

Each question is a scenario from a bank (``params == {"scenario": "multi_label"}``),
or, for ``compare_models``, two models' predictions. Every option has a stable
semantic id; the answer is the right option's id, and every wrong option is a real
misconception with its own code and a message saying why it is wrong. Any number an
option or an explanation states is computed with the loss engine.

The option order (and, at lower difficulty, which distractors are shown) comes from
the generator passed to ``build``. ``draw_params`` picks from a jumped copy of that
generator, so ``build`` sees the same stream whether params were drawn or given, and
a fixed-params question shows its options exactly as the drawn one did.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import format_input, format_number, format_vector
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    draw_distribution,
    require_choice,
    require_probability_vector,
)
from quizapp.engine.questions.base import (
    Choice,
    Misconception,
    ParamsError,
    Question,
    QuestionType,
    register,
)

num = format_number
shown = format_input


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

    def scenario(self, name: str) -> Scenario:
        """Build the named scenario, computing its numbers with the engine."""
        raise NotImplementedError

    def scenario_ids(self) -> tuple[str, ...]:
        """Every scenario this type knows, easiest bank first."""
        return tuple(dict.fromkeys(name for bank in self.banks.values() for name in bank))

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        bank = self.banks[difficulty]
        return {"scenario": bank[int(side_stream(rng).integers(len(bank)))]}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        reject_unknown(params, {"scenario"})
        return {"scenario": require_choice(params, "scenario", self.scenario_ids())}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        key = (self.id, params["scenario"])
        if key not in _BUILT:  # scenarios are pure and immutable, so one build serves all
            _BUILT[key] = self.scenario(params["scenario"])
        return assemble(self, _BUILT[key], rng, difficulty)


_BUILT: dict[tuple[str, str], Scenario] = {}


# --------------------------------------------------------------------------- which_loss

_TASKS: dict[str, tuple[str, str]] = {
    "multi_class": (
        "multiclass",
        "A model looks at a photo and must say which animal it shows: a dog, a cat or a "
        "panda. Every photo shows exactly one of the three.",
    ),
    "binary": ("binary", "A model must say whether a photo shows a panda or not."),
    "multi_label": (
        "multilabel",
        "A model must say which of dog, cat and panda appear in a photo; one photo may "
        "show several of them together.",
    ),
    "digits": (
        "multiclass",
        "A model reads one handwritten digit and must say which of the ten digits 0 to 9 it is.",
    ),
    "spam": ("binary", "An e-mail filter must decide for each message whether it is spam."),
    "genres": (
        "multilabel",
        "A model tags a film with every genre that fits it, out of comedy, drama, action, "
        "horror and romance; most films get two or three tags.",
    ),
    "bird_species": (
        "multiclass",
        "A model must name the species of the bird in a photo, out of 200 species; each "
        "photo shows a single bird.",
    ),
    "review_logit": (
        "binary",
        "A sentiment model produces one raw score (a logit) per product review and must "
        "say whether the review is positive.",
    ),
    "maybe_empty": (
        "multilabel",
        "A wildlife-camera model must list every species, out of 12, visible in a frame; "
        "many frames show none at all and some show several.",
    ),
}

_SOFTMAX_CE = "A softmax over the classes, with categorical cross-entropy against the one-hot label"
_SIGMOID_BCE = "One sigmoid output, with binary cross-entropy against the 0/1 label"
_SIGMOID_EACH = "One sigmoid per label, with the binary cross-entropies of all labels summed"
_SOFTMAX_MSE = (
    "A softmax over the classes, with the mean squared error between the probabilities "
    "and the target"
)
_MSE_WHY = (
    "Squared error on probabilities is bounded by 1 per class, so a confident mistake costs "
    "little, and its gradient fades when the output saturates. Cross-entropy keeps "
    "punishing confident mistakes hard."
)


def _which_loss_options(task: str) -> tuple[Option, tuple[Option, ...]]:
    """The right setup for a task type and the typical wrong ones, each with its mistake."""
    if task == "multiclass":
        return (
            Option(
                "softmax_ce",
                _SOFTMAX_CE,
                "Exactly one class is true, so the outputs should be one probability "
                "distribution over the classes: softmax gives that, and categorical "
                "cross-entropy then charges \\(-\\ln q\\) for the probability q given to the "
                "true class.",
            ),
            (
                Option(
                    "sigmoid_each",
                    _SIGMOID_EACH,
                    "Independent sigmoids treat every class as its own yes/no question, so the "
                    "outputs need not sum to 1 and the model is never told that exactly one "
                    "class is present. That setup is for multi-label tasks.",
                    "sigmoid_for_multiclass",
                ),
                Option("softmax_mse", _SOFTMAX_MSE, _MSE_WHY, "mse_on_probabilities"),
                Option(
                    "sigmoid_bce",
                    _SIGMOID_BCE,
                    "A single sigmoid output can only tell two outcomes apart; with more than "
                    "two classes you need one probability per class.",
                    "binary_for_multiclass",
                ),
            ),
        )
    if task == "binary":
        return (
            Option(
                "sigmoid_bce",
                _SIGMOID_BCE,
                "One probability q is enough (the other outcome has 1 − q): a sigmoid turns "
                "the score into q and binary cross-entropy "
                "\\(-[y \\ln q + (1 - y) \\ln(1 - q)]\\) charges it. Two softmax outputs with "
                "categorical cross-entropy would give exactly the same loss.",
            ),
            (
                Option(
                    "softmax_one",
                    "A single output passed through softmax, with categorical cross-entropy",
                    "Softmax over a single output always returns 1, so the loss is always 0 "
                    "and the model learns nothing. Use a sigmoid for one output, or softmax "
                    "over two.",
                    "softmax_single_output",
                ),
                Option(
                    "sigmoid_mse",
                    "One sigmoid output, with the squared error \\((y - q)^2\\)",
                    _MSE_WHY,
                    "mse_on_probabilities",
                ),
                Option(
                    "raw_bce",
                    "The raw output score with no activation, fed straight into binary "
                    "cross-entropy",
                    "Binary cross-entropy takes the log of a probability; a raw score can be "
                    "negative or above 1. Pass it through a sigmoid first (or use the "
                    "from-logits form of the loss, which does that for you).",
                    "no_sigmoid",
                ),
            ),
        )
    return (
        Option(
            "sigmoid_each",
            _SIGMOID_EACH,
            "Each label is its own yes/no question, so each gets its own sigmoid probability "
            "and its own binary cross-entropy; the example's loss is their sum, and any "
            "number of labels, even none, can be on at once.",
        ),
        (
            Option(
                "softmax_multi_hot",
                "A softmax over the labels, with cross-entropy against the multi-hot target",
                "Softmax makes the labels compete for one unit of probability, so two labels "
                "that are both present can never both get a high probability.",
                "softmax_for_multilabel",
            ),
            Option(
                "sigmoid_bce",
                _SIGMOID_BCE,
                "One sigmoid answers a single yes/no question; each label needs its own "
                "output and its own binary cross-entropy.",
                "single_output_for_multilabel",
            ),
            Option("softmax_mse", _SOFTMAX_MSE, _MSE_WHY, "mse_on_probabilities"),
        ),
    )


@register
class WhichLoss(ScenarioQuestion):
    """Which output activation and loss fit a task: multi-class, binary or multi-label."""

    id = "which_loss"
    title = "Choosing the activation and the loss"
    banks = {
        1: ("multi_class", "binary", "multi_label"),
        2: ("digits", "spam", "genres"),
        3: ("bird_species", "review_logit", "maybe_empty"),
    }

    def scenario(self, name: str) -> Scenario:
        task, description = _TASKS[name]
        right, wrong = _which_loss_options(task)
        return Scenario(
            prompt=f"{description} Which output activation and loss should it be trained with?",
            right=right,
            wrong=wrong,
            hints=(
                "First decide how many classes can be true at once: exactly one of many, "
                "one yes/no answer, or any number of labels.",
                "Softmax makes classes compete for one unit of probability; a sigmoid gives "
                "each output its own probability.",
            ),
        )


# --------------------------------------------------------------------------- loss_limits


def _loss_at_one() -> Scenario:
    loss = float(losses.surprisal(1.0))
    return Scenario(
        prompt="A model gives the true class a probability of exactly \\(1\\). "
        "What is its loss \\(-\\ln p\\)?",
        right=Option(
            "zero",
            f"\\({num(loss)}\\): a certain, correct prediction costs nothing",
            f"\\(\\ln 1 = 0\\), so \\(-\\ln 1 = {num(loss)}\\): the loss is at its minimum.",
        ),
        wrong=(
            Option(
                "one",
                f"\\({shown(1.0)}\\), the same as the probability",
                "The loss is not the probability itself but −ln p, and ln 1 = 0.",
                "loss_equals_p",
            ),
            Option(
                "infinite",
                "It is infinite",
                "The loss becomes infinite at the other end, as p goes to 0.",
                "limits_swapped",
            ),
            Option(
                "never_zero",
                "A small positive number: the loss can approach 0 but never reach it",
                "At p exactly 1 the loss is exactly 0. Softmax outputs only approach 1, which "
                "is why trained losses stay a little above 0, but the formula reaches 0.",
                "never_zero",
            ),
        ),
        hints=("What is the natural log of 1?",),
        formulas=(f"-\\ln 1 = {num(loss)}",),
        plot_p=1.0,
    )


def _loss_toward_zero() -> Scenario:
    at = {p: float(losses.surprisal(p)) for p in (0.1, 0.01, 0.0001)}
    return Scenario(
        prompt="The probability a model gives the true class keeps shrinking towards "
        "\\(0\\). What happens to the loss \\(-\\ln p\\)?",
        right=Option(
            "unbounded",
            "It grows without bound, towards \\(+\\infty\\)",
            "\\(\\ln p \\to -\\infty\\) as \\(p \\to 0\\), so \\(-\\ln p \\to +\\infty\\): "
            f"p = 0.1 costs {num(at[0.1])} nats, p = 0.01 costs {num(at[0.01])} and "
            f"p = 0.0001 already {num(at[0.0001])}.",
        ),
        wrong=(
            Option(
                "approaches_one",
                "It approaches \\(1\\), the largest possible error",
                "That is how the plain difference 1 − p behaves; −ln p has no ceiling.",
                "bounded_loss",
            ),
            Option(
                "approaches_zero",
                "It approaches \\(0\\)",
                "The loss goes to 0 at the other end, when p goes to 1.",
                "limits_swapped",
            ),
            Option(
                "more_negative",
                "It becomes more and more negative",
                "ln p does fall towards −∞, but the loss has a minus sign in front, so it "
                "grows towards +∞.",
                "sign_dropped",
            ),
        ),
        hints=("Try p = 0.1, 0.01 and 0.0001 and watch −ln p.",),
        formulas=tuple(f"-\\ln {shown(p)} = {num(v)}" for p, v in at.items()),
        plot_p=0.01,
    )


def _zero_target_terms() -> Scenario:
    pred = [0.2, 0.7, 0.1]
    dog, cat = shown(pred[0]), shown(pred[1])
    loss = float(losses.categorical_cross_entropy(pred, 0))
    return Scenario(
        prompt="The target over [dog, cat, panda] is the one-hot vector \\([1, 0, 0]\\) and "
        f"the model predicts \\({format_vector(pred)}\\). In the loss "
        "\\(-\\sum_i y_i \\ln q_i\\) the cat and panda terms are 0. Why?",
        right=Option(
            "zero_weight",
            "Their target \\(y_i\\) is 0, so each term is \\(0 \\cdot \\ln q_i = 0\\); "
            "probability spent on them is paid for through a smaller \\(q\\) for dog",
            f"Only the true class has a nonzero weight. The {cat} on cat is not free: it leaves "
            f"dog with {dog}, and the loss \\(-\\ln {dog} = {num(loss)}\\) nats is large.",
        ),
        wrong=(
            Option(
                "predicted_well",
                "Because the model predicted those classes correctly",
                f"The model gave cat {cat}, which is wrong; those terms vanish only because "
                "their target weight is 0.",
                "zero_means_correct",
            ),
            Option(
                "missing_terms",
                "It is a mistake: each absent class should add \\(-\\ln(1 - q_i)\\)",
                "That is the per-label loss of multi-label classification. With a one-hot "
                "target and softmax, the true class's probability already shows what the "
                "other classes took.",
                "bce_terms_in_categorical",
            ),
            Option(
                "top_class_only",
                "Because the loss only looks at the class with the highest predicted probability",
                "The loss looks at the true class, whatever the model ranks first; here that "
                f"is dog with {dog}, not cat.",
                "argmax_only",
            ),
        ),
        hints=("Write out the three terms \\(y_i \\ln q_i\\) with the target's values.",),
        formulas=(
            f"L = -(1 \\cdot \\ln {shown(pred[0])} + 0 \\cdot \\ln {shown(pred[1])}"
            f" + 0 \\cdot \\ln {shown(pred[2])}) = {num(loss)}",
        ),
        plot_p=pred[0],
    )


def _wasted_probability() -> Scenario:
    pred = [0.2, 0.8, 0.0]
    dog, cat = shown(pred[0]), shown(pred[1])
    loss = float(losses.categorical_cross_entropy(pred, 0))
    good = float(losses.surprisal(pred[1]))
    every = float(losses.multilabel_cross_entropy(pred, [1, 0, 0]))
    return Scenario(
        prompt="A photo shows a dog and no cat. Over [dog, cat, panda] the model predicts "
        f"\\({format_vector(pred)}\\). The cat term of the categorical cross-entropy is 0. "
        "Does the model get away with its cat guess?",
        right=Option(
            "paid_via_true_class",
            f"No: the {cat} on cat leaves only {dog} for dog, so the loss is "
            f"\\(-\\ln {dog} = {num(loss)}\\) nats",
            f"Had the model put {cat} on dog, the loss would be only {num(good)} nats. Every bit "
            "of probability given to a wrong class is missing from the true one.",
        ),
        wrong=(
            Option(
                "rewarded",
                "Yes: the cat term is 0, so the wrong guess costs nothing",
                "The cat term is 0, but the guess is not free: probability spent on cat is "
                "missing from dog, and the dog term grows.",
                "zero_target_rewarded",
            ),
            Option(
                "top_class_loss",
                f"No: the loss is \\(-\\ln {cat} = {num(good)}\\) nats, from the most likely class",
                "You took the probability of the predicted class; the loss uses the true "
                "class, dog.",
                "wrong_class",
            ),
            Option(
                "every_class",
                f"No: every class adds a term, \\(-\\ln {dog} - \\ln(1 - {cat}) - "
                f"\\ln(1 - {shown(pred[2])}) = {num(every)}\\) nats",
                "Adding \\(-\\ln(1 - q)\\) for absent classes is the multi-label loss; "
                "categorical cross-entropy with a one-hot target has only the true class's term.",
                "bce_terms_in_categorical",
            ),
        ),
        hints=("Which class is true, and what probability does it get?",),
        formulas=(f"L = -\\ln {shown(pred[0])} = {num(loss)}",),
        plot_p=pred[0],
    )


def _steeper_far_away() -> Scenario:
    near_from, near_to, far_from, far_to = 0.9, 0.8, 0.2, 0.1
    near = float(losses.surprisal(near_to) - losses.surprisal(near_from))
    far = float(losses.surprisal(far_to) - losses.surprisal(far_from))
    step = shown(round(near_from - near_to, 10))
    near_step = f"{shown(near_from)} to {shown(near_to)}"
    far_step = f"{shown(far_from)} to {shown(far_to)}"
    return Scenario(
        prompt=f"The probability of the true class drops twice by {step}: once from "
        f"{near_step}, once from {far_step}. Which drop raises the loss \\(-\\ln p\\) more?",
        right=Option(
            "far_step",
            f"The drop from {far_step}",
            f"It adds {num(far)} nats, against {num(near)} for {near_step}: the curve −ln p "
            "gets steeper the further p is from the target 1.",
        ),
        wrong=(
            Option(
                "near_step",
                f"The drop from {near_step}, because it spoils an almost perfect prediction",
                "The curve is flattest near p = 1, so a step there costs little; −ln p changes "
                "fastest near 0.",
                "steeper_near_target",
            ),
            Option(
                "same_step",
                f"Both the same: each lowers p by {step}",
                "That would hold for a linear loss such as 1 − p; the logarithm weighs the same "
                "step more heavily when p is already small.",
                "linear_penalty",
            ),
        ),
        hints=("Compute −ln p before and after each drop and take the differences.",),
        formulas=(
            f"-\\ln {shown(near_to)} - (-\\ln {shown(near_from)}) = {num(near)}",
            f"-\\ln {shown(far_to)} - (-\\ln {shown(far_from)}) = {num(far)}",
        ),
        plot_p=far_to,
    )


def _halving() -> Scenario:
    ln2 = float(losses.surprisal(0.5))
    return Scenario(
        prompt="The probability a model gives the true class is halved, from p to p/2. "
        "How does the loss \\(-\\ln p\\) change?",
        right=Option(
            "adds_ln2",
            f"It rises by \\(\\ln 2 = {num(ln2)}\\) nats, whatever p was",
            "\\(-\\ln(p/2) = -\\ln p + \\ln 2\\): a logarithm turns a factor on p into a "
            "fixed step in the loss.",
        ),
        wrong=(
            Option(
                "doubles",
                "The loss doubles",
                "Halving p adds a fixed amount. Doubling the loss would take squaring p: "
                "\\(-\\ln(p^2) = 2(-\\ln p)\\).",
                "loss_proportional",
            ),
            Option(
                "adds_half_p",
                "It rises by p/2, the probability that was lost",
                "That is how a linear loss such as 1 − p would react; −ln p reacts to the "
                "ratio of the probabilities, not their difference.",
                "linear_penalty",
            ),
            Option(
                "more_near_one",
                "It rises more when p was close to 1, since the model was confident",
                "The rise is the same ln 2 from any starting p; near 1 the curve is flat, so "
                "a given absolute drop costs less there, not more.",
                "steeper_near_target",
            ),
        ),
        hints=("Use \\(\\ln(a/b) = \\ln a - \\ln b\\).",),
        formulas=(f"-\\ln\\frac{{p}}{{2}} = -\\ln p + \\ln 2 = -\\ln p + {num(ln2)}",),
        plot_p=0.5,
    )


@register
class LossLimits(ScenarioQuestion):
    """How −log p behaves: 0 at p = 1, unbounded as p → 0, steeper far from the target."""

    id = "loss_limits"
    title = "How the loss −log p behaves"
    topic = "categorical"
    banks = {
        1: ("at_one", "toward_zero", "zero_target"),
        2: ("steeper", "wasted_probability", "zero_target"),
        3: ("steeper", "wasted_probability", "halving"),
    }
    _builders = {
        "at_one": _loss_at_one,
        "toward_zero": _loss_toward_zero,
        "zero_target": _zero_target_terms,
        "wasted_probability": _wasted_probability,
        "steeper": _steeper_far_away,
        "halving": _halving,
    }

    def scenario(self, name: str) -> Scenario:
        return self._builders[name]()


# --------------------------------------------------------------------------- information

_P, _Q = [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]


def _ce_versus_entropy() -> Scenario:
    h, ce = float(losses.entropy(_P)), float(losses.cross_entropy(_P, _Q))
    return Scenario(
        prompt="For a true distribution p and a prediction q over the same classes, how does "
        "the cross-entropy \\(H(p, q)\\) compare with the entropy \\(H(p)\\)?",
        right=Option(
            "at_least",
            "\\(H(p, q) \\ge H(p)\\), with equality only when \\(q = p\\)",
            "The gap \\(H(p, q) - H(p)\\) is the KL divergence, which is never negative and is 0 "
            f"only for q = p. For p = {format_vector(_P)} and q = {format_vector(_Q)}: "
            f"H(p) = {num(h)} nats and H(p, q) = {num(ce)} nats.",
        ),
        wrong=(
            Option(
                "at_most",
                "\\(H(p, q) \\le H(p)\\): a prediction can only remove uncertainty",
                "It is the other way round: believing q when the truth is p can only add "
                "surprise, never remove it.",
                "inequality_reversed",
            ),
            Option(
                "same_ranking",
                "\\(H(p, q) = H(p)\\) whenever q ranks the classes in the same order as p",
                "Matching the ranking is not enough; every probability must match for the "
                "two to be equal.",
                "argmax_equality",
            ),
            Option(
                "entropy_of_q",
                "\\(H(p, q) = H(q)\\): cross-entropy is the entropy of the prediction",
                "H(q) measures how spread out the prediction is by itself; cross-entropy "
                "weighs the prediction's surprisal by the true probabilities p.",
                "entropy_not_cross_entropy",
            ),
        ),
        hints=("What is the KL divergence in terms of H(p, q) and H(p), and what is its sign?",),
        formulas=(
            f"H(p) = {num(h)}",
            f"H(p, q) = {num(ce)} \\ge H(p)",
        ),
    )


def _kl_identity() -> Scenario:
    h, ce = float(losses.entropy(_P)), float(losses.cross_entropy(_P, _Q))
    kl = float(losses.kl_divergence(_P, _Q))
    return Scenario(
        prompt="Which identity links the KL divergence \\(D_{KL}(p \\| q)\\) with entropy "
        "and cross-entropy?",
        right=Option(
            "ce_minus_h",
            "\\(D_{KL}(p \\| q) = H(p, q) - H(p)\\)",
            "KL is the extra surprisal paid for believing q when outcomes follow p: "
            f"for p = {format_vector(_P)} and q = {format_vector(_Q)}, "
            f"{num(ce)} − {num(h)} = {num(kl)} nats.",
        ),
        wrong=(
            Option(
                "h_minus_ce",
                "\\(D_{KL}(p \\| q) = H(p) - H(p, q)\\)",
                "That difference is never positive; KL is the extra cost of using q, so the "
                "cross-entropy comes first.",
                "kl_sign_reversed",
            ),
            Option(
                "sum",
                "\\(D_{KL}(p \\| q) = H(p, q) + H(p)\\)",
                "Adding the entropy counts the unavoidable surprise twice; KL is what remains "
                "after taking it away.",
                "kl_sum",
            ),
            Option(
                "swapped",
                "\\(D_{KL}(p \\| q) = H(q, p) - H(q)\\)",
                "That is \\(D_{KL}(q \\| p)\\). KL is not symmetric, so the order of the "
                "arguments matters.",
                "swapped_arguments",
            ),
        ),
        hints=("Write \\(\\log(p/q)\\) as \\(\\log p - \\log q\\) inside the KL sum.",),
        formulas=(
            "D_{KL}(p \\| q) = \\sum_i p_i \\ln\\frac{p_i}{q_i}"
            " = -\\sum_i p_i \\ln q_i + \\sum_i p_i \\ln p_i",
            f"{num(ce)} - {num(h)} = {num(kl)}",
        ),
    )


def _one_hot_minimum() -> Scenario:
    target = [0, 0, 1]
    h = float(losses.entropy(target))
    uniform = float(losses.cross_entropy(target, [1 / 3] * 3))
    return Scenario(
        prompt="Over [panda, bird, dog] the target is the one-hot vector \\([0, 0, 1]\\). What "
        "is the smallest cross-entropy loss any prediction can reach?",
        right=Option(
            "zero",
            f"\\({num(h)}\\), by predicting \\([0, 0, 1]\\) itself",
            "The cross-entropy is smallest when q = p, where it equals the entropy of the "
            f"target; a one-hot vector has entropy {num(h)}.",
        ),
        wrong=(
            Option(
                "uniform",
                f"\\(\\ln 3 = {num(uniform)}\\) nats, from the uniform prediction",
                "The uniform guess is the safest when you know nothing, not the best: putting "
                "all the probability on the true class costs less.",
                "uniform_minimum",
            ),
            Option(
                "above_zero",
                "Just above \\(0\\): a loss of exactly 0 is impossible",
                "The minimum is reached at q = p, which for a one-hot target means predicting "
                "the target itself; softmax only approaches it, but the minimum is 0.",
                "never_zero",
            ),
            Option(
                "minus_infinity",
                "There is none: the loss can decrease without bound",
                "The loss −ln q of the true class can never be negative, since q ≤ 1; it is "
                "unbounded only upwards.",
                "sign_dropped",
            ),
        ),
        hints=("The loss is smallest when the prediction equals the target. What is H(target)?",),
        formulas=(f"\\min_q H(p, q) = H(p) = -1 \\cdot \\ln 1 = {num(h)}",),
    )


def _soft_target_minimum(name: str) -> Scenario:
    mixup = name == "mixup_minimum"
    target = [0.7, 0.3, 0.0] if mixup else [0.9, 0.05, 0.05]
    h = float(losses.entropy(target))
    uniform = float(losses.cross_entropy(target, [1 / 3] * 3))
    main = float(losses.surprisal(target[0]))
    first, second, third = (shown(v) for v in target)
    if mixup:
        setup = (
            f"Mixup blends a dog photo (weight {first}) with a cat photo (weight {second}), so "
            f"over [dog, cat, panda] the target is \\({format_vector(target)}\\)."
        )
        partial = Option(
            "main_class_only",
            f"\\(-\\ln {first} = {num(main)}\\) nats: only the main class counts",
            "With a soft target every class with a nonzero weight counts: at q = p the loss is "
            f"−{first} ln {first} − {second} ln {second}.",
            "dominant_class_only",
        )
    else:
        setup = (
            "With label smoothing, the target for a dog photo over [dog, cat, panda] is "
            f"\\({format_vector(target)}\\)."
        )
        term = target[0] * main
        partial = Option(
            "main_term_only",
            f"\\(-{first} \\ln {first} = {num(term)}\\) nats, the term of the main class",
            "At q = p every class with a nonzero target adds a term; keeping only the main "
            f"one leaves out the classes with {second} and {third}.",
            "positive_term_only",
        )
    return Scenario(
        prompt=f"{setup} What is the smallest cross-entropy loss any prediction can reach?",
        right=Option(
            "entropy",
            f"\\(H(p) = {num(h)}\\) nats, by predicting the target itself",
            "The cross-entropy is smallest at q = p, where it equals the entropy of the "
            "target; a soft target has entropy above 0, so the loss cannot reach 0.",
        ),
        wrong=(
            Option(
                "zero",
                "\\(0\\), by predicting \\([1, 0, 0]\\)",
                "That holds for one-hot targets only. Predicting [1, 0, 0] gives the other "
                "classes probability 0 and an infinite loss; the best you can do is q = p.",
                "ignored_soft_target" if mixup else "ignored_smoothing",
            ),
            partial,
            Option(
                "uniform",
                f"\\(\\ln 3 = {num(uniform)}\\) nats, from the uniform prediction",
                "The uniform prediction is not the best one; the loss is smallest when the "
                "prediction equals the target.",
                "uniform_minimum",
            ),
        ),
        hints=("The loss is smallest when the prediction equals the target. What is H(target)?",),
        formulas=(
            "\\min_q H(p, q) = H(p) = -\\sum_i p_i \\ln p_i",
            f"H({format_vector(target)}) = {num(h)}",
        ),
    )


def _loaded_coin() -> Scenario:
    coin, belief = [0.99, 0.01], [0.01, 0.99]
    h = float(losses.entropy(coin, base=2))
    ce = float(losses.cross_entropy(coin, belief, base=2))
    kl = float(losses.kl_divergence(coin, belief, base=2))
    rare = float(losses.surprisal(0.01, base=2))
    return Scenario(
        prompt="A coin lands heads 99 % of the time, but you believe it lands tails 99 % of "
        "the time. In bits, how does the cross-entropy of your belief compare with the "
        "entropy of the coin?",
        right=Option(
            "large_gap",
            f"The cross-entropy, {num(ce)} bits, is far above the entropy, {num(h)} bits",
            f"You are surprised on almost every toss. The gap of {num(kl)} bits is the KL "
            "divergence: the price of the wrong belief.",
        ),
        wrong=(
            Option(
                "equal",
                f"Both are {num(h)} bits: the coin and the belief are equally lopsided",
                "That is the entropy of each distribution on its own; cross-entropy scores "
                "your belief on the coin's actual tosses, which keep surprising you.",
                "entropy_not_cross_entropy",
            ),
            Option(
                "one_bit",
                "The cross-entropy is at most 1 bit, since a coin has only two outcomes",
                "One bit bounds the entropy of a coin, not the cross-entropy: a belief that "
                f"gives the real outcome 1 % costs {num(rare)} bits each time.",
                "bounded_loss",
            ),
            Option(
                "smaller",
                "The cross-entropy is smaller than the entropy, because the belief is confident",
                "Cross-entropy is never below the entropy of the truth; confidence in the "
                "wrong outcome makes it larger still.",
                "inequality_reversed",
            ),
        ),
        hints=("Compute \\(-\\sum p \\log_2 q\\) with p the coin and q your belief.",),
        formulas=(
            f"H(p) = -(0.99 \\log_2 0.99 + 0.01 \\log_2 0.01) = {num(h)}",
            f"H(p, q) = -(0.99 \\log_2 0.01 + 0.01 \\log_2 0.99) = {num(ce)}",
            f"D_{{KL}}(p \\| q) = {num(ce)} - {num(h)} = {num(kl)}",
        ),
    )


@register
class InformationRelations(ScenarioQuestion):
    """How entropy, cross-entropy and KL relate, and what the smallest loss is."""

    id = "information_relations"
    title = "Entropy, cross-entropy and KL: how they relate"
    topic = "cross_entropy"
    banks = {
        1: ("ce_vs_entropy", "kl_identity", "one_hot_minimum"),
        2: ("kl_identity", "soft_target_minimum", "loaded_coin"),
        3: ("soft_target_minimum", "mixup_minimum", "loaded_coin"),
    }

    def scenario(self, name: str) -> Scenario:
        if name in ("soft_target_minimum", "mixup_minimum"):
            return _soft_target_minimum(name)
        return {
            "ce_vs_entropy": _ce_versus_entropy,
            "kl_identity": _kl_identity,
            "one_hot_minimum": _one_hot_minimum,
            "loaded_coin": _loaded_coin,
        }[name]()


# --------------------------------------------------------------------------- why_cross_entropy


def _bounded_difference() -> Scenario:
    p = 0.01
    diff, ce = 1 - p, float(losses.surprisal(p))
    return Scenario(
        prompt="Someone proposes a simpler loss: the difference \\(1 - p\\) between the target "
        "1 and the probability p the model gives the true class. What is the main argument "
        "for \\(-\\ln p\\) instead?",
        right=Option(
            "unbounded_penalty",
            "The difference never exceeds 1, so a confident mistake costs hardly more than a "
            "mild one; \\(-\\ln p\\) grows without bound and punishes it hard",
            f"At p = {shown(p)} the difference is {num(diff)}, while "
            f"\\(-\\ln {shown(p)} = {num(ce)}\\) "
            "nats, and it keeps growing as p falls.",
        ),
        wrong=(
            Option(
                "not_differentiable",
                "\\(1 - p\\) cannot be differentiated, so gradient descent cannot use it",
                "1 − p is linear in p and has a gradient everywhere; the trouble is how weakly "
                "it grows, not whether it can be differentiated.",
                "difference_not_differentiable",
            ),
            Option(
                "same_ranking",
                "There is no real difference: both rank predictions the same way, so they "
                "train the same model",
                "Both fall as p rises, but they weigh mistakes very differently, and training "
                "follows the gradients, which differ a lot.",
                "same_ranking_same_loss",
            ),
            Option(
                "smaller_values",
                "\\(-\\ln p\\) gives smaller numbers, which keeps training stable",
                "It is the other way round: \\(-\\ln p \\ge 1 - p\\) for every p, and the gap "
                "grows as p falls.",
                "smaller_is_better",
            ),
        ),
        hints=(f"Compare both losses for a very confident mistake, say p = {shown(p)}.",),
        formulas=(f"1 - {shown(p)} = {num(diff)}", f"-\\ln {shown(p)} = {num(ce)}"),
        plot_p=p,
    )


def _confident_mistake() -> Scenario:
    mild, bold = 0.5, 0.01
    diff_ratio = (1 - bold) / (1 - mild)
    ce_ratio = float(losses.surprisal(bold) / losses.surprisal(mild))
    return Scenario(
        prompt=f"Compare a mild mistake, where the true class gets p = {shown(mild)}, with a "
        f"confident one, where it gets p = {shown(bold)}. How many times more does each loss "
        "charge the confident mistake?",
        right=Option(
            "log_grows_faster",
            f"The difference \\(1 - p\\) charges {num(diff_ratio)} times as much; "
            f"\\(-\\ln p\\) charges {num(ce_ratio)} times as much",
            "The log loss singles out the confident mistake; the difference barely notices "
            "it. That is the point of using −ln p.",
        ),
        wrong=(
            Option(
                "swapped",
                f"The difference \\(1 - p\\) charges {num(ce_ratio)} times as much; "
                f"\\(-\\ln p\\) charges {num(diff_ratio)} times as much",
                "The two ratios are swapped: the difference is capped at 1, so it cannot grow "
                "much, while −ln p keeps climbing.",
                "swapped_ratios",
            ),
            Option(
                "both_same",
                f"Both charge {num(diff_ratio)} times as much",
                "Only the difference grows in step with the lost probability; the log grows "
                "faster and faster as p nears 0.",
                "linear_penalty",
            ),
            Option(
                "fifty",
                f"Both charge {num(mild / bold)} times as much, since p is that many times smaller",
                "Neither loss is proportional to 1/p: the difference compares 1 − p, the log "
                "turns the factor into an added step.",
                "ratio_of_probabilities",
            ),
        ),
        hints=("Compute 1 − p and −ln p for both mistakes, then divide.",),
        formulas=(
            f"\\frac{{1 - {shown(bold)}}}{{1 - {shown(mild)}}} = {num(diff_ratio)}",
            f"\\frac{{-\\ln {shown(bold)}}}{{-\\ln {shown(mild)}}} = {num(ce_ratio)}",
        ),
        plot_p=bold,
    )


def _gradient_rule() -> Scenario:
    return Scenario(
        prompt="For softmax outputs \\(q = \\mathrm{softmax}(z)\\) and a one-hot target y, what "
        "is the gradient of the cross-entropy loss with respect to the logits z?",
        right=Option(
            "q_minus_y",
            "\\(q - y\\), the prediction minus the target",
            "The derivative of −ln and that of softmax cancel down to q − y: linear in the "
            "output, large when the prediction is far off and vanishing as it reaches the "
            "target, which keeps training smooth.",
        ),
        wrong=(
            Option(
                "y_minus_q",
                "\\(y - q\\)",
                "That is the direction that lowers the loss, the negative gradient; the "
                "gradient itself is q − y.",
                "gradient_sign",
            ),
            Option(
                "minus_y_over_q",
                "\\(-y / q\\)",
                "That is the derivative with respect to the probabilities q; going back "
                "through softmax turns it into q − y.",
                "gradient_wrt_probabilities",
            ),
            Option(
                "softmax_slope",
                "\\(q(1 - q)\\)",
                "That is the slope of the softmax (or sigmoid) output alone; combined with "
                "the loss's own derivative it cancels to leave q − y.",
                "softmax_derivative_only",
            ),
        ),
        hints=("Differentiate \\(-z_t + \\ln \\sum_j e^{z_j}\\) with respect to each \\(z_i\\).",),
        formulas=("\\frac{\\partial L}{\\partial z_i} = \\mathrm{softmax}(z)_i - y_i",),
    )


def _gradient_example() -> Scenario:
    logits, target = [2.0, 1.0, 0.1], [1, 0, 0]
    grad = losses.cross_entropy_grad(logits, 0).tolist()
    probs = losses.softmax(logits).tolist()
    reverse = [-g for g in grad]
    raw = [z - y for z, y in zip(logits, target, strict=True)]

    def vec(values: list[float]) -> str:
        return format_vector(values, format_number)

    return Scenario(
        prompt=f"A classifier outputs the logits \\(z = {format_vector(logits)}\\) for an "
        f"example of class 1 (target \\(y = {format_vector(target)}\\)). What is the gradient "
        "of the cross-entropy loss with respect to z?",
        right=Option(
            "q_minus_y",
            f"\\({vec(grad)}\\)",
            f"Softmax gives q = {vec(probs)}; subtracting the target gives the gradient "
            "q − y: negative for the true class (raise its logit), positive for the others.",
        ),
        wrong=(
            Option(
                "y_minus_q",
                f"\\({vec(reverse)}\\)",
                "That is y − q, the negative gradient; the gradient is q − y.",
                "gradient_sign",
            ),
            Option(
                "q_only",
                f"\\({vec(probs)}\\)",
                "That is softmax(z) alone; the target still has to be subtracted.",
                "target_not_subtracted",
            ),
            Option(
                "z_minus_y",
                f"\\({vec(raw)}\\)",
                "You subtracted the target from the logits; pass the logits through softmax first.",
                "no_softmax",
            ),
        ),
        hints=(
            "Compute softmax(z) first.",
            "The gradient with respect to the logits is softmax(z) − y.",
        ),
        formulas=(f"q = \\mathrm{{softmax}}(z) = {vec(probs)}", f"q - y = {vec(grad)}"),
    )


def _saturation() -> Scenario:
    z = -6.0
    q = float(losses.sigmoid(z))
    ce_grad = q - 1.0
    mse_grad = 2 * (q - 1.0) * q * (1 - q)
    return Scenario(
        prompt="A binary classifier with a sigmoid output is confidently wrong: its logit is "
        "\\(z = -6\\) for a positive example (y = 1). Why does it learn faster from "
        "cross-entropy than from the squared error \\((\\sigma(z) - y)^2\\)?",
        right=Option(
            "mse_saturates",
            "The squared error's gradient carries the factor \\(\\sigma(z)(1 - \\sigma(z))\\), "
            "which is tiny when the output saturates; cross-entropy's gradient is "
            "\\(\\sigma(z) - y\\)",
            f"Here σ(z) = {num(q)}: the squared-error gradient is only {num(mse_grad)}, while "
            f"the cross-entropy gradient is {num(ce_grad)}, so the mistake is corrected fast.",
        ),
        wrong=(
            Option(
                "mse_explodes",
                "The squared error's gradient explodes for confident mistakes, so training "
                "must slow down",
                "The squared error is bounded by 1 here and its gradient all but vanishes; it "
                "is the log loss that keeps a strong gradient.",
                "mse_unbounded",
            ),
            Option(
                "ce_smaller_gradient",
                "Cross-entropy has the smaller gradient here, which makes its steps more careful",
                f"It is the other way round: {num(ce_grad)} for cross-entropy against "
                f"{num(mse_grad)} for the squared error.",
                "gradient_reversed",
            ),
        ),
        hints=("Differentiate both losses with respect to z using σ'(z) = σ(z)(1 − σ(z)).",),
        formulas=(
            f"\\sigma(-6) = {num(q)}",
            "\\frac{\\partial}{\\partial z} (\\sigma - y)^2"
            f" = 2(\\sigma - y)\\sigma(1 - \\sigma) = {num(mse_grad)}",
            f"\\frac{{\\partial}}{{\\partial z}} \\mathrm{{BCE}} = \\sigma - y = {num(ce_grad)}",
        ),
        plot_p=q,
    )


@register
class WhyCrossEntropy(ScenarioQuestion):
    """Why cross-entropy and not a plain difference: unbounded penalty, simple gradient."""

    id = "why_cross_entropy"
    title = "Why cross-entropy rather than a plain difference"
    banks = {
        1: ("bounded_difference", "confident_mistake"),
        2: ("confident_mistake", "gradient_rule"),
        3: ("gradient_rule", "gradient_example", "saturation"),
    }
    _builders = {
        "bounded_difference": _bounded_difference,
        "confident_mistake": _confident_mistake,
        "gradient_rule": _gradient_rule,
        "gradient_example": _gradient_example,
        "saturation": _saturation,
    }

    def scenario(self, name: str) -> Scenario:
        return self._builders[name]()


# --------------------------------------------------------------------------- mock_interview


def _mock_relationship() -> Scenario:
    return Scenario(
        prompt="Mock interview question: what are entropy and cross-entropy, and how are "
        "they related?",
        right=Option(
            "expected_surprisal",
            "Entropy is the expected surprisal under the true distribution p; cross-entropy "
            "is the expected surprisal when outcomes follow p but are scored with the "
            "predicted q; \\(H(p, q) = H(p) + D_{KL}(p \\| q) \\ge H(p)\\)",
            "Both average surprisal over the true outcomes; cross-entropy measures it with "
            "the belief q, so it can only be larger, by the KL divergence.",
        ),
        wrong=(
            Option(
                "entropy_of_prediction",
                "Cross-entropy is simply the entropy of the predicted distribution q",
                "H(q) ignores the truth altogether; cross-entropy weighs the surprisal of q by "
                "the true probabilities p.",
                "entropy_not_cross_entropy",
            ),
            Option(
                "sum_of_entropies",
                "Cross-entropy is the entropy of p plus the entropy of q",
                "The extra term is the KL divergence between p and q, not the entropy of q.",
                "entropy_sum",
            ),
            Option(
                "smaller",
                "Cross-entropy is smaller than entropy, because a model reduces uncertainty",
                "Cross-entropy is never below the entropy of the truth; it equals it only for "
                "a perfect prediction.",
                "inequality_reversed",
            ),
        ),
        hints=(
            "Both are averages of surprisal; over which outcomes, and with which "
            "probabilities inside the log?",
        ),
        formulas=(
            "H(p) = -\\sum_i p_i \\ln p_i",
            "H(p, q) = -\\sum_i p_i \\ln q_i = H(p) + D_{KL}(p \\| q)",
        ),
    )


def _mock_where_used() -> Scenario:
    return Scenario(
        prompt="Mock interview question: where in machine learning is the cross-entropy loss "
        "widely used, and why?",
        right=Option(
            "classification",
            "In classification: multi-class with softmax, binary with a sigmoid, and "
            "multi-label with one sigmoid per label, because it compares predicted "
            "probabilities with the target distribution",
            "Every classifier that outputs probabilities can be scored this way, and the log "
            "punishes confident mistakes hard.",
        ),
        wrong=(
            Option(
                "regression",
                "In regression on continuous targets, such as predicting house prices",
                "A price is not a probability distribution; regression usually uses squared "
                "or absolute error.",
                "regression_loss",
            ),
            Option(
                "binary_only",
                "Only in binary classification; more classes need a different loss",
                "Binary cross-entropy is the two-class special case; categorical "
                "cross-entropy handles any number of classes.",
                "binary_only",
            ),
            Option(
                "clustering",
                "In clustering, because it measures the distance between data points",
                "Cross-entropy compares two probability distributions over the same classes, "
                "not points in space.",
                "distance_metric",
            ),
        ),
        hints=("What do its two inputs have to be?",),
    )


def _mock_math_character() -> Scenario:
    at = {p: float(losses.surprisal(p)) for p in (0.9, 0.5, 0.1)}
    return Scenario(
        prompt="Mock interview question: what is the mathematical character of the "
        "cross-entropy loss, and what does it offer model training?",
        right=Option(
            "log_curve",
            "It is \\(-\\ln\\) of the true class's probability: 0 at p = 1, unbounded as "
            "\\(p \\to 0\\), steeper the further off; with softmax its gradient is "
            "\\(\\mathrm{softmax}(z) - y\\), which keeps training smooth",
            "Confident mistakes cost a lot and near-misses little, and the gradient is "
            "simply the prediction minus the target.",
        ),
        wrong=(
            Option(
                "bounded",
                "It is bounded between 0 and 1 like an error rate, which keeps training stable",
                "−ln p has no upper bound; being unbounded is what lets it punish confident "
                "mistakes.",
                "bounded_loss",
            ),
            Option(
                "linear",
                "It grows linearly with the distance from the target, like the absolute error",
                "The log curve is flat near the target and steep far from it, not a straight line.",
                "linear_penalty",
            ),
            Option(
                "symmetric",
                "It is symmetric: swapping prediction and target gives the same loss",
                "H(p, q) and H(q, p) differ in general; the target weighs the log of the "
                "prediction.",
                "swapped_arguments",
            ),
        ),
        hints=("Sketch −ln p for p between 0 and 1.",),
        formulas=tuple(f"-\\ln {shown(p)} = {num(v)}" for p, v in at.items()),
        plot_p=0.1,
    )


MOCK_PREDICTION, MOCK_TARGET = [0.7, 0.2, 0.1], [1, 0, 0]


def _mock_compute_example() -> Scenario:
    pred, target = MOCK_PREDICTION, MOCK_TARGET
    loss = float(losses.categorical_cross_entropy(pred, target))
    bits = float(losses.categorical_cross_entropy(pred, target, base=2))
    other = float(losses.surprisal(pred[2]))
    complement = float(losses.surprisal(1 - pred[0]))
    return Scenario(
        prompt=f"Mock interview question: the prediction \\({format_vector(pred)}\\) is scored "
        f"against the target \\({format_vector(target)}\\). What is the cross-entropy loss "
        "(natural log)?",
        right=Option(
            "ln_true_class",
            f"\\({num(loss)}\\)",
            f"Only the true class has target weight 1, so the loss is −ln {shown(pred[0])}.",
        ),
        wrong=(
            Option(
                "log2",
                f"\\({num(bits)}\\)",
                "You used log base 2, which gives bits; the natural log gives nats.",
                "log_base_2",
            ),
            Option(
                "wrong_class",
                f"\\({num(other)}\\)",
                f"That is −ln {shown(pred[2])}, from a class whose target is 0; only the true "
                "class counts.",
                "wrong_class",
            ),
            Option(
                "one_minus_p",
                f"\\({num(complement)}\\)",
                f"You took −ln(1 − {shown(pred[0])}); the loss is −ln of the true class's "
                "probability itself.",
                "one_minus_p",
            ),
            Option(
                "negative",
                f"\\({num(-loss)}\\)",
                f"The sign is off: ln {shown(pred[0])} is negative, so the loss is positive.",
                "sign_dropped",
            ),
        ),
        hints=("Which class has target 1? Take −ln of its predicted probability.",),
        formulas=(
            f"L = -(1 \\cdot \\ln {shown(pred[0])} + 0 \\cdot \\ln {shown(pred[1])}"
            f" + 0 \\cdot \\ln {shown(pred[2])})",
            f"L = -\\ln {shown(pred[0])} = {num(loss)}",
        ),
        plot_p=pred[0],
    )


def _mock_multi_label() -> Scenario:
    return Scenario(
        prompt="Mock interview question: how do you compute a multi-label cross-entropy "
        "loss, and how does it differ from multi-class, single-label classification?",
        right=Option(
            "sum_of_binary",
            "Treat each label as its own binary task: a sigmoid per label, the binary "
            "cross-entropy of each label, summed per example; labels do not compete, and "
            "the target may hold several 1s or none",
            "Single-label tasks put one softmax over the classes with a one-hot target; "
            "multi-label tasks answer a yes/no question per label.",
        ),
        wrong=(
            Option(
                "softmax_multi_hot",
                "Use one softmax over the labels and the cross-entropy against the "
                "multi-hot target",
                "Softmax makes labels compete for one unit of probability, so two present "
                "labels cannot both be predicted with confidence.",
                "softmax_for_multilabel",
            ),
            Option(
                "present_only",
                "Add up \\(-\\ln q\\) over the labels that are present (target 1) only",
                "Absent labels matter too: each adds \\(-\\ln(1 - q)\\), otherwise predicting "
                "every label with probability 1 would cost nothing.",
                "positive_term_only",
            ),
            Option(
                "top_label",
                "Keep the most likely label and use categorical cross-entropy on it",
                "That throws away the other labels; the point of multi-label is that several "
                "can be true at once.",
                "argmax_single_label",
            ),
        ),
        hints=("Think of each label as a separate panda-or-not question.",),
        formulas=("L = -\\sum_{l} [y_l \\ln q_l + (1 - y_l) \\ln(1 - q_l)]",),
    )


@register
class MockInterview(ScenarioQuestion):
    """The five mock interview questions of the cross-entropy deep dive, as choices."""

    id = "mock_interview"
    title = "Mock interview questions"
    _builders = {
        "relationship": _mock_relationship,
        "where_used": _mock_where_used,
        "math_character": _mock_math_character,
        "compute_example": _mock_compute_example,
        "multi_label": _mock_multi_label,
    }
    banks = dict.fromkeys((1, 2, 3), tuple(_builders))

    def scenario(self, name: str) -> Scenario:
        return self._builders[name]()


# --------------------------------------------------------------------------- log_units


def _bits_base() -> Scenario:
    return Scenario(
        prompt="Which base of the logarithm gives surprisal and entropy in bits?",
        right=Option(
            "base_2",
            "Base 2",
            "A bit is the surprise of one fair coin toss: \\(-\\log_2 \\tfrac{1}{2} = 1\\).",
        ),
        wrong=(
            Option(
                "base_e",
                "Base e, the natural log",
                "The natural log gives nats, the unit machine-learning libraries use.",
                "natural_log",
            ),
            Option(
                "base_10",
                "Base 10",
                "Base 10 gives hartleys (also called bans or dits).",
                "log_base_10",
            ),
            Option(
                "base_classes",
                "The number of classes",
                "The base sets the unit, not the number of classes; bits use base 2 "
                "whatever the number of classes.",
                "base_is_classes",
            ),
        ),
        hints=("A fair coin toss should carry exactly one unit of surprise.",),
        formulas=(f"-\\log_2 0.5 = {num(float(losses.surprisal(0.5, base=2)))}",),
    )


def _framework_default() -> Scenario:
    ratio = float(losses.surprisal(0.5))
    return Scenario(
        prompt="Deep-learning libraries such as PyTorch (and this app, when it writes log) "
        "compute cross-entropy with which logarithm, so in which unit is the loss?",
        right=Option(
            "nats",
            "The natural log, so the loss is in nats",
            "ln is the default because its derivative is simplest: d ln q / dq = 1/q.",
        ),
        wrong=(
            Option(
                "bits",
                "Log base 2, so the loss is in bits",
                "Bits come from information theory; the libraries use the natural log.",
                "log_base_2",
            ),
            Option(
                "hartleys",
                "Log base 10, so the loss is in hartleys",
                "Base 10 is the calculator log; the libraries use the natural log.",
                "log_base_10",
            ),
            Option(
                "no_unit",
                "Any: the base makes no difference to a loss",
                f"The base rescales every loss (and gradient) by one factor: a value in "
                f"bits times ln 2 = {num(ratio)} gives nats, so numbers in different units "
                "cannot be compared directly.",
                "units_interchangeable",
            ),
        ),
        hints=("Which log has the derivative 1/x?",),
    )


def _nats_to_bits() -> Scenario:
    ln2 = float(losses.surprisal(0.5))
    ln10 = float(losses.surprisal(0.1))
    panda_bits = float(losses.surprisal(0.001, base=2))
    panda_nats = float(losses.surprisal(0.001))
    return Scenario(
        prompt="A loss is given in nats. How do you turn it into bits?",
        right=Option(
            "divide_ln2",
            f"Divide it by \\(\\ln 2 = {num(ln2)}\\)",
            f"\\(\\log_2 x = \\ln x / \\ln 2\\), so one nat is {num(1 / ln2)} bits. The panda "
            f"with p = 0.001 surprises by {num(panda_nats)} nats = {num(panda_bits)} bits.",
        ),
        wrong=(
            Option(
                "multiply_ln2",
                f"Multiply it by \\(\\ln 2 = {num(ln2)}\\)",
                "That converts bits to nats. The same surprise is a larger number in bits, "
                "so divide by ln 2.",
                "conversion_inverted",
            ),
            Option(
                "divide_ln10",
                f"Divide it by \\(\\ln 10 = {num(ln10)}\\)",
                "Dividing by ln 10 gives hartleys (log base 10), not bits.",
                "log_base_10",
            ),
            Option(
                "same",
                "Nothing: nats and bits are two names for the same number",
                f"They differ by the factor ln 2: the same surprise is {num(1 / ln2)} times as "
                "many bits as nats.",
                "units_interchangeable",
            ),
        ),
        hints=("Change of base: \\(\\log_2 x = \\ln x / \\ln 2\\).",),
        formulas=(f"\\log_2 x = \\frac{{\\ln x}}{{\\ln 2}} = \\frac{{\\ln x}}{{{num(ln2)}}}",),
    )


def _panda_units() -> Scenario:
    bits = float(losses.surprisal(0.001, base=2))
    nats = float(losses.surprisal(0.001))
    tens = float(losses.surprisal(0.001, base=10))
    return Scenario(
        prompt="The chance of meeting a panda first in a forest is 0.001. Which pair gives "
        "its surprisal correctly in bits and in nats?",
        right=Option(
            "bits_then_nats",
            f"{num(bits)} bits, which is {num(nats)} nats",
            f"\\(-\\log_2 0.001 = {num(bits)}\\) and \\(-\\ln 0.001 = {num(nats)}\\): a bit is "
            "a smaller unit, so the same surprise takes more of them.",
        ),
        wrong=(
            Option(
                "swapped",
                f"{num(nats)} bits, which is {num(bits)} nats",
                "The units are swapped: the natural log gives the smaller number, in nats.",
                "units_swapped",
            ),
            Option(
                "log10",
                f"{num(tens)} bits, which is {num(nats)} nats",
                f"{num(tens)} is −log10 0.001, in hartleys; bits need log base 2.",
                "log_base_10",
            ),
            Option(
                "negative",
                f"{num(-bits)} bits, which is {num(-nats)} nats",
                "The sign is off: surprisal −log p is positive for p < 1.",
                "sign_dropped",
            ),
        ),
        hints=("Compute −log₂ 0.001 and −ln 0.001.",),
        formulas=(f"-\\log_2 0.001 = {num(bits)}", f"-\\ln 0.001 = {num(nats)}"),
    )


def _uniform_bits() -> Scenario:
    uniform = [0.125] * 8
    bits = float(losses.entropy(uniform, base=2))
    nats = float(losses.entropy(uniform))
    coin_bits = float(losses.entropy([0.5, 0.5], base=2))
    coin_nats = float(losses.entropy([0.5, 0.5]))
    return Scenario(
        prompt="A model's prediction is uniform over 8 classes. What is its entropy, in bits "
        "and in nats?",
        right=Option(
            "log2_8",
            f"{num(bits)} bits, which is {num(nats)} nats",
            f"With C equally likely classes the entropy is log C: \\(\\log_2 8 = {num(bits)}\\) "
            f"bits and \\(\\ln 8 = {num(nats)}\\) nats.",
        ),
        wrong=(
            Option(
                "swapped",
                f"{num(nats)} bits, which is {num(bits)} nats",
                "The units are swapped: the natural log gives the smaller number, in nats.",
                "units_swapped",
            ),
            Option(
                "one_bit",
                f"{num(coin_bits)} bit, which is {num(coin_nats)} nats: entropy "
                "never exceeds one bit",
                "One bit is the ceiling for two outcomes; C equally likely classes give "
                "log₂ C bits.",
                "bounded_by_one",
            ),
            Option(
                "eight",
                "8 bits, one per class",
                "Entropy grows with the log of the number of equally likely classes, not "
                "with the count.",
                "entropy_is_count",
            ),
        ),
        hints=("Every class has surprisal −log(1/8) = log 8.",),
        formulas=(f"H = -\\sum_{{i=1}}^{{8}} \\tfrac18 \\log_2 \\tfrac18 = {num(bits)}",),
    )


def _convert_value() -> Scenario:
    pred = MOCK_PREDICTION
    nats = float(losses.categorical_cross_entropy(pred, 0))
    bits = float(losses.categorical_cross_entropy(pred, 0, base=2))
    tens = float(losses.categorical_cross_entropy(pred, 0, base=10))
    ln2 = float(losses.surprisal(0.5))
    return Scenario(
        prompt=f"The loss of the prediction \\({format_vector(pred)}\\) against the target "
        f"\\([1, 0, 0]\\) is {num(nats)} nats. What is it in bits?",
        right=Option(
            "bits",
            f"{num(bits)} bits",
            f"Divide by ln 2: {num(nats)} / {num(ln2)} = {num(bits)}, which is "
            f"−log₂ {shown(pred[0])}.",
        ),
        wrong=(
            Option(
                "multiplied",
                f"{num(nats * ln2)} bits",
                "You multiplied by ln 2, which turns bits into nats; divide instead.",
                "conversion_inverted",
            ),
            Option(
                "hartleys",
                f"{num(tens)} bits",
                f"That is −log10 {shown(pred[0])}, in hartleys; bits need log base 2.",
                "log_base_10",
            ),
            Option(
                "unchanged",
                f"{num(nats)} bits",
                "Nats and bits differ by the factor ln 2, so the number must change.",
                "units_interchangeable",
            ),
        ),
        hints=("\\(\\log_2 x = \\ln x / \\ln 2\\).",),
        formulas=(f"\\frac{{{num(nats)}}}{{\\ln 2}} = {num(bits)}",),
        plot_p=pred[0],
    )


@register
class LogUnits(ScenarioQuestion):
    """Bits, nats and hartleys: which base gives which unit and how to convert."""

    id = "log_units"
    title = "Log bases and units: bits and nats"
    topic = "surprisal"
    banks = {
        1: ("bits_base", "framework_default", "nats_to_bits"),
        2: ("nats_to_bits", "panda_units", "uniform_bits"),
        3: ("panda_units", "uniform_bits", "convert_value"),
    }
    _builders = {
        "bits_base": _bits_base,
        "framework_default": _framework_default,
        "nats_to_bits": _nats_to_bits,
        "panda_units": _panda_units,
        "uniform_bits": _uniform_bits,
        "convert_value": _convert_value,
    }

    def scenario(self, name: str) -> Scenario:
        return self._builders[name]()


# --------------------------------------------------------------------------- compare_models

#: Like the dog/cat/panda comparison in the multi-class article: both models are right on
#: every image, A with small wrong-class probabilities, B more confident in the true class.
ARTICLE_MODELS: dict[str, Any] = {
    "classes": ["dog", "cat", "panda"],
    "labels": [0, 1, 2],
    "pred_a": [[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5]],
    "pred_b": [[0.6, 0.4, 0.0], [0.0, 0.6, 0.4], [0.4, 0.0, 0.6]],
}

_COMPARE_SIZES = {1: (3, 2), 2: (4, 3), 3: (5, 4)}  # classes, images
_MISTAKES = {1: 0.0, 2: 0.25, 3: 0.3}  # how often a drawn row favours a wrong class
_STYLES = (0.4, 1.0, 3.0)  # Dirichlet concentrations: spiky, varied, flat predictions
_MIN_GAP = 0.05  # drawn pairs differ by at least this many nats, so the answer is clear
_TIE = 1e-9


@dataclass(frozen=True)
class _ModelStats:
    """One model's per-image losses and what a learner might compare instead."""

    losses: list[float]
    mean: float
    p_true: list[float]
    correct: int
    mean_p: float
    mean_max_wrong: float


def _model_stats(
    pred: list[list[float]], labels: list[int], per_image: list[float] | None = None
) -> _ModelStats:
    """A model's statistics; ``per_image`` losses may come from a batched engine call."""
    if per_image is None:
        per_image = losses.categorical_cross_entropy(pred, labels, reduction="none").tolist()
        mean = float(losses.categorical_cross_entropy(pred, labels))
    else:
        mean = math.fsum(per_image) / len(per_image)
    rows = list(zip(pred, labels, strict=True))
    p_true = [row[t] for row, t in rows]
    correct = sum(1 for row, t in rows if all(row[t] > v for i, v in enumerate(row) if i != t))
    max_wrong = [max(v for i, v in enumerate(row) if i != t) for row, t in rows]
    n = len(rows)
    return _ModelStats(
        per_image, mean, p_true, correct, math.fsum(p_true) / n, math.fsum(max_wrong) / n
    )


def _draw_rows(
    side: np.random.Generator,
    labels: list[int],
    size: int,
    mistakes: float,
    concentration: float,
) -> list[list[float]]:
    """One model's rows in its confidence style, each wrong with probability ``mistakes``."""
    rows = []
    for label in labels:
        wrong = side.random() < mistakes
        peak = int((label + side.integers(1, size)) % size) if wrong else label
        rows.append(draw_distribution(side, size, peak=peak, concentration=concentration))
    return rows


def _pair_stats(
    pred_a: list[list[float]], pred_b: list[list[float]], labels: list[int]
) -> tuple[_ModelStats, _ModelStats]:
    """Both models' statistics from one batched engine call (drawing tries many pairs)."""
    n = len(labels)
    per_image = losses.categorical_cross_entropy(
        pred_a + pred_b, labels + labels, reduction="none"
    ).tolist()
    return _model_stats(pred_a, labels, per_image[:n]), _model_stats(pred_b, labels, per_image[n:])


def _concentrate(row: list[float], label: int) -> list[float]:
    """The row with its wrong-class probability moved onto its largest wrong class.

    The true class keeps its probability (so the loss is unchanged) and stays the
    top class; every class keeps at least 0.01. Rows have two decimals.
    """
    counts = [round(v * 100) for v in row]
    wrong = sorted((i for i in range(len(row)) if i != label), key=lambda i: -counts[i])
    top = wrong[0]
    for i in wrong[1:]:
        move = min(counts[i] - 1, counts[label] - 1 - counts[top])
        if move > 0:
            counts[i] -= move
            counts[top] += move
    return [c / 100 for c in counts]


def _draw_ok(a: _ModelStats, b: _ModelStats, difficulty: int, n: int) -> bool:
    """Whether a drawn pair makes the lesson of its difficulty."""
    if abs(a.mean - b.mean) < _MIN_GAP:
        return False
    winner, loser = (a, b) if a.mean < b.mean else (b, a)
    looks_better = _higher_mean_p(loser, winner) or _smaller_wrong(loser, winner)
    if difficulty == 1:
        return a.correct == b.correct == n and looks_better
    if difficulty == 2:
        return a.correct == b.correct and looks_better
    return loser.correct > winner.correct or _higher_mean_p(loser, winner)


def _higher_mean_p(mine: _ModelStats, other: _ModelStats) -> bool:
    """Whether ``mine`` gives the true classes more probability on average (beyond rounding)."""
    return mine.mean_p > other.mean_p + _TIE


def _smaller_wrong(mine: _ModelStats, other: _ModelStats) -> bool:
    """Whether ``mine``'s largest wrong-class probabilities are smaller on average."""
    return mine.mean_max_wrong < other.mean_max_wrong - _TIE


def _model_name(letter: str) -> str:
    return f"Model {letter}"


def _loser_option(
    letter: str, mine: _ModelStats, other: _ModelStats, equal: bool, n: int
) -> Option:
    """Picking model ``letter`` when it is not the answer, and the likely reason."""
    name = _model_name(letter)
    losses_text = f"Its mean loss is {num(mine.mean)} nats against {num(other.mean)}."
    if mine.correct > other.correct:
        code, why = (
            "accuracy_not_loss",
            (
                f"{name} gets more images right by its top class ({mine.correct} of "
                f"{n} against {other.correct}), but cross-entropy does not ask whether the true "
                "class comes top, only how much probability it gets. " + losses_text
            ),
        )
    elif _higher_mean_p(mine, other):
        code, why = (
            "mean_probability",
            (
                f"{name} gives the true classes the higher average probability "
                f"({num(mine.mean_p)} against {num(other.mean_p)}), but the loss averages −ln p, "
                f"which punishes a single low probability far more. {losses_text}"
            ),
        )
    elif _smaller_wrong(mine, other):
        code, why = (
            "wrong_class_probabilities",
            (
                f"{name}'s wrong-class probabilities look smaller, but with one-hot "
                "targets only the probability of the true class enters the loss. " + losses_text
            ),
        )
    elif equal:
        code, why = (
            "equal_losses_missed",
            (f"Both mean losses are {num(mine.mean)} nats: the models tie."),
        )
    else:
        code, why = (
            "higher_loss_is_better",
            ("A higher cross-entropy means a worse fit, not a better one. " + losses_text),
        )
    return Option(f"model_{letter.lower()}", f"Model {letter}", why, code)


def _equal_option(a: _ModelStats, b: _ModelStats) -> Option:
    """Picking "equal" when the losses differ, and the likely reason."""
    gap = f"The mean losses differ: {num(a.mean)} nats for A, {num(b.mean)} for B."
    if a.correct == b.correct:
        code, why = (
            "same_accuracy",
            (
                f"Both models get {a.correct} images right by their top class, but cross-entropy "
                "looks at how much probability the true class gets. " + gap
            ),
        )
    elif abs(a.mean_p - b.mean_p) <= _TIE:
        code, why = (
            "same_mean_probability",
            (
                "The average true-class probability is the same, but the loss averages −ln p, "
                "not p. " + gap
            ),
        )
    else:
        code, why = (
            "equal_without_computing",
            (
                "The two models make different mistakes, and those do not cancel out by chance: "
                "compute each mean of −ln p before calling it a tie. " + gap
            ),
        )
    return Option("equal", "Neither: their losses are equal", why, code)


def _compare_scenario(params: dict[str, Any]) -> Scenario:
    classes, labels = params["classes"], params["labels"]
    a = _model_stats(params["pred_a"], labels)
    b = _model_stats(params["pred_b"], labels)
    n = len(labels)
    equal = abs(a.mean - b.mean) <= _TIE
    lines = " ".join(
        f"Image {i + 1} shows a {classes[t]}: model A predicts \\({format_vector(ra)}\\) and "
        f"model B \\({format_vector(rb)}\\)."
        for i, (t, ra, rb) in enumerate(
            zip(labels, params["pred_a"], params["pred_b"], strict=True)
        )
    )
    options = {
        "A": _loser_option("A", a, b, equal, n),
        "B": _loser_option("B", b, a, equal, n),
        "equal": _equal_option(a, b),
    }
    summary = f"Model A: {num(a.mean)} nats; model B: {num(b.mean)} nats."
    if equal:
        right = Option("equal", options["equal"].text, f"The mean losses are equal. {summary}")
    else:
        best = "A" if a.mean < b.mean else "B"
        right = Option(
            f"model_{best.lower()}",
            f"Model {best}",
            f"Model {best} has the lower mean cross-entropy. {summary}",
        )
        options.pop(best)
    table = {
        "rows": [
            {"image": i + 1, "label": classes[t], "a_p": pa, "a_loss": la, "b_p": pb, "b_loss": lb}
            for i, (t, pa, la, pb, lb) in enumerate(
                zip(labels, a.p_true, a.losses, b.p_true, b.losses, strict=True)
            )
        ],
        "a_mean": a.mean,
        "b_mean": b.mean,
        "a_correct": a.correct,
        "b_correct": b.correct,
        "images": n,
    }
    return Scenario(
        prompt=f"Two models classify the same {n} images; each prediction lists the "
        f"probabilities of [{', '.join(classes)}]. {lines} Which model has the lower mean "
        "categorical cross-entropy loss?",
        right=right,
        wrong=tuple(o for key, o in options.items() if o.id != right.id),
        hints=(
            "For each image, take −ln of the probability the model gives the true class.",
            "Average those per-image losses for each model and compare.",
        ),
        formulas=(
            "L = \\frac{1}{N} \\sum_{n} -\\ln q_{n, t_n}",
            f"L_A = {num(a.mean)}, \\quad L_B = {num(b.mean)}",
        ),
        table=table,
    )


def _require_rows(params: dict[str, Any], key: str, n: int, size: int | None) -> list[list[float]]:
    raw = params.get(key)
    if not isinstance(raw, list | tuple) or len(raw) != n:
        raise ParamsError(f"{key} must be a list of {n} probability rows, one per label")
    rows = [
        require_probability_vector({f"{key}[{i}]": row}, f"{key}[{i}]", size=size)
        for i, row in enumerate(raw)
    ]
    return rows


@register
class CompareModels(QuestionType):
    """Two models' predictions on a small batch: which has the lower cross-entropy?"""

    id = "compare_models"
    title = "Which model has the lower loss?"
    topic = "categorical"
    kind = "choice"
    family = "concepts"

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        side = side_stream(rng)
        size, n = _COMPARE_SIZES[difficulty]
        for _ in range(500):
            labels = [int(v) for v in side.integers(size, size=n)]
            styles = side.choice(_STYLES, size=2).tolist()  # each model its own confidence
            pred_a, pred_b = (
                _draw_rows(side, labels, size, _MISTAKES[difficulty], style) for style in styles
            )
            stats_a, stats_b = _pair_stats(pred_a, pred_b, labels)
            if difficulty < 3 and not _draw_ok(stats_a, stats_b, difficulty, n):
                # The article's lesson: the winner piles its wrong-class probability onto
                # one class, so the loser's wrong-class probabilities look smaller.
                if stats_a.mean < stats_b.mean:
                    pred_a = [_concentrate(row, t) for row, t in zip(pred_a, labels, strict=True)]
                else:
                    pred_b = [_concentrate(row, t) for row, t in zip(pred_b, labels, strict=True)]
                stats_a, stats_b = _pair_stats(pred_a, pred_b, labels)
            if _draw_ok(stats_a, stats_b, difficulty, n):
                break
        return {
            "classes": list(CLASS_NAMES[:size]),
            "labels": labels,
            "pred_a": pred_a,
            "pred_b": pred_b,
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        reject_unknown(params, {"classes", "labels", "pred_a", "pred_b"})
        labels = params.get("labels")
        if (
            not isinstance(labels, list | tuple)
            or not 1 <= len(labels) <= 8
            or any(isinstance(t, bool) or not isinstance(t, int) for t in labels)
        ):
            raise ParamsError("labels must be a list of 1 to 8 class indices (integers)")
        pred_a = _require_rows(params, "pred_a", len(labels), None)
        size = len(pred_a[0])
        pred_b = _require_rows(params, "pred_b", len(labels), size)
        if any(len(row) != size for row in pred_a):
            raise ParamsError(f"every row of pred_a must have {size} probabilities")
        classes = params.get("classes", list(CLASS_NAMES[:size]))
        if (
            not isinstance(classes, list | tuple)
            or len(classes) != size
            or not all(isinstance(c, str) and c.strip() for c in classes)
            or len(set(classes)) != size
        ):
            raise ParamsError(f"classes must be {size} distinct class names, one per column")
        for i, t in enumerate(labels):
            if not 0 <= t < size:
                raise ParamsError(f"labels[{i}] must be a class index from 0 to {size - 1}")
            for key, rows in (("pred_a", pred_a), ("pred_b", pred_b)):
                if rows[i][t] == 0:
                    raise ParamsError(
                        f"{key}[{i}] gives the true class probability 0, so its loss is "
                        "infinite; use a small positive probability"
                    )
        return {
            "classes": [str(c) for c in classes],
            "labels": [int(t) for t in labels],
            "pred_a": pred_a,
            "pred_b": pred_b,
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        # "Model A" must stay option A and "Model B" option B, or the letters would clash.
        order = ("model_a", "model_b", "equal")
        return assemble(self, _compare_scenario(params), rng, difficulty, order=order)
