"""Log bases and units: which base gives bits, nats or hartleys, and how to convert.

Scenarios from the surprisal of the article's panda to converting a loss value;
every number is from the loss engine.
"""

from __future__ import annotations

from quizapp.engine import losses
from quizapp.engine.numbers import format_vector
from quizapp.engine.questions._scenario import (
    MOCK_PREDICTION,
    Option,
    Scenario,
    ScenarioQuestion,
    num,
    shown,
)
from quizapp.engine.questions.base import register


def _bits_base() -> Scenario:
    return Scenario(
        prompt="Which base of the logarithm gives surprisal and entropy in bits?",
        right=Option(
            "base_2",
            "Base 2",
            "A bit is the surprise of one fair coin toss: \\(-\\log_2 \\tfrac{1}{2} = 1\\).",
        ),
        wrong=(
            Option(
                "base_e",
                "Base e, the natural log",
                "The natural log gives nats, the unit machine-learning libraries use.",
                "natural_log",
            ),
            Option(
                "base_10",
                "Base 10",
                "Base 10 gives hartleys (also called bans or dits).",
                "log_base_10",
            ),
            Option(
                "base_classes",
                "The number of classes",
                "The base sets the unit, not the number of classes; bits use base 2 "
                "whatever the number of classes.",
                "base_is_classes",
            ),
        ),
        hints=("A fair coin toss should carry exactly one unit of surprise.",),
        formulas=(f"-\\log_2 0.5 = {num(float(losses.surprisal(0.5, base=2)))}",),
    )


def _framework_default() -> Scenario:
    ratio = float(losses.surprisal(0.5))
    return Scenario(
        prompt="Deep-learning libraries such as PyTorch (and this app, when it writes log) "
        "compute cross-entropy with which logarithm, so in which unit is the loss?",
        right=Option(
            "nats",
            "The natural log, so the loss is in nats",
            "ln is the default because its derivative is simplest: d ln q / dq = 1/q.",
        ),
        wrong=(
            Option(
                "bits",
                "Log base 2, so the loss is in bits",
                "Bits come from information theory; the libraries use the natural log.",
                "log_base_2",
            ),
            Option(
                "hartleys",
                "Log base 10, so the loss is in hartleys",
                "Base 10 is the calculator log; the libraries use the natural log.",
                "log_base_10",
            ),
            Option(
                "no_unit",
                "Any: the base makes no difference to a loss",
                f"The base rescales every loss (and gradient) by one factor: a value in "
                f"bits times ln 2 = {num(ratio)} gives nats, so numbers in different units "
                "cannot be compared directly.",
                "units_interchangeable",
            ),
        ),
        hints=("Which log has the derivative 1/x?",),
    )


def _nats_to_bits() -> Scenario:
    ln2 = float(losses.surprisal(0.5))
    ln10 = float(losses.surprisal(0.1))
    panda_bits = float(losses.surprisal(0.001, base=2))
    panda_nats = float(losses.surprisal(0.001))
    return Scenario(
        prompt="A loss is given in nats. How do you turn it into bits?",
        right=Option(
            "divide_ln2",
            f"Divide it by \\(\\ln 2 = {num(ln2)}\\)",
            f"\\(\\log_2 x = \\ln x / \\ln 2\\), so one nat is {num(1 / ln2)} bits. The panda "
            f"with p = 0.001 surprises by {num(panda_nats)} nats = {num(panda_bits)} bits.",
        ),
        wrong=(
            Option(
                "multiply_ln2",
                f"Multiply it by \\(\\ln 2 = {num(ln2)}\\)",
                "That converts bits to nats. The same surprise is a larger number in bits, "
                "so divide by ln 2.",
                "conversion_inverted",
            ),
            Option(
                "divide_ln10",
                f"Divide it by \\(\\ln 10 = {num(ln10)}\\)",
                "Dividing by ln 10 gives hartleys (log base 10), not bits.",
                "log_base_10",
            ),
            Option(
                "same",
                "Nothing: nats and bits are two names for the same number",
                f"They differ by the factor ln 2: the same surprise is {num(1 / ln2)} times as "
                "many bits as nats.",
                "units_interchangeable",
            ),
        ),
        hints=("Change of base: \\(\\log_2 x = \\ln x / \\ln 2\\).",),
        formulas=(f"\\log_2 x = \\frac{{\\ln x}}{{\\ln 2}} = \\frac{{\\ln x}}{{{num(ln2)}}}",),
    )


def _panda_units() -> Scenario:
    bits = float(losses.surprisal(0.001, base=2))
    nats = float(losses.surprisal(0.001))
    tens = float(losses.surprisal(0.001, base=10))
    return Scenario(
        prompt="The chance of meeting a panda first in a forest is 0.001. Which pair gives "
        "its surprisal correctly in bits and in nats?",
        right=Option(
            "bits_then_nats",
            f"{num(bits)} bits, which is {num(nats)} nats",
            f"\\(-\\log_2 0.001 = {num(bits)}\\) and \\(-\\ln 0.001 = {num(nats)}\\): a bit is "
            "a smaller unit, so the same surprise takes more of them.",
        ),
        wrong=(
            Option(
                "swapped",
                f"{num(nats)} bits, which is {num(bits)} nats",
                "The units are swapped: the natural log gives the smaller number, in nats.",
                "units_swapped",
            ),
            Option(
                "log10",
                f"{num(tens)} bits, which is {num(nats)} nats",
                f"{num(tens)} is −log10 0.001, in hartleys; bits need log base 2.",
                "log_base_10",
            ),
            Option(
                "negative",
                f"{num(-bits)} bits, which is {num(-nats)} nats",
                "The sign is off: surprisal −log p is positive for p < 1.",
                "sign_dropped",
            ),
        ),
        hints=("Compute −log₂ 0.001 and −ln 0.001.",),
        formulas=(f"-\\log_2 0.001 = {num(bits)}", f"-\\ln 0.001 = {num(nats)}"),
    )


def _uniform_bits() -> Scenario:
    uniform = [0.125] * 8
    bits = float(losses.entropy(uniform, base=2))
    nats = float(losses.entropy(uniform))
    coin_bits = float(losses.entropy([0.5, 0.5], base=2))
    coin_nats = float(losses.entropy([0.5, 0.5]))
    return Scenario(
        prompt="A model's prediction is uniform over 8 classes. What is its entropy, in bits "
        "and in nats?",
        right=Option(
            "log2_8",
            f"{num(bits)} bits, which is {num(nats)} nats",
            f"With C equally likely classes the entropy is log C: \\(\\log_2 8 = {num(bits)}\\) "
            f"bits and \\(\\ln 8 = {num(nats)}\\) nats.",
        ),
        wrong=(
            Option(
                "swapped",
                f"{num(nats)} bits, which is {num(bits)} nats",
                "The units are swapped: the natural log gives the smaller number, in nats.",
                "units_swapped",
            ),
            Option(
                "one_bit",
                f"{num(coin_bits)} bit, which is {num(coin_nats)} nats: entropy "
                "never exceeds one bit",
                "One bit is the ceiling for two outcomes; C equally likely classes give "
                "log₂ C bits.",
                "bounded_by_one",
            ),
            Option(
                "eight",
                "8 bits, one per class",
                "Entropy grows with the log of the number of equally likely classes, not "
                "with the count.",
                "entropy_is_count",
            ),
        ),
        hints=("Every class has surprisal −log(1/8) = log 8.",),
        formulas=(f"H = -\\sum_{{i=1}}^{{8}} \\tfrac18 \\log_2 \\tfrac18 = {num(bits)}",),
    )


def _convert_value() -> Scenario:
    pred = MOCK_PREDICTION
    nats = float(losses.categorical_cross_entropy(pred, 0))
    bits = float(losses.categorical_cross_entropy(pred, 0, base=2))
    tens = float(losses.categorical_cross_entropy(pred, 0, base=10))
    ln2 = float(losses.surprisal(0.5))
    return Scenario(
        prompt=f"The loss of the prediction \\({format_vector(pred)}\\) against the target "
        f"\\([1, 0, 0]\\) is {num(nats)} nats. What is it in bits?",
        right=Option(
            "bits",
            f"{num(bits)} bits",
            f"Divide by ln 2: {num(nats)} / {num(ln2)} = {num(bits)}, which is "
            f"−log₂ {shown(pred[0])}.",
        ),
        wrong=(
            Option(
                "multiplied",
                f"{num(nats * ln2)} bits",
                "You multiplied by ln 2, which turns bits into nats; divide instead.",
                "conversion_inverted",
            ),
            Option(
                "hartleys",
                f"{num(tens)} bits",
                f"That is −log10 {shown(pred[0])}, in hartleys; bits need log base 2.",
                "log_base_10",
            ),
            Option(
                "unchanged",
                f"{num(nats)} bits",
                "Nats and bits differ by the factor ln 2, so the number must change.",
                "units_interchangeable",
            ),
        ),
        hints=("\\(\\log_2 x = \\ln x / \\ln 2\\).",),
        formulas=(f"\\frac{{{num(nats)}}}{{\\ln 2}} = {num(bits)}",),
        plot_p=pred[0],
    )


@register
class LogUnits(ScenarioQuestion):
    """Bits, nats and hartleys: which base gives which unit and how to convert."""

    id = "log_units"
    title = "Log bases and units: bits and nats"
    topic = "surprisal"
    banks = {
        1: ("bits_base", "framework_default", "nats_to_bits"),
        2: ("nats_to_bits", "panda_units", "uniform_bits"),
        3: ("panda_units", "uniform_bits", "convert_value"),
    }
    builders = {
        "bits_base": _bits_base,
        "framework_default": _framework_default,
        "nats_to_bits": _nats_to_bits,
        "panda_units": _panda_units,
        "uniform_bits": _uniform_bits,
        "convert_value": _convert_value,
    }
