"""Which output activation and loss fit a task: multi-class, binary or multi-label.

A bank of task descriptions, each of one of the three kinds; the options are the
right setup for that kind and the setups a typical slip reaches for instead.
"""

from __future__ import annotations

from quizapp.engine.questions._scenario import Option, Scenario, ScenarioQuestion
from quizapp.engine.questions.base import register

_TASKS: dict[str, tuple[str, str]] = {
    "multi_class": (
        "multiclass",
        "A model looks at a photo and must say which animal it shows: a dog, a cat or a "
        "panda. Every photo shows exactly one of the three.",
    ),
    "binary": ("binary", "A model must say whether a photo shows a panda or not."),
    "multi_label": (
        "multilabel",
        "A model must say which of dog, cat and panda appear in a photo; one photo may "
        "show several of them together.",
    ),
    "digits": (
        "multiclass",
        "A model reads one handwritten digit and must say which of the ten digits 0 to 9 it is.",
    ),
    "spam": ("binary", "An e-mail filter must decide for each message whether it is spam."),
    "genres": (
        "multilabel",
        "A model tags a film with every genre that fits it, out of comedy, drama, action, "
        "horror and romance; most films get two or three tags.",
    ),
    "bird_species": (
        "multiclass",
        "A model must name the species of the bird in a photo, out of 200 species; each "
        "photo shows a single bird.",
    ),
    "review_logit": (
        "binary",
        "A sentiment model produces one raw score (a logit) per product review and must "
        "say whether the review is positive.",
    ),
    "maybe_empty": (
        "multilabel",
        "A wildlife-camera model must list every species, out of 12, visible in a frame; "
        "many frames show none at all and some show several.",
    ),
}

_SOFTMAX_CE = "A softmax over the classes, with categorical cross-entropy against the one-hot label"
_SIGMOID_BCE = "One sigmoid output, with binary cross-entropy against the 0/1 label"
_SIGMOID_EACH = "One sigmoid per label, with the binary cross-entropies of all labels summed"
_SOFTMAX_MSE = (
    "A softmax over the classes, with the mean squared error between the probabilities "
    "and the target"
)
_MSE_WHY = (
    "Squared error on probabilities is bounded by 1 per class, so a confident mistake costs "
    "little, and its gradient fades when the output saturates. Cross-entropy keeps "
    "punishing confident mistakes hard."
)


def _which_loss_options(task: str) -> tuple[Option, tuple[Option, ...]]:
    """The right setup for a task type and the typical wrong ones, each with its mistake."""
    if task == "multiclass":
        return (
            Option(
                "softmax_ce",
                _SOFTMAX_CE,
                "Exactly one class is true, so the outputs should be one probability "
                "distribution over the classes: softmax gives that, and categorical "
                "cross-entropy then charges \\(-\\ln q\\) for the probability q given to the "
                "true class.",
            ),
            (
                Option(
                    "sigmoid_each",
                    _SIGMOID_EACH,
                    "Independent sigmoids treat every class as its own yes/no question, so the "
                    "outputs need not sum to 1 and the model is never told that exactly one "
                    "class is present. That setup is for multi-label tasks.",
                    "sigmoid_for_multiclass",
                ),
                Option("softmax_mse", _SOFTMAX_MSE, _MSE_WHY, "mse_on_probabilities"),
                Option(
                    "sigmoid_bce",
                    _SIGMOID_BCE,
                    "A single sigmoid output can only tell two outcomes apart; with more than "
                    "two classes you need one probability per class.",
                    "binary_for_multiclass",
                ),
            ),
        )
    if task == "binary":
        return (
            Option(
                "sigmoid_bce",
                _SIGMOID_BCE,
                "One probability q is enough (the other outcome has 1 − q): a sigmoid turns "
                "the score into q and binary cross-entropy "
                "\\(-[y \\ln q + (1 - y) \\ln(1 - q)]\\) charges it. Two softmax outputs with "
                "categorical cross-entropy would give exactly the same loss.",
            ),
            (
                Option(
                    "softmax_one",
                    "A single output passed through softmax, with categorical cross-entropy",
                    "Softmax over a single output always returns 1, so the loss is always 0 "
                    "and the model learns nothing. Use a sigmoid for one output, or softmax "
                    "over two.",
                    "softmax_single_output",
                ),
                Option(
                    "sigmoid_mse",
                    "One sigmoid output, with the squared error \\((y - q)^2\\)",
                    _MSE_WHY,
                    "mse_on_probabilities",
                ),
                Option(
                    "raw_bce",
                    "The raw output score with no activation, fed straight into binary "
                    "cross-entropy",
                    "Binary cross-entropy takes the log of a probability; a raw score can be "
                    "negative or above 1. Pass it through a sigmoid first (or use the "
                    "from-logits form of the loss, which does that for you).",
                    "no_sigmoid",
                ),
            ),
        )
    return (
        Option(
            "sigmoid_each",
            _SIGMOID_EACH,
            "Each label is its own yes/no question, so each gets its own sigmoid probability "
            "and its own binary cross-entropy; the example's loss is their sum, and any "
            "number of labels, even none, can be on at once.",
        ),
        (
            Option(
                "softmax_multi_hot",
                "A softmax over the labels, with cross-entropy against the multi-hot target",
                "Softmax makes the labels compete for one unit of probability, so two labels "
                "that are both present can never both get a high probability.",
                "softmax_for_multilabel",
            ),
            Option(
                "sigmoid_bce",
                _SIGMOID_BCE,
                "One sigmoid answers a single yes/no question; each label needs its own "
                "output and its own binary cross-entropy.",
                "single_output_for_multilabel",
            ),
            Option("softmax_mse", _SOFTMAX_MSE, _MSE_WHY, "mse_on_probabilities"),
        ),
    )


@register
class WhichLoss(ScenarioQuestion):
    """Which output activation and loss fit a task: multi-class, binary or multi-label."""

    id = "which_loss"
    title = "Choosing the activation and the loss"
    banks = {
        1: ("multi_class", "binary", "multi_label"),
        2: ("digits", "spam", "genres"),
        3: ("bird_species", "review_logit", "maybe_empty"),
    }

    def scenario(self, name: str) -> Scenario:
        task, description = _TASKS[name]
        right, wrong = _which_loss_options(task)
        return Scenario(
            prompt=f"{description} Which output activation and loss should it be trained with?",
            right=right,
            wrong=wrong,
            hints=(
                "First decide how many classes can be true at once: exactly one of many, "
                "one yes/no answer, or any number of labels.",
                "Softmax makes classes compete for one unit of probability; a sigmoid gives "
                "each output its own probability.",
            ),
        )
