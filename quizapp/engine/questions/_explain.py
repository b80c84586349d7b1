""" "Explain it in one minute" questions, checked for the meaning of each key point.

Interviewers often ask for a concept in a minute to see whether it is understood.
Each type lists the points a good answer makes; each point says what it is
about (its aspect) and what a sentence must say to make it, as terms from
``quizapp.engine.explaining``: the thing ("the log") with what is claimed of it
("grows without bound"), in one sentence. Types also list false claims that
make an answer wrong whatever else it says.

Difficulty sets how many key points are asked for: 4 when easy (the prompt names
the aspects to cover, not what to say about them), 5 at medium, all 6 when hard.

This module holds what the types share: the base class and the words that several
types use. The types live in ``explain`` (cross-entropy loss), ``explain_entropy``
(entropy versus cross-entropy), ``explain_log`` (why the log) and ``explain_tasks``
(multi-label, binary versus categorical).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from quizapp.engine.explaining import FalseClaim, claims, either, things, together
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions.base import KeyPoint, ParamsError, Question, QuestionType

POINTS_BY_DIFFICULTY = {1: 4, 2: 5, 3: 6}

# Things several types talk about.
CROSS_ENTROPY = things("crossentropy")
ENTROPY = things("entropy")
LOG = things("log | logarithm* | minus log | negative log")
SOFTMAX = things("softmax")
SIGMOID = things("sigmoid* | logistic function | logistic activation | logistic output*")
GRADIENT = things("gradient* | derivative* | grad")
ONE_HOT = things("onehot")
KL = things("kl | divergence")
THE_LOSS = things("loss | penalty | cost | error | it | value | curve | surprisal | log")
DIFFERENCE = things(
    "difference | oneminus | subtract* | absolute error | absolute difference | squared error |"
    " square error | mean squared error | linear | plain | distance"
)
CONFIDENT_WRONG = claims(
    "confident* | confidence | certain* | sure | overconfident* | very wrong | badly wrong |"
    " far off | way off | far from the target | far from the truth | far away | big mistake* |"
    " large mistake* | bigger mistake* | big error* | large error* | bigger error* |"
    " wrong prediction* | bad prediction*"
)
PUNISHED_HARD = claims(
    "punish* | penalis* | penaliz* | cost* a lot | cost* more | much more | far more |"
    " a lot more | heav* | harsh* | hard | harder | sever* | expensive | costly | huge |"
    " enormous | big loss | large loss | high loss | steep* | hurt* | brutal* | strong* |"
    " dramatic* | sharp* | big* penalt* | larg* penalt* | high* penalt* | heav* penalt* |"
    " much bigger | much larger | much higher | far bigger | far larger | far higher |"
    " bigger loss* | larger loss* | higher loss*"
)
UNBOUNDED = claims(
    "infin* | unbound* | without bound | without limit | without any bound | without any limit |"
    " without upper limit | without upper bound | without ceiling | without cap |"
    " no upper bound | no upper limit | no limit | no bound | no ceiling | no maximum | no cap |"
    " ~bounded* | ~capped* | ~limited* | blow* up | explod* | skyrocket* | shoot* up |"
    " arbitrar* large | arbitrar* big | arbitrar* high"
)

GRADIENT_MEANINGS = (
    together(
        GRADIENT,
        claims(
            "minus | simpl* | clean* | neat* | linear* | smooth* | easy | easi* | stable |"
            " well behaved | nice* | just the difference | difference between"
        ),
    ),
)

TWO_ARGUMENTS = things(
    "p and q | q and p | arguments | the two distributions | the distributions | order"
)
SYMMETRIC = FalseClaim(
    "symmetric",
    "Cross-entropy is not symmetric: H(p, q) and H(q, p) differ in general, because only "
    "the predicted distribution sits inside the log.",
    (
        together(
            things("crossentropy | kl | divergence | loss | it"),
            claims("symmetric* | interchangeable | commutative"),
        ),
        together(things("order"), TWO_ARGUMENTS, claims("~matter* | irrelevant")),
        together(
            claims("swap* | switch* | exchang* | revers* | flip* | interchang*"),
            TWO_ARGUMENTS,
            claims("same | unchanged | ~chang* | ~differ* | equal*"),
        ),
    ),
)
BOUNDED_LOSS = FalseClaim(
    "bounded",
    "The loss is not bounded: −log p grows without limit as the probability of the true "
    "class goes to 0.",
    (
        together(
            things("crossentropy | loss | log | logarithm | log loss"),
            claims(
                "bounded* | bounded by 1 | bounded above | at most 1 | at most one | ~exceed* 1 |"
                " ~exceed* one | ~greater than 1 | ~above 1 | ~larger than 1 | ~bigger than 1 |"
                " ~greater than one | ~larger than one | ~bigger than one | ~more than 1 |"
                " ~more than one | between 0 and 1 | between zero and one | 0 to 1 | zero to one |"
                " capped* | max* of 1 | max* of one | max* is 1 | max* is one |"
                " maximum value of 1 | ceiling of 1 | ~go* above 1 | ~go* beyond 1 |"
                " always less than 1 | always less than one | keep* it small | stay* small"
            ),
            unless=claims(
                "difference | oneminus | mean squared error | squared | square | linear |"
                " probabilit* | softmax | output* | sigmoid | accuracy | plain | absolute | mse |"
                " would | could | might | class | classes | label | labels | bounded below |"
                " bounded from below"
            ),
        ),
    ),
)
#: Words that set a single-label problem against a multi-label one ("unlike multi-class …").
SINGLE_LABEL_CONTRAST = claims(
    "instead | unlike | rather | whereas | versus | while | but | singlelabel | single label* |"
    " single class* | multiclass | exactly one | only one | mutually exclusive | compete*"
)
SOFTMAX_FOR_MULTILABEL = FalseClaim(
    "softmax_for_multilabel",
    "Multi-label problems need one sigmoid and one binary cross-entropy per label; a softmax "
    "(with categorical cross-entropy) makes the labels compete for one unit of probability.",
    (
        together(
            things("multilabel"),
            claims("softmax | categorical"),
            claims(
                "use* | appl* | need* | should | must | requir* | put* | choose | pick* |"
                " go with | done with | train* | work* | best"
            ),
            unless=either(
                SINGLE_LABEL_CONTRAST,
                claims("binary | sigmoid* | each label | per label | every label"),
            ),
        ),
    ),
)
SOFT_TARGETS = things(
    "soft label* | soft target* | label smoothing | smoothed label* | smoothed target* |"
    " probabilistic label* | probabilistic target* | probability target* | nononehot"
)
ONE_HOT_REQUIRED = FalseClaim(
    "one_hot_required",
    "Cross-entropy does not need one-hot targets: any target distribution works, which is "
    "how label smoothing and soft labels are trained.",
    (
        together(
            things("target* | label* | crossentropy | loss | it | y | truth | binary"),
            claims(
                "must be onehot | must be a onehot | must always be onehot | have to be onehot |"
                " has to be onehot | need to be onehot | needs to be onehot | need onehot |"
                " needs onehot | require* onehot | only work* with onehot | only onehot |"
                " always have to be onehot | can only be onehot"
            ),
            unless=claims("categorical | multiclass | sparse | usually | typically | often"),
        ),
        together(
            things("crossentropy | it | loss"),
            claims(
                "can not handle | can not deal with | can not work with | can not take |"
                " can not be used with | can not be used for | can not use | can not accept |"
                " does not work with | do not work with | does not support | does not allow |"
                " does not accept | not defined for | undefined for | breaks with | fails with |"
                " incompatible with"
            ),
            SOFT_TARGETS,
        ),
    ),
)
MAXIMISED_LOSS = FalseClaim(
    "maximised_loss",
    "Training minimises cross-entropy; it is the likelihood that is maximised.",
    (
        together(
            claims(
                "maximis* crossentropy | maximiz* crossentropy | maximis* loss | maximiz* loss |"
                " maximis* binary crossentropy | maximiz* binary crossentropy"
            ),
        ),
        together(
            things("crossentropy | loss"),
            claims(
                "as large as possible | as high as possible | as big as possible |"
                " larger is better | higher is better | bigger is better | large value means |"
                " high value means"
            ),
            unless=claims("likelihood | probabilit* | would | bad | wrong | worse"),
        ),
    ),
)
BALANCED_ONLY = FalseClaim(
    "balanced_only",
    "Cross-entropy does not need balanced classes; with imbalance one may weight the "
    "classes, but the loss works either way.",
    (
        together(
            things("crossentropy | binary | loss | it | categorical"),
            claims(
                "only work* | only appl* | only valid | requir* | need* | must | only when |"
                " only if | only for | assum*"
            ),
            claims("balanced | balance | equal number | same number | equally frequent"),
        ),
    ),
)
VANISHING_FOR_MISTAKES = FalseClaim(
    "vanishing_for_mistakes",
    "With the log, a confident mistake gets a large gradient (prediction minus target is "
    "near ±1); it is squared error on a sigmoid whose gradient vanishes there.",
    (
        together(
            GRADIENT,
            claims(
                "vanish* | disappear* | saturat* | goes to zero | goes to 0 | becomes zero |"
                " becomes 0 | becomes tiny | die* | is zero | is 0 | tiny | negligible"
            ),
            CONFIDENT_WRONG,
            unless=claims(
                "mean squared error | squared | square | mse | would | difference | oneminus |"
                " instead | unlike | without | rather | whereas | sigmoid and"
            ),
        ),
    ),
)
#: False whatever the question: every explain type checks for these.
COMMON_FALSE_CLAIMS = (
    SYMMETRIC,
    BOUNDED_LOSS,
    SOFTMAX_FOR_MULTILABEL,
    ONE_HOT_REQUIRED,
    MAXIMISED_LOSS,
    BALANCED_ONLY,
    VANISHING_FOR_MISTAKES,
)


class ExplainQuestion(QuestionType):
    """An "explain it in one minute" question: key points, a model answer, no numbers."""

    kind = "explain"
    family = "explain"
    PARAMS_SCHEMA = schema.params(
        "No params: the difficulty chooses the key points.", {}, closed=True
    )
    concept: ClassVar[str]  # what to explain, as the prompt says it
    points: ClassVar[tuple[KeyPoint, ...]]  # the most important first
    false_claims: ClassVar[tuple[FalseClaim, ...]] = ()
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
            aspects = [p.aspect for p in points]
            prompt += f" Cover {', '.join(aspects[:-1])} and {aspects[-1]}, in full sentences."
        return self.question(
            prompt=prompt,
            answer=None,
            answer_format="text",
            key_points=points,
            false_claims=[
                *self.false_claims,
                *(c for c in COMMON_FALSE_CLAIMS if c not in self.false_claims),
            ],
            model_answer=self.model_answer,
            hints=list(self.hints),
            explanation={
                "key_points": [{"id": p.id, "text": p.text} for p in points],
                "model_answer": self.model_answer,
            },
        )
