"""Explain in one minute which loss a task needs: multi-label, binary versus categorical.

Each type lists the key points a good answer makes, the phrasings that count for each,
and a model answer; ``_explain`` says how difficulty and grading use them.
"""

from __future__ import annotations

from quizapp.engine.questions._explain import (
    MULTI_CLASS,
    MULTI_LABEL,
    ONE_HOT,
    ONE_MINUS_Q,
    SOFTMAX,
    ExplainQuestion,
    forms,
)
from quizapp.engine.questions.base import KeyPoint, register


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
