"""How the loss −log p behaves: 0 at p = 1, unbounded as p → 0, steeper far from 1.

Each scenario is a short question about the curve −ln p whose options state numbers
computed with the loss engine.
"""

from __future__ import annotations

from quizapp.engine import losses
from quizapp.engine.numbers import format_vector
from quizapp.engine.questions._scenario import Option, Scenario, ScenarioQuestion, num, shown
from quizapp.engine.questions.base import register


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
    builders = {
        "at_one": _loss_at_one,
        "toward_zero": _loss_toward_zero,
        "zero_target": _zero_target_terms,
        "wasted_probability": _wasted_probability,
        "steeper": _steeper_far_away,
        "halving": _halving,
    }
