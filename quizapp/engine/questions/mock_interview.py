"""The five mock interview questions of the cross-entropy deep dive, as choice questions.

Every level asks from all five; difficulty only sets how many distractors are shown.
"""

from __future__ import annotations

from quizapp.engine import losses
from quizapp.engine.numbers import format_vector
from quizapp.engine.questions._scenario import (
    MOCK_PREDICTION,
    MOCK_TARGET,
    Option,
    Scenario,
    ScenarioQuestion,
    num,
    shown,
)
from quizapp.engine.questions.base import register


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
    builders = {
        "relationship": _mock_relationship,
        "where_used": _mock_where_used,
        "math_character": _mock_math_character,
        "compute_example": _mock_compute_example,
        "multi_label": _mock_multi_label,
    }
    banks = dict.fromkeys((1, 2, 3), tuple(builders))
