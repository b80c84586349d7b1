"""Explain in one minute which loss a task needs: multi-label, binary versus categorical.

Each type lists the key points a good answer makes (what each is about and what a
sentence must say to make it), the false claims that sink an answer, and a model
answer; ``_explain`` says how difficulty and grading use them.
"""

from __future__ import annotations

from quizapp.engine.explaining import FalseClaim, claims, either, in_order, things, together
from quizapp.engine.questions._explain import (
    LOG,
    PROBABILITIES_NEED_NOT_SUM,
    SIGMOID,
    ExplainQuestion,
)
from quizapp.engine.questions.base import KeyPoint, register

EACH_LABEL = things(
    "each label | every label | per label | each class | per class | every class | each output |"
    " per output | each tag | each category | individual label*"
)
ABSENT = things(
    "absent | ~present | negative label* | negatives | target is 0 | target of 0 | label is 0 |"
    " labels that are 0 | zero label* | 0 labels | target 0 | y = 0 | missing |"
    " labels that are off | absent label* | ~switched on | ~there | zeros | the 0s | 0s"
)
NOT_SINGLE_LABEL = claims(
    "instead | unlike | rather | single label* | single class* | singlelabel | multiclass |"
    " would | categorical |"
    " exactly one | only one | mutually exclusive | compete* | whereas | if | versus"
)
BINARY = things("binary")
CATEGORICAL = things("categorical | multiclass")
TWO_OUTCOMES = claims(
    "0 or 1 | zero or one | two classes | two outcomes | two possible | two options |"
    " two categories | yesno | true or false | positive or negative | single probability |"
    " one probability | one output | single output | one number | single number | one value |"
    " two class | present or not | two labels"
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
            "how to look at each label",
            (
                together(
                    EACH_LABEL,
                    claims(
                        "binary | yesno | independent* | separate* | own | present or not |"
                        " on or off | 0 or 1 | two class | individual* | subtask* | sub task* |"
                        " subproblem* | sub problem*"
                    ),
                ),
                together(
                    things("label* | classes | class* | problem | task"),
                    claims(
                        "several binary | multiple binary | many binary | set of binary |"
                        " independent binary | separate binary | bunch of binary | independent* |"
                        " binary classification* per | binary problem*"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "sigmoid",
            "Each label gets its own sigmoid output.",
            "the activation on the outputs",
            (
                together(
                    SIGMOID,
                    claims(
                        "each | every | per | own | separate* | individual* | label* | output* |"
                        " independent* | activation*"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "sum",
            "The per-label binary cross-entropies are summed for each example.",
            "how the per-label losses are combined",
            (
                together(
                    claims("sum* | add* | total | + | averag* | accumulat*"),
                    things(
                        "loss* | crossentrop* | binary | term* | label* | them | these | each | all"
                    ),
                    unless=claims("sum to | add up to | sums to | adds up to | sum up to"),
                ),
            ),
        ),
        KeyPoint(
            "many_labels",
            "The target may switch on several labels or none, so it is not a probability vector.",
            "what the target can look like",
            (
                together(
                    things(
                        "several labels | multiple labels | more than one label | many labels |"
                        " several classes | multiple classes | more than one class |"
                        " any number of labels | several of the labels | more than one of |"
                        " all of the labels | none of the labels | no labels | zero labels |"
                        " several 1s | multihot | all or none | any subset | any combination |"
                        " several ones | any number | none of them | or none | multiple 1s |"
                        " two or more | many 1 | many 1s | many ones | several 1 | multiple 1 |"
                        " multiple ones | more than one 1"
                    ),
                    claims(
                        "can | may | might | could | at once | at the same time | simultaneous* |"
                        " present | true | on | active | apply | allowed | possible | be 1 |"
                        " switched on | turned on | have | contain* | there | same time"
                    ),
                ),
                together(
                    claims("same time | at once | simultaneous* | together"),
                    claims("can | may | could | be present | true | contain* | appear*"),
                ),
                together(
                    things("target* | label vector* | labels | truth | y"),
                    claims(
                        "~sum to 1 | ~sum to one | ~add up to 1 | ~add up to one |"
                        " ~probability vector | ~probability distribution | ~onehot |"
                        " ~distribution | ~normalised | ~normalized | multihot"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "vs_softmax",
            "Single-label problems use one softmax with categorical cross-entropy instead, "
            "where the classes compete.",
            "how single-label classification differs",
            (
                together(
                    things(
                        "±softmax | ±categorical | ±multiclass | ±singlelabel | single label |"
                        " one label"
                    ),
                    claims(
                        "instead | unlike | rather than | whereas | while | single* |"
                        " singlelabel | multiclass | ±compet* | ±mutually exclusive |"
                        " exactly one | only one | one class | sum to one | sum to 1 | would |"
                        " by contrast | in contrast | different* | force* | versus | but"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "absent_labels",
            "Absent labels count too, through the log of one minus their predicted probability.",
            "what the labels that are not there contribute",
            (
                together(
                    ABSENT,
                    claims(
                        "count* | contribut* | matter* | oneminus | penalis* | penaliz* |"
                        " punish* | cost* | too | also | still | include* | term | loss | add*"
                    ),
                ),
                together(things("oneminus q | oneminus p | oneminus the | oneminus y"), LOG),
            ),
        ),
    )
    foil = things(
        "softmax | categorical | multiclass | singlelabel | single label* | single class*"
    )
    subject = either(SIGMOID, things("multilabel | binary | each label | per label"))
    false_claims = (
        FalseClaim(
            "threshold_before_loss",
            "The loss takes the predicted probabilities themselves; thresholding at 0.5 is "
            "for making predictions, and would leave nothing to differentiate.",
            (
                together(
                    claims("threshold* | round* | hard prediction*"),
                    things("crossentropy | loss"),
                    claims("on | comput* | appl* | then | from | use*"),
                    unless=claims(
                        "inference | prediction time | test time | after training | evaluat* |"
                        " metric* | accuracy | f1 | only | raw | instead | rather | never"
                    ),
                    one_clause=True,
                ),
            ),
        ),
        FalseClaim(
            "swapped_label_terms",
            "A present label costs −log q and an absent one −log(1 − q), not the other way round.",
            (
                in_order(
                    claims("log p | log of p | log q | log of q"),
                    claims("when | if | for"),
                    ABSENT,
                    one_clause=True,
                ),
                in_order(
                    claims(
                        "log oneminus p | log of oneminus p | log oneminus q | log of oneminus q"
                    ),
                    claims("when | if | for"),
                    things(
                        "present | positive label* | target is 1 | label is 1 | y = 1 | the 1s |"
                        " label is on | labels that are on"
                    ),
                    one_clause=True,
                ),
            ),
        ),
        FalseClaim(
            "fixed_label_count",
            "Any number of labels may be on, and it may differ from one example to the next.",
            (
                together(
                    claims(
                        "number of positive labels | number of labels | how many labels |"
                        " number of ones | number of 1s | number of positives | number of active"
                    ),
                    claims(
                        "fixed | must be the same | same for every | known in advance | in advance"
                    ),
                    unless=claims("vary | varies | any | differ*"),
                ),
            ),
        ),
        FalseClaim(
            "categorical_across_labels",
            "Multi-label problems take one binary cross-entropy per label; a categorical "
            "cross-entropy over all labels treats them as one choice among classes.",
            (
                together(
                    claims("categorical"),
                    things("label* | outputs | all"),
                    claims("appl* | use* | comput* | over | across"),
                    unless=claims(
                        "instead | unlike | would | single* | multiclass | whereas | rather | if |"
                        " softmax | mutually exclusive | exactly one | one class | compete* |"
                        " binary"
                    ),
                    one_clause=True,
                ),
            ),
        ),
        FalseClaim(
            "softmax_over_labels",
            "A softmax makes the labels compete for one unit of probability; multi-label "
            "needs an independent sigmoid per label.",
            (
                together(
                    claims("softmax"),
                    things("multilabel | labels | each label | all labels | every label"),
                    unless=NOT_SINGLE_LABEL,
                ),
            ),
        ),
        FalseClaim(
            "target_sums_to_one",
            "A multi-label target can have several ones or none, so it need not sum to 1.",
            (
                together(
                    things("target* | label vector | labels"),
                    claims(
                        "sum* to one | sum* to 1 | add* up to one | add* up to 1 | onehot |"
                        " probability distribution | probability vector"
                    ),
                    unless=either(NOT_SINGLE_LABEL, claims("prediction* | output*")),
                ),
            ),
        ),
        FalseClaim(
            "exclusive_labels",
            "In multi-label problems labels do not exclude each other: any number may be on.",
            (
                together(
                    things("labels"),
                    claims("mutually exclusive | compete* | exactly one"),
                    unless=claims(
                        "softmax | multiclass | single* | singlelabel | categorical | unlike |"
                        " would | whereas | instead | if | make* | forc*"
                    ),
                    # "Unlike softmax, where labels compete, …" describes the softmax.
                    topic=(
                        things("softmax | multiclass | singlelabel | single label* | categorical"),
                        things("sigmoid* | multilabel | binary"),
                    ),
                ),
            ),
        ),
        FalseClaim(
            "absent_ignored",
            "Absent labels count too: each adds −log(1 − q) for its predicted probability q.",
            (
                together(
                    ABSENT,
                    claims(
                        "~count* | ~contribut* | ~matter* | ignored | contribute nothing |"
                        " zero loss | no loss | drop* | skip* | ~included | ~affect* |"
                        " no information | irrelevant | nothing"
                    ),
                ),
                # "only the labels that are present count / are evaluated"
                together(
                    claims("only"),
                    things(
                        "labels that are present | present labels | positive labels | positives |"
                        " labels that are on | active labels | true labels | the ones | 1s"
                    ),
                    claims(
                        "count* | matter* | contribut* | evaluat* | comput* | loss | use* |"
                        " consider* | includ*"
                    ),
                ),
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
            "the targets and outputs of the binary loss",
            (together(BINARY, TWO_OUTCOMES),),
        ),
        KeyPoint(
            "sigmoid",
            "That probability usually comes from a sigmoid.",
            "the activation of the binary case",
            (
                together(
                    SIGMOID,
                    claims(
                        "binary | probability | output* | squash* | activation | come* from |"
                        " produc* | give* | use* | with | pair* | appl* | last | final | single"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "categorical",
            "Categorical cross-entropy picks one class out of many, with a softmax output and "
            "a one-hot target.",
            "what the categorical loss is for and what it works with",
            (
                together(
                    CATEGORICAL,
                    claims(
                        "softmax | onehot | many classes | several classes | multiple classes |"
                        " more than two | multiclass | one of many | one class out of |"
                        " k classes | n classes | c classes | three or more | mutually exclusive |"
                        " exactly one"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "formula",
            "Binary cross-entropy has a term for each outcome: −[y log q + (1 − y) log(1 − q)].",
            "how its formula is built",
            (
                together(things("oneminus"), LOG),
                together(
                    claims("term*"),
                    claims(
                        "both | two | each outcome | each case | positive and negative | either |"
                        " each class | for each"
                    ),
                ),
            ),
        ),
        KeyPoint(
            "equivalence",
            "It is the two-class special case of categorical cross-entropy: the vector "
            "[q, 1 − q] against a one-hot target gives the same loss.",
            "how the two losses are related",
            (
                together(
                    claims(
                        "special case | same as | same loss | equivalent* | identical |"
                        " reduce* to | boils down | same thing | instance of | particular case |"
                        " collapses to | the same | equal*"
                    ),
                    things(
                        "two class* | two classes | 2 classes | two outcome* | two outputs |"
                        " binary | oneminus q"
                    ),
                    things(
                        "categorical | multiclass | crossentropy | softmax | they |"
                        " the two losses | both losses | the two"
                    ),
                ),
                # "BCE is just CCE with K = 2."
                together(
                    claims("just | simply | merely | nothing but | nothing more than"),
                    things(
                        "two class* | 2 classes | k = 2 | c = 2 | n = 2 | two outcome* |"
                        " two categories | binary | oneminus q"
                    ),
                    things("categorical | multiclass | softmax"),
                ),
            ),
        ),
        KeyPoint(
            "multilabel",
            "One binary cross-entropy per label is also how multi-label problems are trained.",
            "where else the binary loss is used",
            (
                together(
                    things(
                        "multilabel | each label | per label | every label | several labels |"
                        " multiple labels"
                    ),
                    claims(
                        "use* | basis | base | appl* | train* | for | also | handle* |"
                        " separately | independent* | sum* | add*"
                    ),
                ),
            ),
        ),
    )
    false_claims = (
        PROBABILITIES_NEED_NOT_SUM,
        FalseClaim(
            "categorical_sum_of_binaries",
            "Categorical cross-entropy is one log-probability of the true class over a "
            "softmax; a sum of binary cross-entropies per class is the multi-label loss.",
            (
                in_order(
                    CATEGORICAL,
                    claims(
                        "sum of binary | sum of their binary | sum of several binary |"
                        " sum of many binary | sum of per class binary | sum of one binary |"
                        " set of binary | several binary | many binary | independent binary |"
                        " separate binary"
                    ),
                    unless=claims(
                        "multilabel | each label | per label | unlike | instead | whereas | rather"
                    ),
                ),
            ),
        ),
        FalseClaim(
            "categorical_sigmoid",
            "Categorical cross-entropy goes with a softmax over the classes; the sigmoid "
            "belongs to the binary (and multi-label) case.",
            (
                in_order(
                    CATEGORICAL,
                    claims("sigmoid*"),
                    unless=either(
                        BINARY,
                        claims(
                            "each label | multilabel | respectively | instead | unlike |"
                            " whereas | per label | two class"
                        ),
                    ),
                ),
            ),
        ),
        FalseClaim(
            "binary_softmax",
            "Binary cross-entropy takes one probability, usually from a sigmoid; a softmax "
            "belongs to the categorical case.",
            (
                in_order(
                    BINARY,
                    claims("softmax"),
                    unless=claims(
                        "two class* | two output* | equivalent* | same | special case |"
                        " categorical | could | would | two classes | instead | unlike | whereas |"
                        " respectively"
                    ),
                ),
            ),
        ),
        FalseClaim(
            "categorical_multilabel",
            "Multi-label problems use one binary cross-entropy per label, not a categorical "
            "cross-entropy.",
            (
                in_order(
                    CATEGORICAL,
                    things("multilabel"),
                    unless=claims(
                        "binary | sigmoid | unlike | instead | each label | per label | whereas |"
                        " rather"
                    ),
                ),
            ),
        ),
        FalseClaim(
            "categorical_two_classes",
            "Categorical cross-entropy works for two classes too: with [q, 1 − q] it gives the "
            "binary loss exactly.",
            (
                together(
                    CATEGORICAL,
                    claims(
                        "can not be used | can not use | can not handle | can not work |"
                        " can not be applied | can not deal | does not work | do not work |"
                        " will not work | impossible | only works with more than two |"
                        " only for more than two | needs more than two | requires more than two |"
                        " needs at least three | requires at least three | at least three classes"
                    ),
                    things(
                        "two class* | two classes | 2 classes | two outcomes | binary problem* |"
                        " binary task* | binary classification"
                    ),
                ),
            ),
        ),
        FalseClaim(
            "not_equivalent",
            "With two classes they agree: [q, 1 − q] against a one-hot target gives the "
            "binary loss exactly.",
            (
                together(
                    BINARY,
                    CATEGORICAL,
                    claims(
                        "~same | ~equivalent* | ~special case | different loss* |"
                        " different result* | different value* | different answer* | ~equal* |"
                        " ~identical"
                    ),
                    things("two class* | two classes | 2 classes | two outcomes | two outputs"),
                ),
            ),
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
