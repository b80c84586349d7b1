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

import re
from typing import Any, ClassVar

import numpy as np

from quizapp.engine._sentences import Sentence
from quizapp.engine.explaining import (
    FalseClaim,
    Opposite,
    Terms,
    claims,
    deny,
    either,
    in_order,
    things,
    together,
)
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
    " bigger loss* | larger loss* | higher loss* | far worse | much worse | a lot worse"
)
UNBOUNDED = claims(
    "infin* | unbound* | without bound | without limit | without any bound | without any limit |"
    " without upper limit | without upper bound | without ceiling | without cap |"
    " no upper bound | no upper limit | no limit | no bound | no ceiling | no maximum | no cap |"
    " ~bounded* | ~capped* | ~limited* | blow* up | explod* | skyrocket* | shoot* up |"
    " arbitrar* large | arbitrar* big | arbitrar* high"
)

GRADIENT_SAYS = claims(
    "minus | simpl* | clean* | neat* | linear* | smooth* | easy | easi* | stable |"
    " well behaved | nice* | just the difference | difference between"
)
GRADIENT_MEANINGS = (together(GRADIENT, GRADIENT_SAYS),)

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
        # "the cross-entropy from p to q is the same as from q to p"
        in_order(
            claims("p to q | of p and q | p and q | p with q | p against q"),
            claims("same as | equal* | the same | equals"),
            claims("q to p | of q and p | q and p | q with p | q against p"),
            one_clause=True,
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
                " bounded from below | p between | q between | x between"
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
# ---------------------------------------------------------------- what contradicts what
#: What a perfect prediction is said to cost (the why-log point), and its context.
PERFECT = claims(
    "perfect* | with certainty | probability 1 | probability of 1 | probability is 1 |"
    " probability one | probability of one | p = 1 | q = 1 | p is 1 | q is 1 | p equals 1 |"
    " predict* 1 |"
    " prediction of 1 | prediction is 1 | 100 percent | exactly right | spot on |"
    " certain and right | certain and correct | fully confident and right"
)
NOTHING = claims(
    "zero | 0 | nothing | no loss | no penalty | no cost | free | vanish* | disappear* |"
    " minimal | minimum | lowest | smallest"
)
#: (Not "identical": a condition says it too, "equal when q is identical to p".)
SAME = claims(
    "special case | same as | same loss | equivalent* | same thing | the same | equal* | same |"
    " coincid* | reduce* to | boils down | collapses to | particular case | instance of"
)
MATCHING = claims(
    "q = p | p = q | q equals p | p equals q | perfect* | exact* | same distribution | match* |"
    " identical | correct*"
)
INDEPENDENT = claims("independent* | separate* | own | individual*")
EXCLUSIVE = claims("mutually exclusive | exactly one | compete*")
SUMMED = claims("sum* | add* | total | averag* | accumulat*")
LARGER = claims("at least | ≥ | greater | larger | bigger | higher | more than | above | exceed*")
SMALLER = claims("≤ | smaller | less | lower | below | lower bound")
NON_NEGATIVE = claims("~negative | nonnegative | at least 0 | at least zero | ≥ 0 | positive")
TWO_OUTCOMES_SAYS = claims(
    "0 or 1 | zero or one | single probability | one probability | one output | single output |"
    " one number | single number | one value"
)
WEAK_DIFFERENCE = claims(
    "bounded | between 0 and 1 | at most 1 | cap* | limit* | weak* | barely | gentl* | mild*"
)
ENTROPIES = things("entropy | crossentropy")
#: What an answer about the log sets it against: a plain difference, squared error.
PLAIN_DIFFERENCE = things(
    "difference | oneminus | subtract* | absolute error | absolute difference | squared error |"
    " square error | mean squared error | plain | hinge"
)

#: Each relation a key point states, against what contradicts it. ``deny`` gives every
#: point whose slot says one of these a denial, so no point needs its own list.
OPPOSITES = (
    Opposite(
        UNBOUNDED,
        claims(
            "bounded* | capped* | ~exceed* | at most 1 | at most one | maximum of | max* of 1 |"
            " max* of one | ceiling | saturat* | level* off | plateau* | linear* | stays small |"
            " stay* small"
        ),
        unless=claims(
            "bounded below | bounded from below | below by | by zero | by 0 | probabilit* |"
            " softmax | sigmoid | output* | accuracy"
        ),
    ),
    Opposite(
        PUNISHED_HARD,
        claims(
            "punish* less | penalis* less | penaliz* less | cost* less | less heavily |"
            " less harshly | less severely | lighter | lightly | mild* | gentl* | lenient* |"
            " softer | barely | cheap* | small loss | low loss | little"
        ),
        unless=claims(
            "correct* | right | good | accurate | near miss* | small mistake* | small error* |"
            " slight*"
        ),
        context=CONFIDENT_WRONG,
    ),
    Opposite(
        GRADIENT_SAYS,
        claims(
            "constant | target minus | targets minus | label minus | labels minus | truth minus |"
            " y minus | onehot minus | true minus | multipl* by | product of | divided by |"
            " ratio of"
        ),
        unless=claims(
            "minus y minus | minus target minus | minus the target minus | negative of |"
            " direction | update* | step* | descent | move* | opposite | negative gradient"
        ),
        context=GRADIENT,
    ),
    Opposite(
        SAME,
        claims("different* | distinct | unrelated | twice | double | half | they differ"),
    ),
    Opposite(MATCHING, claims("uniform | random"), context=SAME),
    Opposite(
        SUMMED,
        claims(
            "multipl* | product* | the max* | maximum | max of | the largest | the min |"
            " the worst | the highest"
        ),
        unless=claims("log of the product | log of a product | likelihood* | probabilit*"),
        context=things("loss* | crossentrop* | term*"),
    ),
    Opposite(
        INDEPENDENT,
        claims(
            "mutually exclusive | compete* | sum to one | sum to 1 | sums to one | sums to 1 |"
            " add up to one | add up to 1 | adds up to one | adds up to 1 |"
            " depend* on each other | depend* on one another | shared | one for all |"
            " all the labels together | all labels together"
        ),
        unless=claims("make* | forc*"),  # "a softmax makes the labels compete"
    ),
    Opposite(
        EXCLUSIVE,
        claims(
            "independent* | more than one | several at once | at the same time | multihot |"
            " several labels | multiple labels | any number"
        ),
        context=things("categorical | multiclass"),
    ),
    Opposite(LARGER, claims("smaller | less | lower | below | ≤ | at most"), context=ENTROPIES),
    Opposite(
        SMALLER, claims("greater | larger | bigger | higher | ≥ | above | exceed* | at least")
    ),
    Opposite(NON_NEGATIVE, claims("negative | below zero | less than zero | less than 0")),
    Opposite(
        NOTHING,
        claims("cost* one | cost* 1 | loss of one | loss of 1 | infinit* | infinity"),
        context=claims(
            "exactly right | spot on | with certainty | predict* 1 | probability 1 |"
            " probability of 1"
        ),
    ),
    Opposite(
        claims("softmax | onehot"),
        claims("sigmoid*"),
        unless=claims(
            "binary | each label | multilabel | per label | two class* | sparse | integer* |"
            " respectively"
        ),
        context=things("categorical | multiclass"),
    ),
    Opposite(
        TWO_OUTCOMES_SAYS,
        claims(
            "two output neurons | two output units | two neurons | two output nodes |"
            " two sigmoid* | two output* with a sigmoid"
        ),
        context=things("binary"),
    ),
    Opposite(
        claims("count* | contribut* | matter*"),
        claims("ignored | contribute nothing | contributes nothing | skip* | drop* | irrelevant"),
    ),
    Opposite(
        WEAK_DIFFERENCE,
        either(
            UNBOUNDED,
            claims(
                "just as well | as well | equally | same way | as much | as hard | as harsh* |"
                " as strongly | as heavily | harsher | heavier | stronger | steeper |"
                " also punish* | also penalis* | also penaliz*"
            ),
        ),
    ),
)

# ---------------------------------------------------------------- classic misconceptions
NEGATIVE_KL = FalseClaim(
    "negative_kl",
    "The KL divergence is never negative; that is why cross-entropy is at least the entropy.",
    (
        together(
            things("kl | divergence"),
            claims(
                "can be negative | be negative | is negative | become* negative |"
                " go* negative | negative value*"
            ),
        ),
    ),
)
LOG_BASE_MOVES_MINIMUM = FalseClaim(
    "log_base_moves_minimum",
    "The base of the log only scales the loss by a constant (bits versus nats); the best "
    "model is the same in every base.",
    (
        together(
            claims("base"),
            claims("chang* | different | affect* | shift* | mov* | alter*"),
            claims(
                "optimum | minimum | minimiser | minimizer | best model | which model | argmin |"
                " solution | optimal | best parameters | best weights | best"
            ),
            unless=claims(
                "only | just | scale* | rescal* | constant | factor | unit* | bits | nats | same"
            ),
        ),
    ),
)
MSE_FOR_CLASSIFICATION = FalseClaim(
    "mse_for_classification",
    "Squared error is not the same as cross-entropy and trains classifiers worse: on a "
    "sigmoid or softmax its gradient vanishes for confident mistakes.",
    (
        together(
            things("mean squared error | squared error | l2 loss | quadratic loss"),
            claims(
                "same thing | the same | same as | equivalent* | identical | just | really |"
                " basically | essentially"
            ),
            things("crossentropy | loss | it | log loss"),
            unless=claims(
                "differ* | gaussian | normal | regression | instead | would | rather | worse"
            ),
            one_clause=True,
        ),
        together(
            things("mean squared error | squared error | l2 loss | quadratic loss"),
            claims("better | preferable | superior | preferred | should use | recommended | best"),
            claims("classif* | classifier* | probabilit* | labels | classes"),
            unless=claims(
                "regression | worse | than mean squared error | than squared | than the squared |"
                " rather | instead | would | slower | vanish* | saturat*"
            ),
        ),
    ),
)
ACTIVATION_AS_PROBABILITY = FalseClaim(
    "activation_as_probability",
    "A ReLU or tanh does not give probabilities: a sigmoid gives one per output, a softmax "
    "a distribution over the classes.",
    (
        in_order(
            claims("relu | tanh | linear activation | identity activation"),
            claims("probabilit*"),
            unless=claims("hidden | sigmoid* | softmax | instead | rather | unlike"),
            one_clause=True,
        ),
        together(
            claims(
                "tanh output | tanh activation | a tanh | relu output | relu activation on the"
                " output | with a tanh | with a relu"
            ),
            things("crossentropy | binary | loss"),
            unless=claims("hidden | instead | unlike | rather | would"),
            one_clause=True,
        ),
    ),
)
SMALL_OVER_LARGE = FalseClaim(
    "small_over_large",
    "The log punishes large, confident mistakes far more than small ones, not the other way round.",
    (
        in_order(
            claims(
                "small mistake* | small error* | near miss* | minor mistake* | minor error* |"
                " slight mistake* | slight error*"
            ),
            claims(
                "more than | harder than | more heavily than | more severely than |"
                " more strongly than"
            ),
            claims("large | big | confident* | bigger | larger | major | bad"),
            unless=either(DIFFERENCE, claims("would | mean squared error | squared")),
        ),
        in_order(
            claims("punish* | penalis* | penaliz*"),
            claims("small mistake* | small error* | near miss* | minor mistake* | minor error*"),
            claims("more than | harder than | more heavily than | more"),
            unless=either(DIFFERENCE, claims("would | mean squared error | squared")),
        ),
    ),
)
PLUS_MINUS_ONE_TARGETS = FalseClaim(
    "plus_minus_one_targets",
    "Cross-entropy targets are probabilities: 0 or 1 for a binary label, not −1 and +1 "
    "(those belong to the hinge loss).",
    (
        together(
            things("target* | label* | y | class* | truth"),
            claims(
                "minus 1 and 1 | minus 1 and + 1 | minus 1 or 1 | minus 1 or + 1 |"
                " plus or minus 1 | minus one and one | minus one or one | minus 1 and plus 1"
            ),
            unless=claims("hinge | svm | tanh | rescal* | map* | convert* | instead"),
        ),
    ),
)
SWAPPED_BINARY_TERMS = FalseClaim(
    "swapped_binary_terms",
    "Binary cross-entropy is −[y log q + (1 − y) log(1 − q)]: the target y goes with log q "
    "and 1 − y with log(1 − q).",
    (
        together(
            claims(
                "oneminus y log p | oneminus y log q | oneminus y times log p |"
                " oneminus y times log q | oneminus y log y | oneminus y log of p |"
                " oneminus y log of q"
            ),
        ),
    ),
)
LOG_WITHOUT_MINUS = FalseClaim(
    "log_without_minus",
    "The loss is minus the log of the probability: the log of a probability is at most 0, "
    "so the minus makes the loss positive.",
    (
        in_order(
            things("crossentropy | loss | it | penalty | cost"),
            claims(
                "is the log of | is log of | equals the log of | = log | is just the log of |"
                " is the logarithm of | is simply the log of | is log p | is log q"
            ),
            unless=claims(
                "minus | negative | negat* | 1 over | one over | inverse | reciprocal | sign |"
                " likelihood"
            ),
            one_clause=True,
        ),
    ),
)
LOSS_SHRINKS_WHEN_WRONG = FalseClaim(
    "loss_shrinks_when_wrong",
    "As the probability of the true class falls, the loss rises, without bound.",
    (
        in_order(
            things("crossentropy | loss | penalty | cost | it | log"),
            claims(
                "shrink* | decreas* | fall* | drop* | goes to zero | goes to 0 | goes down |"
                " gets smaller | becomes smaller | approach* zero | approach* 0 | vanish*"
            ),
            claims("as | when | while | if"),
            things("probabilit* | prediction | p | q | it"),
            claims(
                "goes to zero | goes to 0 | falls | drops | decreas* | approach* zero |"
                " approach* 0 | gets worse | worse | shrink* | towards zero | toward zero |"
                " goes down | wrong"
            ),
            unless=claims("less wrong | better | improv* | right | correct* | one | 1"),
            one_clause=True,
        ),
    ),
)
HALVING_DOUBLES = FalseClaim(
    "halving_doubles",
    "Halving the probability adds a constant, log 2, to −log p; it does not double the loss.",
    (
        together(
            claims("halv* | half"),
            claims("doubl* | twice"),
            things("loss | penalty | cost | it | log"),
            unless=claims("add* | plus | constant | fixed | bit | + | odds | probabilit* doubl*"),
        ),
    ),
)
SIGMOID_SUMS_TO_ONE = FalseClaim(
    "sigmoid_sums_to_one",
    "Sigmoid outputs are independent and need not sum to 1; it is a softmax that makes "
    "them a distribution.",
    (
        together(
            SIGMOID,
            claims(
                "sum to one | sum to 1 | sums to one | sums to 1 | add up to one | add up to 1 |"
                " adds up to one | adds up to 1 | form a distribution | form a probability"
                " distribution"
            ),
            unless=claims(
                "softmax | unlike | whereas | instead | two | binary | q and | oneminus | and 1"
            ),
            one_clause=True,
        ),
    ),
)

WRONG_LOG_DERIVATIVE = FalseClaim(
    "wrong_log_derivative",
    "The derivative of −log p is −1/p: it is steepest, not flattest, where p is small.",
    (
        in_order(
            things("derivative | gradient | slope"),
            claims("log p | log q | log of p | log of q"),
            claims(
                "is minus p | is p | = minus p | = p | is minus q | is q | = minus q | = q |"
                " is negative p | is log p | is oneminus p"
            ),
            one_clause=True,
        ),
    ),
)
GRADIENT_LARGEST_WHEN_RIGHT = FalseClaim(
    "gradient_largest_when_right",
    "With the log the gradient is largest for confident mistakes and shrinks as the "
    "prediction approaches the target.",
    (
        together(
            GRADIENT,
            claims("largest | biggest | strongest | highest | steepest | large | big"),
            claims(
                "already good | already right | already correct | is good | is right |"
                " is correct | nearly right | almost right | close to the target |"
                " confident and right | correct prediction*"
            ),
            unless=either(DIFFERENCE, claims("squared | sigmoid and | would")),
            one_clause=True,
        ),
    ),
)
SUM_INTO_PRODUCT = FalseClaim(
    "sum_into_product",
    "The other way round: the log turns the product of the likelihoods into a sum.",
    (
        in_order(
            claims("sum* | addition"),
            claims("into | to"),
            claims("product* | multiplication"),
            unless=claims("instead | rather | exp* | undo*"),
            one_clause=True,
        ),
    ),
)

PROBABILITIES_NEED_NOT_SUM = FalseClaim(
    "probabilities_need_not_sum",
    "The predicted probabilities form a distribution: a softmax makes them sum to 1, and a "
    "binary model's q and 1 − q do too.",
    (
        together(
            things("probabilities | outputs | they | predictions | them | the two | both"),
            claims(
                "~sum to one | ~sum to 1 | ~add up to one | ~add up to 1 | ~need to sum |"
                " ~have to sum | ~sum up to one | ~sum up to 1"
            ),
            unless=claims(
                "sigmoid* | multilabel | each label | per label | independent* | target* | label*"
            ),
            one_clause=True,
        ),
    ),
)
ALL_CLASSES_COUNT = FalseClaim(
    "all_classes_count",
    "Cross-entropy weights each log-probability by the target, so with a one-hot target "
    "only the true class's probability enters the loss.",
    (
        together(
            claims("every class | each class | all classes | all of the classes | all the classes"),
            claims(
                "contribut* equally | count* equally | equally | same weight | equal weight |"
                " alike | correct and incorrect | right and wrong"
            ),
            unless=claims("only | true class | correct class | weight* by | target*"),
        ),
        together(
            claims(
                "sum of log* of all | sum of all log* | log of every | logs of every |"
                " log* of all the predicted"
            ),
            unless=claims("target* | y | weight* | times | onehot | label*"),
        ),
        in_order(
            claims("averag* | sum*"),
            claims("log"),
            claims("over all the classes | over all classes | over every class | of all classes"),
            unless=claims("target* | y | weight* | times | onehot | label* | p log"),
            one_clause=True,
        ),
        together(
            claims("only"),
            things("wrong class* | incorrect class* | other classes | false class*"),
            claims("count* | matter* | contribut* | penalis* | penaliz* | punish* | look*"),
            unless=claims("softmax | normalis* | normaliz* | through | indirect*"),
        ),
        together(claims("ignor* the correct | ignor* the true | ignor* the right")),
    ),
)
SOFTMAX_AFTER_LOSS = FalseClaim(
    "softmax_after_loss",
    "The softmax comes first: it turns the logits into probabilities, and the loss takes "
    "the log of the true class's probability.",
    (
        in_order(
            SOFTMAX,
            claims(
                "after the loss | after the crossentropy | after computing the loss |"
                " to the loss | on the loss | loss values into"
            ),
            one_clause=True,
        ),
    ),
)
BITS_AND_NATS = FalseClaim(
    "bits_and_nats",
    "With the natural log the loss is in nats; bits come from log base 2.",
    (
        in_order(
            claims("natural log* | base e"),
            claims("bits"),
            unless=claims("base 2 | nats | instead"),
            one_clause=True,
        ),
        in_order(
            claims("base 2 | binary log*"),
            claims("nats"),
            unless=claims("natural | base e | bits | instead"),
            one_clause=True,
        ),
    ),
)
CONSTANT_FROM_MODEL = FalseClaim(
    "constant_from_model",
    "Cross-entropy is the KL divergence plus the entropy of the target, which does not "
    "depend on the model.",
    (
        in_order(
            claims("constant | term"),
            claims(
                "depend* on the model | depend* on the prediction* | depend* on q |"
                " depend* on the predicted | depend* on the model prediction*"
            ),
            one_clause=True,
        ),
    ),
)
LOSS_IS_SQUARED_ERROR = FalseClaim(
    "loss_is_squared_error",
    "Cross-entropy is minus the log of the predicted probability, not a squared difference.",
    (
        together(
            things("loss | binary crossentropy | crossentropy | it | loss itself"),
            claims(
                "is the squared difference | is the squared error | is the square of the"
                " difference | is squared error | is the mean squared error |"
                " is the squared distance"
            ),
            unless=claims("would | could | instead | unlike | rather | regression | if"),
            one_clause=True,
        ),
    ),
)
ORDERED_CLASSES = FalseClaim(
    "ordered_classes",
    "Cross-entropy treats classes as unordered categories; it needs no order among them.",
    (
        together(
            things("categorical | crossentropy | it | classes | loss"),
            claims("natural order | ordered | ordinal | an order | ranked | sorted"),
            claims("requir* | need* | must | assum* | have to | has to | only work*"),
            unless=claims("unlike | regression | instead"),
        ),
    ),
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?$")
_COST = ("cost", "loss", "penal", "punish", "expens")
_MORE = frozenset(["more", "higher", "larger", "bigger", "greater"])
_LESS = frozenset(["less", "lower", "smaller", "cheaper"])


def _cost_order_reversed(sentence: Sentence) -> int | None:
    """Where the sentence says a higher true-class probability costs more (or less, lower).

    "A prediction of 0.5 already costs more than a prediction of 0.01": the loss falls as
    the probability rises, for −log p as for 1 − p. Said of wrong classes it is the other
    way round, so such clauses are left alone.
    """
    words = sentence.words
    for i, word in enumerate(words):
        if word != "than" or i < 2 or (words[i - 1] not in _MORE and words[i - 1] not in _LESS):
            continue
        clause = sentence.clause[i]
        same = [j for j in range(len(words)) if sentence.clause[j] == clause]
        if any(w in ("wrong", "incorrect", "other", "false") for w in (words[j] for j in same)):
            continue
        if any(p < i and sentence.clause[p] == clause for p in sentence.negators):
            continue
        before = [j for j in same if j < i and _NUMBER.match(words[j])]
        after = [j for j in same if j > i and _NUMBER.match(words[j])][:1]
        between = words[before[-1] + 1 : i] if before else ()
        if not before or not after or not any(w.startswith(_COST) for w in between):
            continue
        a, b = float(words[before[-1]]), float(words[after[0]])
        if not (0 < a <= 1 and 0 < b <= 1) or a == b:
            continue
        if (a > b) == (words[i - 1] in _MORE):
            return before[-1]
    return None


COST_ORDER_REVERSED = FalseClaim(
    "cost_order_reversed",
    "The loss falls as the probability of the true class rises: a higher probability "
    "always costs less.",
    (),
    test=_cost_order_reversed,
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
    NEGATIVE_KL,
    LOG_BASE_MOVES_MINIMUM,
    MSE_FOR_CLASSIFICATION,
    ACTIVATION_AS_PROBABILITY,
    SMALL_OVER_LARGE,
    PLUS_MINUS_ONE_TARGETS,
    SIGMOID_SUMS_TO_ONE,
    SWAPPED_BINARY_TERMS,
    HALVING_DOUBLES,
    WRONG_LOG_DERIVATIVE,
    GRADIENT_LARGEST_WHEN_RIGHT,
    ALL_CLASSES_COUNT,
    BITS_AND_NATS,
    CONSTANT_FROM_MODEL,
    LOSS_IS_SQUARED_ERROR,
    ORDERED_CLASSES,
    COST_ORDER_REVERSED,
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
    #: What answers set the subject against ("a plain difference would …"): no denial of a
    #: point is read next to it, unless the point is about it; then not next to ``subject``.
    foil: ClassVar[Terms | None] = None
    subject: ClassVar[Terms | None] = None

    @classmethod
    def derived(cls) -> tuple[tuple[KeyPoint, ...], tuple[FalseClaim, ...]]:
        """The points with their contraries, and the denial of each (see ``deny``)."""
        if "_derived" not in cls.__dict__:
            points, denials = deny(cls.points, OPPOSITES, foil=cls.foil, subject=cls.subject)
            cls._derived = (tuple(points), tuple(denials))
        return cls._derived  # type: ignore[return-value]

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
        all_points, denials = self.derived()
        points = list(all_points[: POINTS_BY_DIFFICULTY[difficulty]])
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
                *denials,  # every point's, not only those asked: a denial is false at any level
            ],
            model_answer=self.model_answer,
            hints=list(self.hints),
            explanation={
                "key_points": [{"id": p.id, "text": p.text} for p in points],
                "model_answer": self.model_answer,
            },
        )
