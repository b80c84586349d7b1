"""Explain in one minute why cross-entropy takes the logarithm of the predicted probability.

Its key points, false claims and model answer; ``_explain`` says how difficulty
and grading use them.
"""

from __future__ import annotations

from quizapp.engine.explaining import FalseClaim, claims, either, in_order, things, together
from quizapp.engine.questions._explain import (
    BOUNDED_LOSS,
    CONFIDENT_WRONG,
    DIFFERENCE,
    GRADIENT_MEANINGS,
    LOG_WITHOUT_MINUS,
    LOSS_SHRINKS_WHEN_WRONG,
    NOTHING,
    PERFECT,
    PLAIN_DIFFERENCE,
    PUNISHED_HARD,
    SUM_INTO_PRODUCT,
    THE_LOSS,
    UNBOUNDED,
    ExplainQuestion,
)
from quizapp.engine.questions.base import KeyPoint, register

HARSHER = claims(
    "even more | more harsh* | harsher | more heav* | heavier | more sever* | more strongly |"
    " stronger | harder | more steep* | steeper"
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
            "what it costs to be exactly right",
            (
                together(
                    things("log 1 | log of 1 | log of one | log one"),
                    claims("0 | zero | nothing | vanish*"),
                ),
                together(PERFECT, NOTHING),
            ),
        ),
        KeyPoint(
            "unbounded",
            "As the probability of the true class goes to 0, the loss grows without bound.",
            "what happens as the probability of the true class falls",
            (
                together(
                    UNBOUNDED,
                    either(THE_LOSS, things("function | crossentropy | logarithm*")),
                ),
            ),
        ),
        KeyPoint(
            "confident_mistakes",
            "Confident mistakes cost far more than small ones: the curve is steeper the "
            "further the prediction is from the target.",
            "how mistakes of different sizes compare",
            (
                together(CONFIDENT_WRONG, PUNISHED_HARD),
                together(
                    claims("steep*"),
                    claims(
                        "further | farther | far | away | distance | wrong | mistake* | error* |"
                        " 0 | zero | approach* | small probabilit* | low probabilit*"
                    ),
                ),
                together(
                    claims(
                        "big mistake* | large mistake* | bigger mistake* | large error* |"
                        " big error* | bigger error*"
                    ),
                    claims("more | punish* | penalis* | penaliz* | cost* | than small | than near"),
                ),
            ),
        ),
        KeyPoint(
            "vs_difference",
            "A plain difference such as 1 − p stays between 0 and 1 and would punish "
            "confident mistakes only weakly.",
            "what a plain difference would do instead",
            (
                together(
                    DIFFERENCE,
                    claims(
                        "bounded | between 0 and 1 | between zero and one | at most 1 |"
                        " at most one | only 1 | cap* | limit* | max* 1 | max* of 1 | maximum 1 |"
                        " no more than 1 | ~exceed* | ~more than 1 | weak* | barely | small |"
                        " gentl* | mild* | hardly | flat | ~enough | ~steep* | limiting |"
                        " ~distinguish* | little | ~grow* | ~punish* | ~penalis* | ~penaliz* |"
                        " less | saturat* | tiny | modest | ~blow* up | ~explod*"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "gradient",
            "With softmax the gradient is the prediction minus the target, which keeps "
            "training smooth.",
            "what it does for training",
            GRADIENT_MEANINGS,
        ),
        KeyPoint(
            "likelihood",
            "The log turns the product of probabilities over a dataset into a sum, so "
            "minimising cross-entropy maximises the likelihood.",
            "where the log comes from in statistics",
            (
                together(claims("product* | multipl*"), claims("sum* | add* | addition")),
                together(
                    things("likelihood | mle"),
                    claims(
                        "maxim* | minim* | equivalent* | same as | = | correspond* | amount* to |"
                        " negative | minus | log"
                    ),
                ),
                together(
                    things(
                        "information theory | surprisal | bits | information content |"
                        " code length | coding"
                    ),
                    claims("log | measur* | defin* | come* from | give* | natural | mean*"),
                ),
            ),
        ),
    )
    foil = PLAIN_DIFFERENCE
    subject = things("log | logarithm* | crossentropy | minus log | negative log")
    false_claims = (
        BOUNDED_LOSS,
        LOG_WITHOUT_MINUS,
        LOSS_SHRINKS_WHEN_WRONG,
        SUM_INTO_PRODUCT,
        FalseClaim(
            "log_one",
            "The log of 1 is 0, so a perfect prediction costs nothing.",
            (together(claims("log 1 = 1 | log of 1 is 1 | log 1 is 1 | log of one is one")),),
        ),
        FalseClaim(
            "confident_cheap",
            "The log does the opposite: confident mistakes cost far more than small ones.",
            (
                in_order(
                    CONFIDENT_WRONG,
                    claims(
                        "punish* less | penalis* less | penaliz* less | cost* less | less heavily |"
                        " less harshly | less severely | lighter | lightly | mild* | gentl* |"
                        " lenient* | softer | barely | less than small | cheap* | ~punish* |"
                        " ~penalis* | ~penaliz* | ~cost*"
                    ),
                    unless=either(DIFFERENCE, claims("would | than the log | mse")),
                    topic=(DIFFERENCE, things("log | logarithm* | crossentropy")),
                ),
            ),
        ),
        FalseClaim(
            "difference_harsher",
            "The other way round: a plain difference such as 1 − p is at most 1, so it punishes "
            "confident mistakes far less than the log does.",
            (
                in_order(
                    DIFFERENCE,
                    HARSHER,
                    unless=things("log | logarithm* | crossentropy | minus log"),
                ),
                in_order(
                    DIFFERENCE,
                    HARSHER,
                    things("than the log | than log | than the logarithm | than crossentropy"),
                ),
            ),
        ),
        FalseClaim(
            "difference_unbounded",
            "A plain difference such as 1 − p can never exceed 1; it is the log that is unbounded.",
            (together(DIFFERENCE, UNBOUNDED, unless=things("log | logarithm* | crossentropy")),),
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
