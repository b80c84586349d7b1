"""Explain in one minute: cross-entropy loss, entropy versus cross-entropy, why the log.

Each type lists the key points a good answer makes, the phrasings that count for each,
and a model answer; ``_explain`` says how difficulty and grading use them.
"""

from __future__ import annotations

from quizapp.engine.questions._explain import (
    GRADIENT,
    MULTI_CLASS,
    ONE_HOT,
    SOFTMAX,
    ExplainQuestion,
)
from quizapp.engine.questions.base import KeyPoint, register


@register
class ExplainCrossEntropyLoss(ExplainQuestion):
    """The one-minute pitch: what cross-entropy loss is, what it compares, why the log."""

    id = "explain_cross_entropy_loss"
    title = "Explain cross-entropy loss in one minute"
    topic = "concepts"
    concept = "the cross-entropy loss"
    points = (
        KeyPoint(
            "classification",
            "It is the standard loss for classification, above all with many classes.",
            (
                "classification",
                "classifications",
                "classifier",
                "classifiers",
                "classify",
                "classifying",
                "categories",
                "which class",
                *MULTI_CLASS,
            ),
        ),
        KeyPoint(
            "two_distributions",
            "It compares two probability distributions: the prediction and the target.",
            (
                "two probability",
                "two distributions",
                "probability vector",
                "probability vectors",
                "probability distribution",
                "probability distributions",
                "predicted distribution",
                "predicted probabilities",
                "predicted probability",
                "target distribution",
                "true distribution",
                "compares the prediction",
                "compares the predicted",
            ),
        ),
        KeyPoint(
            "log_penalty",
            "It takes minus the log of the predicted probability, so the penalty grows "
            "sharply, without bound, as the prediction moves away from the target.",
            (
                "log",
                "logs",
                "logarithm",
                "logarithmic",
                "-log",
                "−log",
                "ln",
                "infinity",
                "infinite",
                "unbounded",
                "without bound",
                "grows sharply",
                "confident mistake",
                "confident mistakes",
                "confidently wrong",
            ),
        ),
        KeyPoint(
            "one_hot",
            "The target is usually one-hot, so only the probability of the true class counts.",
            (
                *ONE_HOT,
                "true class",
                "correct class",
                "right class",
                "true label",
                "correct label",
                "only the probability",
            ),
        ),
        KeyPoint(
            "softmax",
            "It is normally paired with a softmax output layer.",
            SOFTMAX,
        ),
        KeyPoint(
            "gradient",
            "With softmax its gradient is simply the prediction minus the target, which "
            "keeps training smooth.",
            (*GRADIENT, "prediction minus target", "prediction minus the target"),
        ),
    )
    model_answer = (
        "Cross-entropy loss is the standard loss for multi-class classification. It measures "
        "the cross-entropy between two probability distributions, the predicted probabilities "
        "and the target, which is usually a one-hot vector, so only the probability given to "
        "the true class counts. The loss is minus the log of that probability: it is zero for "
        "a perfect prediction and grows without bound as the prediction moves away from the "
        "target, so confident mistakes are punished hard. It is normally used with a softmax "
        "output layer, and together they give the simple gradient prediction minus target, "
        "which keeps training smooth."
    )
    hints = (
        "Say where it is used, what two things it compares and what the log does to mistakes.",
        "Mention the usual form of the target and the activation it is paired with.",
    )


@register
class ExplainEntropyVsCrossEntropy(ExplainQuestion):
    """Entropy versus cross-entropy: what each averages and how they relate."""

    id = "explain_entropy_vs_cross_entropy"
    title = "Explain entropy versus cross-entropy in one minute"
    topic = "cross_entropy"
    concept = "the difference between entropy and cross-entropy"
    points = (
        KeyPoint(
            "entropy",
            "Entropy is the average surprisal of outcomes drawn from the true distribution.",
            (
                "average surprisal",
                "expected surprisal",
                "mean surprisal",
                "average surprise",
                "expected surprise",
                "average information",
                "expected information",
                "uncertainty",
                "uncertain",
                "unpredictable",
                "p log p",
            ),
        ),
        KeyPoint(
            "cross_entropy",
            "Cross-entropy scores the same true outcomes with a second, predicted distribution.",
            (
                "predicted distribution",
                "predicted probabilities",
                "prediction",
                "predictions",
                "another distribution",
                "second distribution",
                "different distribution",
                "belief",
                "beliefs",
                "model distribution",
                "estimated distribution",
                "p log q",
                "log q",
            ),
        ),
        KeyPoint(
            "inequality",
            "Cross-entropy is never smaller than the entropy.",
            (
                "at least",
                "never smaller",
                "never less",
                "never lower",
                "never below",
                "greater than or equal",
                "bigger than or equal",
                "larger than or equal",
                "always bigger",
                "always larger",
                "always greater",
                "always higher",
                "lower bound",
            ),
        ),
        KeyPoint(
            "equality",
            "The two are equal only when the prediction matches the true distribution.",
            (
                "only when",
                "only if",
                "if and only if",
                "iff",
                "equal when",
                "perfect prediction",
                "predict perfectly",
                "predicts perfectly",
                "q = p",
                "p = q",
                "q equals p",
                "p equals q",
            ),
        ),
        KeyPoint(
            "kl",
            "The gap between them is the KL divergence.",
            ("kl", "kullback", "divergence", "relative entropy"),
        ),
        KeyPoint(
            "loss_minimum",
            "As a loss its minimum is the entropy of the target: 0 for one-hot targets, "
            "above 0 for soft targets such as label smoothing.",
            (
                *ONE_HOT,
                "label smoothing",
                "soft target",
                "soft targets",
                "minimum",
                "minimum loss",
                "smallest loss",
                "lowest possible",
            ),
        ),
    )
    model_answer = (
        "Entropy is the expected surprisal of outcomes drawn from the true distribution p, a "
        "measure of how uncertain the outcome is. Cross-entropy takes the same true outcomes "
        "but measures their surprisal with a predicted distribution q, the belief of the "
        "model. Cross-entropy is always greater than or equal to the entropy, and the two are "
        "equal only when q equals p. The gap is the KL divergence, so when we train with "
        "cross-entropy the minimum loss is the entropy of the target, which is zero for a "
        "one-hot label and above zero with label smoothing."
    )
    hints = (
        "Both are averages of surprisal over the true outcomes; what differs is the "
        "distribution inside the log.",
        "Which one is larger, and when are they equal?",
    )


@register
class ExplainWhyLog(ExplainQuestion):
    """Why the loss uses a logarithm rather than a plain difference."""

    id = "explain_why_log"
    title = "Explain why cross-entropy uses a logarithm, in one minute"
    topic = "concepts"
    concept = "why the cross-entropy loss takes the logarithm of the predicted probability"
    points = (
        KeyPoint(
            "zero_at_target",
            "A perfect prediction costs nothing, since the log of 1 is 0.",
            (
                "zero",
                "is 0",
                "log 1",
                "ln 1",
                "log of 1",
                "costs nothing",
                "no loss",
                "no penalty",
                "perfect prediction",
            ),
        ),
        KeyPoint(
            "unbounded",
            "As the probability of the true class goes to 0, the loss grows without bound.",
            (
                "infinity",
                "infinite",
                "infinitely",
                "unbounded",
                "without bound",
                "without limit",
                "no upper bound",
                "no upper limit",
                "no ceiling",
                "blows up",
                "explodes",
            ),
        ),
        KeyPoint(
            "confident_mistakes",
            "Confident mistakes cost far more than small ones: the curve is steeper the "
            "further the prediction is from the target.",
            (
                "confident",
                "confidently",
                "steeper",
                "steep",
                "sharply",
                "much more",
                "far more",
                "a lot more",
                "big mistakes",
                "bigger mistakes",
                "large mistakes",
            ),
        ),
        KeyPoint(
            "vs_difference",
            "A plain difference such as 1 − p stays between 0 and 1 and would punish "
            "confident mistakes only weakly.",
            (
                "difference",
                "absolute error",
                "bounded",
                "between 0 and 1",
                "between zero and one",
                "at most 1",
                "at most one",
                "squared error",
                "square error",
                "mse",
                "linear",
                "1 - p",
                "1-p",
                "1 − p",
                "1−p",
            ),
        ),
        KeyPoint(
            "gradient",
            "With softmax the gradient is the prediction minus the target, which keeps "
            "training smooth.",
            GRADIENT,
        ),
        KeyPoint(
            "likelihood",
            "The log turns the product of probabilities over a dataset into a sum, so "
            "minimising cross-entropy maximises the likelihood.",
            (
                "likelihood",
                "product",
                "products",
                "surprisal",
                "information theory",
            ),
        ),
    )
    model_answer = (
        "The log makes the loss zero for a perfect prediction, since log 1 is 0, and lets it "
        "grow without bound as the probability of the true class falls towards 0. The curve is "
        "steeper the further we are from the target, so confident mistakes are punished far "
        "more than near misses. A plain difference like 1 minus p stays between 0 and 1 and "
        "would barely notice a confident mistake. With softmax the log also gives the simple "
        "gradient prediction minus target, and it turns the product of probabilities over a "
        "dataset into a sum, so minimising cross-entropy is maximum likelihood."
    )
    hints = (
        "Picture −ln p for p between 0 and 1: where is it 0, where does it blow up?",
        "Compare it with the plain difference 1 − p for a confident mistake.",
    )
