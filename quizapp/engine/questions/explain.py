"""Explain in one minute: cross-entropy loss, entropy versus cross-entropy, why the log.

Each type lists the key points a good answer makes (what each is about and what a
sentence must say to make it), the false claims that sink an answer, and a model
answer; ``_explain`` says how difficulty and grading use them.
"""

from __future__ import annotations

from quizapp.engine.explaining import FalseClaim, claims, either, in_order, things, together
from quizapp.engine.questions._explain import (
    BOUNDED_LOSS,
    CONFIDENT_WRONG,
    CROSS_ENTROPY,
    ENTROPY,
    GRADIENT_MEANINGS,
    KL,
    LOG,
    ONE_HOT,
    PUNISHED_HARD,
    SOFTMAX,
    SYMMETRIC,
    THE_LOSS,
    UNBOUNDED,
    ExplainQuestion,
)
from quizapp.engine.questions.base import KeyPoint, register

TOWARDS_ZERO = claims(
    "to 0 | to zero | toward* 0 | toward* zero | near* 0 | near* zero | close to 0 |"
    " close to zero | approach* 0 | approach* zero | small | tiny | low | away | far | further |"
    " farther | wrong | mistake* | error* | off"
)
TRUE_CLASS = things(
    "true class | correct class | right class | true label | correct label | actual class |"
    " target class | hot class | true category | correct category | real class |"
    " groundtruth class | ground truth class | correct answer | right answer"
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
            "where it is used",
            (
                together(
                    things(
                        "classif* | multiclass | categoris* | categoriz* | which class |"
                        " one class out of | one of several classes | one of many classes |"
                        " many classes | multiple classes | several classes |"
                        " more than two classes"
                    ),
                    claims(
                        "for | in | use* | standard | default | common* | popular | wide* |"
                        " typical* | usual* | main* | go to | de facto | defacto | appl* |"
                        " train* | choice | chosen | problem* | task* | when | where | pick* |"
                        " predict*"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "two_distributions",
            "It compares two probability distributions: the prediction and the target.",
            "what it compares",
            (
                together(
                    things("distribution* | probability vector* | probabilities | probability"),
                    claims(
                        "compar* | between | against | measur* | distance | how far | how close |"
                        " how different | how well | differ* | mismatch* | match* | versus |"
                        " relative to | score* | quantif* | gap"
                    ),
                    either(
                        things("predict* | model* | output* | estimat* | guess* | q"),
                        things(
                            "target* | true | truth | label* | actual | real | groundtruth |"
                            " onehot | p | y | correct"
                        ),
                    ),
                    unless=claims("between 0 | between zero"),
                ),
                together(
                    things(
                        "two distribution* | two probability | two vectors |"
                        " pair of distribution* | two probability vector*"
                    ),
                    claims("compar* | between | measur* | of | for | take* | on | given"),
                ),
            ),
        ),
        KeyPoint(
            "log_penalty",
            "It takes minus the log of the predicted probability, so the penalty grows "
            "sharply, without bound, as the prediction moves away from the target.",
            "what the logarithm does as the prediction gets worse",
            (
                together(
                    LOG,
                    either(
                        UNBOUNDED,
                        PUNISHED_HARD,
                        claims("grow* | increas* | rise* | big* | larg* | high* | fast*"),
                    ),
                ),
                together(THE_LOSS, UNBOUNDED, TOWARDS_ZERO),
                together(CONFIDENT_WRONG, PUNISHED_HARD),
            ),
        ),
        KeyPoint(
            "one_hot",
            "The target is usually one-hot, so only the probability of the true class counts.",
            "what the target usually looks like",
            (
                together(
                    ONE_HOT,
                    things(
                        "target* | label* | truth | groundtruth | encod* | y | answer* |"
                        " vector* | class*"
                    ),
                ),
                together(
                    claims("only | just | solely | simply | single | alone"),
                    TRUE_CLASS,
                    claims(
                        "count* | matter* | contribut* | depend* | care* | relevant | surviv* |"
                        " remain* | left | pick* | select* | use* | look* | enter* | term |"
                        " affect* | take* | probability | log"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "softmax",
            "It is normally paired with a softmax output layer.",
            "the activation that usually comes before it",
            (
                together(
                    SOFTMAX,
                    claims(
                        "pair* | with | combin* | together | after | follow* | on top | output* |"
                        " layer* | activation* | come* from | produc* | give* | turn* | convert* |"
                        " feed* | use* | appl* | squash* | normalis* | normaliz* | last | final"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "gradient",
            "With softmax its gradient is simply the prediction minus the target, which "
            "keeps training smooth.",
            "what training sees of it",
            GRADIENT_MEANINGS,
        ),
    )
    false_claims = (
        SYMMETRIC,
        BOUNDED_LOSS,
        FalseClaim(
            "regression",
            "Cross-entropy is a loss for classification; regression usually uses squared error.",
            (
                together(
                    things("crossentropy | loss | it"),
                    claims("regression"),
                    claims(
                        "for | use* | standard | default | common* | design* | main* | most* |"
                        " typical*"
                    ),
                    unless=claims("unlike | instead | rather | whereas | squared | mse"),
                ),
            ),
        ),
        FalseClaim(
            "negative_loss",
            "Cross-entropy of a one-hot or any discrete target is never negative: "
            "−log p ≥ 0 for every probability p.",
            (
                together(
                    things("crossentropy | loss"),
                    claims(
                        "can be negative | be negative | is negative | are negative |"
                        " become* negative | go* negative | negative value*"
                    ),
                    unless=things("log | likelihood"),
                ),
            ),
        ),
        FalseClaim(
            "wrong_classes_count",
            "With a one-hot target only the true class's probability enters the loss.",
            (
                together(
                    claims("only | just"),
                    things("wrong class* | incorrect class* | other classes | false class*"),
                    claims("count* | matter* | contribut*"),
                    unless=claims("softmax | normalis* | normaliz* | through | indirect*"),
                ),
            ),
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
                        " another distribution | other distribution | different distribution | q |"
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
                        " least"
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
                    things("label smoothing | soft target* | soft label* | mixup | smooth*"),
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
            ),
        ),
        FalseClaim(
            "negative_kl",
            "The KL divergence is never negative; that is why cross-entropy is at least the "
            "entropy.",
            (
                together(
                    KL,
                    claims(
                        "can be negative | be negative | is negative | become* negative |"
                        " go* negative | negative value*"
                    ),
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
