"""Explain in one minute: cross-entropy loss, entropy versus cross-entropy, why the log.

Each type lists the key points a good answer makes (what each is about and what a
sentence must say to make it), the false claims that sink an answer, and a model
answer; ``_explain`` says how difficulty and grading use them.
"""

from __future__ import annotations

from quizapp.engine.explaining import FalseClaim, claims, either, things, together
from quizapp.engine.questions._explain import (
    BOUNDED_LOSS,
    CONFIDENT_WRONG,
    GRADIENT_MEANINGS,
    LOG,
    LOG_WITHOUT_MINUS,
    LOSS_SHRINKS_WHEN_WRONG,
    ONE_HOT,
    PLAIN_DIFFERENCE,
    PROBABILITIES_NEED_NOT_SUM,
    PUNISHED_HARD,
    SOFTMAX,
    SOFTMAX_AFTER_LOSS,
    SYMMETRIC,
    THE_LOSS,
    UNBOUNDED,
    ExplainQuestion,
)
from quizapp.engine.questions.base import KeyPoint, register

TOWARDS_ZERO = claims(
    "to 0 | to zero | toward* 0 | toward* zero | near* 0 | near* zero | close to 0 |"
    " close to zero | approach* 0 | approach* zero | small | tiny | low | away | far | further |"
    " almost zero | almost 0 | nearly zero | nearly 0 | almost nothing | hardly any |"
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
                        "target* | label* | truth | groundtruth | encod* | y | p | answer* |"
                        " vector* | class*"
                    ),
                ),
                # "With one-hot targets it reduces to −log q of the true class."
                together(
                    ONE_HOT,
                    claims(
                        "only | just | solely | simply | reduc* | boil* down | simplif* | collaps*"
                    ),
                    LOG,
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
                        " feed* | use* | appl* | squash* | normalis* | normaliz* | last | final |"
                        " before | put* | precede* | in front"
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
    foil = PLAIN_DIFFERENCE
    subject = things("log | logarithm* | crossentropy | minus log | negative log")
    false_claims = (
        SYMMETRIC,
        BOUNDED_LOSS,
        LOG_WITHOUT_MINUS,
        LOSS_SHRINKS_WHEN_WRONG,
        PROBABILITIES_NEED_NOT_SUM,
        SOFTMAX_AFTER_LOSS,
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
