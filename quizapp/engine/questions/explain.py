""" "Explain it in one minute" questions, checked against the key points of a good answer.

Interviewers often ask for a concept in a minute to see whether it is understood.
Each type lists the points a good answer makes, each with the phrasings that
count for it. Grading lower-cases the answer, turns punctuation other than
hyphens, plus and minus signs into spaces and looks for each phrasing as whole
words (see ``grading._normalise``), so phrasings list the usual spellings:
"one-hot", "one hot" and "onehot" are three different phrasings.

Difficulty sets how many key points are asked for: 4 when easy (the prompt names
what to cover), 5 at medium, all 6 when hard.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from quizapp.engine.questions.base import (
    KeyPoint,
    ParamsError,
    Question,
    QuestionType,
    register,
)

POINTS_BY_DIFFICULTY = {1: 4, 2: 5, 3: 6}


def forms(*phrases: str) -> tuple[str, ...]:
    """Each phrase as written, with its hyphens read as spaces and with them dropped."""
    out: list[str] = []
    for phrase in phrases:
        for variant in (phrase, phrase.replace("-", " "), phrase.replace("-", "")):
            if variant not in out:
                out.append(variant)
    return tuple(out)


ONE_HOT = forms("one-hot")
SOFTMAX = forms("soft-max")
MULTI_CLASS = forms("multi-class", "multi-category")
MULTI_LABEL = forms("multi-label", "multi-labels")
ONE_MINUS_Q = ("1 - q", "1-q", "1 − q", "1−q", "1 - p", "1-p", "1 − p", "1−p", "one minus")
GRADIENT = ("gradient", "gradients", "derivative", "derivatives")


class ExplainQuestion(QuestionType):
    """An "explain it in one minute" question: key points, a model answer, no numbers."""

    kind = "explain"
    family = "explain"
    concept: ClassVar[str]  # what to explain, as the prompt says it
    points: ClassVar[tuple[KeyPoint, ...]]  # the most important first
    model_answer: ClassVar[str]
    hints: ClassVar[tuple[str, ...]]

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return {}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        if params:
            raise ParamsError(
                f"{self.id} takes no params (difficulty sets the key points); "
                f"got {', '.join(sorted(map(str, params)))}"
            )
        return {}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        points = list(self.points[: POINTS_BY_DIFFICULTY[difficulty]])
        prompt = f"Explain {self.concept} in about one minute, as you would in an interview."
        if difficulty == 1:
            covered = "; ".join(p.text[0].lower() + p.text[1:].rstrip(".") for p in points)
            prompt += f" A good answer says: {covered}."
        return self.question(
            prompt=prompt,
            answer=None,
            answer_format="text",
            key_points=points,
            model_answer=self.model_answer,
            hints=list(self.hints),
            explanation={
                "key_points": [{"id": p.id, "text": p.text} for p in points],
                "model_answer": self.model_answer,
            },
        )


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
class ExplainMultilabel(ExplainQuestion):
    """Multi-label classification: one binary cross-entropy per label, summed."""

    id = "explain_multilabel"
    title = "Explain the multi-label cross-entropy loss in one minute"
    topic = "multilabel"
    concept = "how the cross-entropy loss works for multi-label classification"
    points = (
        KeyPoint(
            "binary_per_label",
            "Each label is its own binary, yes-or-no problem.",
            (
                "binary",
                "yes or no",
                "yes no",
                "independent",
                "independently",
                "separate",
                "separately",
                "each label",
                "per label",
                "every label",
                "each class",
                "per class",
            ),
        ),
        KeyPoint(
            "sigmoid",
            "Each label gets its own sigmoid output.",
            ("sigmoid", "sigmoids", "logistic"),
        ),
        KeyPoint(
            "sum",
            "The per-label binary cross-entropies are summed for each example.",
            ("sum", "sums", "summed", "summing", "add", "adds", "added", "adding", "total"),
        ),
        KeyPoint(
            "many_labels",
            "The target may switch on several labels or none, so it is not a probability vector.",
            (
                *forms("multi-hot"),
                "several labels",
                "several classes",
                "more than one",
                "multiple labels",
                "multiple classes",
                "none of",
                "no labels",
                "not a probability",
                "do not sum",
                "does not sum",
                "need not sum",
                "don t sum",
                "doesn t sum",
            ),
        ),
        KeyPoint(
            "vs_softmax",
            "Single-label problems use one softmax with categorical cross-entropy instead, "
            "where the classes compete.",
            (
                *SOFTMAX,
                "compete",
                "competing",
                "mutually exclusive",
                "exactly one",
                "only one class",
                *forms("single-label"),
            ),
        ),
        KeyPoint(
            "absent_labels",
            "Absent labels count too, through the log of one minus their predicted probability.",
            (
                *ONE_MINUS_Q,
                "absent",
                "not present",
                "negative labels",
                "target is 0",
                "target is zero",
                "label is 0",
            ),
        ),
    )
    model_answer = (
        "In multi-label classification each label is its own binary yes or no question, so "
        "the network has one sigmoid output per label. For every label we compute the binary "
        "cross-entropy, including the labels that are absent, which cost minus the log of one "
        "minus the predicted probability, and we sum these losses to get the loss of the "
        "example. The target can have several labels switched on, or none, so it is not a "
        "probability vector. In a multi-class single-label problem we would instead use one "
        "softmax with categorical cross-entropy, because the classes compete and exactly one "
        "is true."
    )
    hints = (
        "Think of each label as its own panda-or-not question.",
        "How are the per-label losses combined, and what activation gives each probability?",
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


@register
class ExplainBinaryVsCategorical(ExplainQuestion):
    """Binary versus categorical cross-entropy: targets, activations and how they relate."""

    id = "explain_binary_vs_categorical"
    title = "Explain binary versus categorical cross-entropy in one minute"
    topic = "binary"
    concept = "the difference between binary and categorical cross-entropy"
    points = (
        KeyPoint(
            "binary_target",
            "Binary cross-entropy is for two outcomes: the target is 0 or 1 and the model "
            "gives one probability.",
            (
                "0 or 1",
                "zero or one",
                "two classes",
                "two outcomes",
                "two possible",
                "yes or no",
                "single probability",
                "one probability",
                "one output",
                "single output",
            ),
        ),
        KeyPoint(
            "sigmoid",
            "That probability usually comes from a sigmoid.",
            ("sigmoid", "sigmoids", "logistic"),
        ),
        KeyPoint(
            "categorical",
            "Categorical cross-entropy picks one class out of many, with a softmax output and "
            "a one-hot target.",
            (
                *SOFTMAX,
                *ONE_HOT,
                "many classes",
                "several classes",
                "multiple classes",
                "more than two",
                *MULTI_CLASS,
            ),
        ),
        KeyPoint(
            "formula",
            "Binary cross-entropy has a term for each outcome: −[y log q + (1 − y) log(1 − q)].",
            (
                "1 - y",
                "1-y",
                "1 − y",
                "1−y",
                *ONE_MINUS_Q,
                "both terms",
                "two terms",
                "both outcomes",
            ),
        ),
        KeyPoint(
            "equivalence",
            "It is the two-class special case of categorical cross-entropy: the vector "
            "[q, 1 − q] against a one-hot target gives the same loss.",
            (
                "special case",
                "same as",
                "same loss",
                "equivalent",
                "equivalently",
                "identical",
                "reduces to",
                *forms("two-class", "2-class"),
            ),
        ),
        KeyPoint(
            "multilabel",
            "One binary cross-entropy per label is also how multi-label problems are trained.",
            (*MULTI_LABEL, "multiple labels", "each label", "per label", "every label"),
        ),
    )
    model_answer = (
        "Binary cross-entropy is for problems with two outcomes: the target is 0 or 1 and the "
        "model gives one probability q, usually from a sigmoid. Its formula is minus y log q "
        "minus one minus y times the log of one minus q, so both outcomes have a term. "
        "Categorical cross-entropy handles one class out of many classes, with a softmax "
        "output and a one-hot target. Binary cross-entropy is the special case with two "
        "classes: the vector q and one minus q against a one-hot target gives the same loss. "
        "Applied to each label separately, binary cross-entropy is also the basis of "
        "multi-label classification."
    )
    hints = (
        "Compare the targets, the outputs and the activations of the two losses.",
        "What happens if you write a binary prediction q as the vector [q, 1 − q]?",
    )
