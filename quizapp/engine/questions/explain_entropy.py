"""Explain in one minute the difference between entropy and cross-entropy.

Its key points, false claims and model answer; ``_explain`` says how difficulty
and grading use them.
"""

from __future__ import annotations

from quizapp.engine.explaining import FalseClaim, claims, either, in_order, things, together
from quizapp.engine.questions._explain import (
    CROSS_ENTROPY,
    ENTROPY,
    KL,
    NEGATIVE_KL,
    ONE_HOT,
    SYMMETRIC,
    ExplainQuestion,
)
from quizapp.engine.questions.base import KeyPoint, register


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
            "what entropy measures",
            (
                in_order(
                    ENTROPY,
                    claims("averag* | expect* | mean | typical"),
                    claims("surpris* | information | bits | nats | uncertain* | log"),
                ),
                in_order(
                    ENTROPY,
                    claims(
                        "uncertain* | unpredictab* | random* | disorder | spread | how surpris* |"
                        " how much surpris* | p log p | information content | hard to predict |"
                        " impurity | surpris*"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "cross_entropy",
            "Cross-entropy scores the same true outcomes with a second, predicted distribution.",
            "what cross-entropy measures instead",
            (
                in_order(
                    CROSS_ENTROPY,
                    claims(
                        "predict* | belief* | guess* | estimat* | second distribution |"
                        " another distribution | other distribution | different distribution |"
                        " with q | under q | using q | use q | uses q | via q | by q |"
                        " q instead | model q | distribution q | predicted q | prediction q |"
                        " of q | against q | built for q | code for q | optimal for q |"
                        " optimised for q | q to |"
                        " log q | wrong distribution | our distribution | approximat* | assum* |"
                        " model distribution | model probabilit* | model predict* |"
                        " model belief* | model think* | model output* | model assign*"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "inequality",
            "Cross-entropy is never smaller than the entropy.",
            "which of the two is larger",
            (
                in_order(
                    things("crossentropy | it | loss"),
                    claims(
                        "at least | ≥ | greater | larger | bigger | higher | more than | above |"
                        " exceed* | ~smaller | ~less | ~lower | ~below | bounded below |"
                        " bounded from below | lower bounded"
                    ),
                    ENTROPY,
                ),
                in_order(
                    ENTROPY,
                    claims(
                        "≤ | lower bound | smaller | less | lower | below | ~greater | ~larger |"
                        " ~bigger | ~higher | ~exceed* | floor | minimum | lowest | smallest"
                    ),
                    things("crossentropy | it"),
                ),
                in_order(CROSS_ENTROPY, ENTROPY, claims("as a lower bound | as its lower bound")),
                together(
                    KL,
                    claims(
                        "~negative | nonnegative | at least 0 | at least zero | ≥ 0 | positive |"
                        " never below zero"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "equality",
            "The two are equal only when the prediction matches the true distribution.",
            "when the two are the same",
            (
                together(
                    claims("equal* | same | coincid* | match* | identical | ="),
                    claims(
                        "only when | only if | iff | if and only if | exactly when |"
                        " precisely when | when | if | whenever"
                    ),
                    claims(
                        "q = p | p = q | q equals p | p equals q | perfect* | exact* |"
                        " same distribution | same as the true | same as p | match* | identical |"
                        " correct* | agree* | q is p | p is q | equals the true |"
                        " equal to the true"
                    ),
                ),
                together(
                    claims("~equal* | ~same | ~coincid* | ~match*"),
                    claims("unless"),
                    claims(
                        "q = p | p = q | q equals p | p equals q | perfect* | match* |"
                        " identical | same"
                    ),
                ),
                together(
                    things("kl | divergence | gap | difference"),
                    claims("zero | 0 | vanish* | disappear*"),
                    claims("only when | only if | iff | exactly when | when | if"),
                    claims("q = p | p = q | perfect* | match* | identical | same"),
                ),
            ),
        ),
        KeyPoint(
            "kl",
            "The gap between them is the KL divergence.",
            "what separates them",
            (
                together(
                    KL,
                    claims(
                        "gap | differ* | minus | extra | excess | subtract* | = | + | plus |"
                        " overhead | between | penalty | additional | account* for | make* up |"
                        " left over | remainder"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "loss_minimum",
            "As a loss its minimum is the entropy of the target: 0 for one-hot targets, "
            "above 0 for soft targets such as label smoothing.",
            "the lowest loss a model can reach",
            (
                together(
                    claims(
                        "minimum | lowest | smallest | best possible | floor | optimum | best |"
                        " the least"
                    ),
                    ENTROPY,
                ),
                together(
                    ONE_HOT,
                    claims("zero | 0"),
                    things(
                        "loss | minimum | entropy | it | crossentropy | reach* | lowest | best |"
                        " perfect*"
                    ),
                ),
                together(
                    things(
                        "label smoothing | soft target* | soft label* | mixup | smoothed label* |"
                        " smoothed target* | smoothing"
                    ),
                    claims(
                        "above zero | above 0 | positive | ~zero | ~0 | nonzero |"
                        " greater than zero | bigger than zero | more than zero | ~reach* |"
                        " entropy | minimum | floor"
                    ),
                ),
            ),
        ),
    )
    false_claims = (
        SYMMETRIC,
        FalseClaim(
            "entropy_larger",
            "It is the other way round: cross-entropy is never smaller than the entropy.",
            (
                in_order(
                    ENTROPY,
                    claims(
                        "greater than | larger than | bigger than | higher than | more than |"
                        " at least as | ≥ | exceed* | above"
                    ),
                    CROSS_ENTROPY,
                    unless=claims(
                        "at least 0 | at least zero | ≥ 0 | than 0 | than zero | above 0 |"
                        " above zero"
                    ),
                ),
                in_order(
                    CROSS_ENTROPY,
                    claims(
                        "smaller than | less than | lower than | ≤ | fall* below | go* below |"
                        " drop* below | at most | no more than | no larger than | no bigger than"
                    ),
                    ENTROPY,
                ),
                in_order(
                    ENTROPY,
                    claims("~smaller than | ~less than | ~lower than | ~below"),
                    CROSS_ENTROPY,
                ),
                # "Entropy is always the larger of the two", with no cross-entropy to compare.
                in_order(
                    ENTROPY,
                    claims(
                        "the larger | the bigger | the greater | the higher | the largest |"
                        " the biggest | larger one | bigger one | higher one"
                    ),
                    unless=CROSS_ENTROPY,
                ),
                in_order(
                    CROSS_ENTROPY,
                    claims(
                        "the smaller | the lower | the lesser | the smallest | the lowest |"
                        " smaller one | lower one"
                    ),
                    unless=ENTROPY,
                ),
            ),
        ),
        FalseClaim(
            "cross_entropy_is_kl",
            "Cross-entropy is the entropy plus the KL divergence: the two are equal only when "
            "the target's entropy is 0 (a one-hot target), and cross-entropy is 0 only then.",
            (
                together(
                    CROSS_ENTROPY,
                    KL,
                    claims(
                        "same thing | the same | identical | equal* | equivalent* | another name"
                    ),
                    unless=either(
                        ENTROPY,
                        ONE_HOT,
                        claims(
                            "plus | + | minus | differ* | gap | hard label* | zero entropy |"
                            " deterministic | up to | constant | offset | shift* |"
                            " minimis* kl | minimiz* kl | minimis* divergence |"
                            " minimiz* divergence"
                        ),
                    ),
                    unless_in_sentence=True,
                ),
                together(
                    CROSS_ENTROPY,
                    claims("is zero | is 0 | becomes zero | becomes 0 | equals zero | equals 0"),
                    claims(
                        "q = p | p = q | q equals p | p equals q | q matches p | matches the true |"
                        " same distribution | same as p | identical"
                    ),
                    unless=either(ENTROPY, ONE_HOT, KL, claims("hard label* | deterministic")),
                ),
            ),
        ),
        NEGATIVE_KL,
        FalseClaim(
            "entropy_minus_kl",
            "Cross-entropy is the entropy plus the KL divergence, never minus it: the KL "
            "divergence is cross-entropy minus entropy.",
            (
                together(
                    claims(
                        "entropy minus kl | entropy minus divergence | entropy minus crossentropy |"
                        " crossentropy plus kl | crossentropy plus entropy | entropy plus"
                        " crossentropy"
                    ),
                ),
            ),
        ),
        FalseClaim(
            "entropy_of_q",
            "Cross-entropy is not the entropy of q: it averages −log q over outcomes drawn "
            "from the true p.",
            (
                in_order(
                    CROSS_ENTROPY,
                    claims(
                        "entropy of the predict* | entropy of q | entropy of the model* |"
                        " entropy of our predict* | entropy of the output*"
                    ),
                    one_clause=True,
                ),
            ),
        ),
        FalseClaim(
            "negative_entropy",
            "The entropy of a discrete distribution is never negative; it is 0 when one "
            "outcome is certain.",
            (
                together(
                    ENTROPY,
                    claims(
                        "can be negative | be negative | is negative | become* negative |"
                        " go* negative | negative value*"
                    ),
                    unless=claims("differential | continuous | density | log | kl | divergence"),
                    one_clause=True,
                ),
            ),
        ),
        FalseClaim(
            "zero_whatever_predicted",
            "With a one-hot target the entropy is 0, but the cross-entropy is −log q of the "
            "true class: 0 only for a perfect prediction.",
            (
                together(
                    CROSS_ENTROPY,
                    claims("zero | 0"),
                    claims(
                        "whatever | regardless | no matter | any prediction | whatever the model"
                    ),
                ),
            ),
        ),
        FalseClaim(
            "certain_has_most_entropy",
            "Entropy is 0 when one outcome is certain (a one-hot distribution) and largest, "
            "log K, for the uniform distribution.",
            (
                in_order(
                    things(
                        "onehot | one outcome is certain | certain outcome | deterministic |"
                        " degenerate | peaked"
                    ),
                    claims(
                        "largest entropy | highest entropy | maximum entropy | maximal entropy |"
                        " most entropy | largest | highest | maximal | maximum | most uncertain"
                    ),
                    one_clause=True,
                ),
                in_order(
                    ENTROPY,
                    claims("highest | largest | maximal | maximum | greatest | biggest"),
                    claims(
                        "one outcome is certain | certain | onehot | deterministic | peaked |"
                        " concentrated"
                    ),
                    unless=claims(
                        "uniform | spread | equally likely | zero | 0 | lowest | minimum | least"
                    ),
                    one_clause=True,
                ),
                together(
                    things("uniform"),
                    claims(
                        "zero entropy | entropy of zero | entropy is zero | no entropy |"
                        " lowest entropy | minimum entropy | entropy is 0 | has zero | has 0 |"
                        " is zero | is 0 | lowest | minimal"
                    ),
                    unless=claims("onehot | certain | deterministic | kl | divergence | gap"),
                    one_clause=True,
                ),
            ),
        ),
        FalseClaim(
            "entropy_compares",
            "Entropy describes one distribution; it is cross-entropy that brings in a second.",
            (
                in_order(
                    ENTROPY,
                    claims("compar* | two distribution* | between two | difference between"),
                    unless=things("crossentropy | kl | divergence"),
                ),
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
