"""How entropy, cross-entropy and KL divergence relate, and what the smallest loss is.

Scenarios over the article's distributions p = [0.2, 0.3, 0.5] and q = [0.3, 0.3, 0.4],
one-hot and soft targets, and the loaded coin; every number is from the loss engine.
"""

from __future__ import annotations

from functools import partial

from quizapp.engine import losses
from quizapp.engine.numbers import format_vector, tex_difference
from quizapp.engine.questions._scenario import Option, Scenario, ScenarioQuestion, num, shown
from quizapp.engine.questions.base import register

_P, _Q = [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]


def _ce_versus_entropy() -> Scenario:
    h, ce = float(losses.entropy(_P)), float(losses.cross_entropy(_P, _Q))
    return Scenario(
        prompt="For a true distribution p and a prediction q over the same classes, how does "
        "the cross-entropy \\(H(p, q)\\) compare with the entropy \\(H(p)\\)?",
        right=Option(
            "at_least",
            "\\(H(p, q) \\ge H(p)\\), with equality only when \\(q = p\\)",
            "The gap \\(H(p, q) - H(p)\\) is the KL divergence, which is never negative and is 0 "
            f"only for q = p. For p = {format_vector(_P)} and q = {format_vector(_Q)}: "
            f"H(p) = {num(h)} nats and H(p, q) = {num(ce)} nats.",
        ),
        wrong=(
            Option(
                "at_most",
                "\\(H(p, q) \\le H(p)\\): a prediction can only remove uncertainty",
                "It is the other way round: believing q when the truth is p can only add "
                "surprise, never remove it.",
                "inequality_reversed",
            ),
            Option(
                "same_ranking",
                "\\(H(p, q) = H(p)\\) whenever q ranks the classes in the same order as p",
                "Matching the ranking is not enough; every probability must match for the "
                "two to be equal.",
                "argmax_equality",
            ),
            Option(
                "entropy_of_q",
                "\\(H(p, q) = H(q)\\): cross-entropy is the entropy of the prediction",
                "H(q) measures how spread out the prediction is by itself; cross-entropy "
                "weighs the prediction's surprisal by the true probabilities p.",
                "entropy_not_cross_entropy",
            ),
        ),
        hints=("What is the KL divergence in terms of H(p, q) and H(p), and what is its sign?",),
        formulas=(
            f"H(p) = {num(h)}",
            f"H(p, q) = {num(ce)} \\ge H(p)",
        ),
    )


def _kl_identity() -> Scenario:
    h, ce = float(losses.entropy(_P)), float(losses.cross_entropy(_P, _Q))
    kl = float(losses.kl_divergence(_P, _Q))
    return Scenario(
        prompt="Which identity links the KL divergence \\(D_{KL}(p \\| q)\\) with entropy "
        "and cross-entropy?",
        right=Option(
            "ce_minus_h",
            "\\(D_{KL}(p \\| q) = H(p, q) - H(p)\\)",
            "KL is the extra surprisal paid for believing q when outcomes follow p: "
            f"for p = {format_vector(_P)} and q = {format_vector(_Q)}, "
            f"\\({tex_difference(ce, h, kl)}\\) nats.",
        ),
        wrong=(
            Option(
                "h_minus_ce",
                "\\(D_{KL}(p \\| q) = H(p) - H(p, q)\\)",
                "That difference is never positive; KL is the extra cost of using q, so the "
                "cross-entropy comes first.",
                "kl_sign_reversed",
            ),
            Option(
                "sum",
                "\\(D_{KL}(p \\| q) = H(p, q) + H(p)\\)",
                "Adding the entropy counts the unavoidable surprise twice; KL is what remains "
                "after taking it away.",
                "kl_sum",
            ),
            Option(
                "swapped",
                "\\(D_{KL}(p \\| q) = H(q, p) - H(q)\\)",
                "That is \\(D_{KL}(q \\| p)\\). KL is not symmetric, so the order of the "
                "arguments matters.",
                "swapped_arguments",
            ),
        ),
        hints=("Write \\(\\log(p/q)\\) as \\(\\log p - \\log q\\) inside the KL sum.",),
        formulas=(
            "D_{KL}(p \\| q) = \\sum_i p_i \\ln\\frac{p_i}{q_i}"
            " = -\\sum_i p_i \\ln q_i + \\sum_i p_i \\ln p_i",
            tex_difference(ce, h, kl),
        ),
    )


def _one_hot_minimum() -> Scenario:
    target = [0, 0, 1]
    h = float(losses.entropy(target))
    uniform = float(losses.cross_entropy(target, [1 / 3] * 3))
    return Scenario(
        prompt="Over [panda, bird, dog] the target is the one-hot vector \\([0, 0, 1]\\). What "
        "is the smallest cross-entropy loss any prediction can reach?",
        right=Option(
            "zero",
            f"\\({num(h)}\\), by predicting \\([0, 0, 1]\\) itself",
            "The cross-entropy is smallest when q = p, where it equals the entropy of the "
            f"target; a one-hot vector has entropy {num(h)}.",
        ),
        wrong=(
            Option(
                "uniform",
                f"\\(\\ln 3 = {num(uniform)}\\) nats, from the uniform prediction",
                "The uniform guess is the safest when you know nothing, not the best: putting "
                "all the probability on the true class costs less.",
                "uniform_minimum",
            ),
            Option(
                "above_zero",
                "Just above \\(0\\): a loss of exactly 0 is impossible",
                "The minimum is reached at q = p, which for a one-hot target means predicting "
                "the target itself; softmax only approaches it, but the minimum is 0.",
                "never_zero",
            ),
            Option(
                "minus_infinity",
                "There is none: the loss can decrease without bound",
                "The loss −ln q of the true class can never be negative, since q ≤ 1; it is "
                "unbounded only upwards.",
                "sign_dropped",
            ),
        ),
        hints=("The loss is smallest when the prediction equals the target. What is H(target)?",),
        formulas=(f"\\min_q H(p, q) = H(p) = -1 \\cdot \\ln 1 = {num(h)}",),
    )


def _soft_target_minimum(name: str) -> Scenario:
    mixup = name == "mixup_minimum"
    target = [0.7, 0.3, 0.0] if mixup else [0.9, 0.05, 0.05]
    h = float(losses.entropy(target))
    uniform = float(losses.cross_entropy(target, [1 / 3] * 3))
    main = float(losses.surprisal(target[0]))
    first, second, third = (shown(v) for v in target)
    if mixup:
        setup = (
            f"Mixup blends a dog photo (weight {first}) with a cat photo (weight {second}), so "
            f"over [dog, cat, panda] the target is \\({format_vector(target)}\\)."
        )
        partial = Option(
            "main_class_only",
            f"\\(-\\ln {first} = {num(main)}\\) nats: only the main class counts",
            "With a soft target every class with a nonzero weight counts: at q = p the loss is "
            f"−{first} ln {first} − {second} ln {second}.",
            "dominant_class_only",
        )
    else:
        setup = (
            "With label smoothing, the target for a dog photo over [dog, cat, panda] is "
            f"\\({format_vector(target)}\\)."
        )
        term = target[0] * main
        partial = Option(
            "main_term_only",
            f"\\(-{first} \\ln {first} = {num(term)}\\) nats, the term of the main class",
            "At q = p every class with a nonzero target adds a term; keeping only the main "
            f"one leaves out the classes with {second} and {third}.",
            "positive_term_only",
        )
    return Scenario(
        prompt=f"{setup} What is the smallest cross-entropy loss any prediction can reach?",
        right=Option(
            "entropy",
            f"\\(H(p) = {num(h)}\\) nats, by predicting the target itself",
            "The cross-entropy is smallest at q = p, where it equals the entropy of the "
            "target; a soft target has entropy above 0, so the loss cannot reach 0.",
        ),
        wrong=(
            Option(
                "zero",
                "\\(0\\), by predicting \\([1, 0, 0]\\)",
                "That holds for one-hot targets only. Predicting [1, 0, 0] gives the other "
                "classes probability 0 and an infinite loss; the best you can do is q = p.",
                "ignored_soft_target" if mixup else "ignored_smoothing",
            ),
            partial,
            Option(
                "uniform",
                f"\\(\\ln 3 = {num(uniform)}\\) nats, from the uniform prediction",
                "The uniform prediction is not the best one; the loss is smallest when the "
                "prediction equals the target.",
                "uniform_minimum",
            ),
        ),
        hints=("The loss is smallest when the prediction equals the target. What is H(target)?",),
        formulas=(
            "\\min_q H(p, q) = H(p) = -\\sum_i p_i \\ln p_i",
            f"H({format_vector(target)}) = {num(h)}",
        ),
    )


def _loaded_coin() -> Scenario:
    coin, belief = [0.99, 0.01], [0.01, 0.99]
    h = float(losses.entropy(coin, base=2))
    ce = float(losses.cross_entropy(coin, belief, base=2))
    kl = float(losses.kl_divergence(coin, belief, base=2))
    rare = float(losses.surprisal(0.01, base=2))
    return Scenario(
        prompt="A coin lands heads 99 % of the time, but you believe it lands tails 99 % of "
        "the time. In bits, how does the cross-entropy of your belief compare with the "
        "entropy of the coin?",
        right=Option(
            "large_gap",
            f"The cross-entropy, {num(ce)} bits, is far above the entropy, {num(h)} bits",
            f"You are surprised on almost every toss. The gap of {num(kl)} bits is the KL "
            "divergence: the price of the wrong belief.",
        ),
        wrong=(
            Option(
                "equal",
                f"Both are {num(h)} bits: the coin and the belief are equally lopsided",
                "That is the entropy of each distribution on its own; cross-entropy scores "
                "your belief on the coin's actual tosses, which keep surprising you.",
                "entropy_not_cross_entropy",
            ),
            Option(
                "one_bit",
                "The cross-entropy is at most 1 bit, since a coin has only two outcomes",
                "One bit bounds the entropy of a coin, not the cross-entropy: a belief that "
                f"gives the real outcome 1 % costs {num(rare)} bits each time.",
                "bounded_loss",
            ),
            Option(
                "smaller",
                "The cross-entropy is smaller than the entropy, because the belief is confident",
                "Cross-entropy is never below the entropy of the truth; confidence in the "
                "wrong outcome makes it larger still.",
                "inequality_reversed",
            ),
        ),
        hints=("Compute \\(-\\sum p \\log_2 q\\) with p the coin and q your belief.",),
        formulas=(
            f"H(p) = -(0.99 \\log_2 0.99 + 0.01 \\log_2 0.01) = {num(h)}",
            f"H(p, q) = -(0.99 \\log_2 0.01 + 0.01 \\log_2 0.99) = {num(ce)}",
            f"D_{{KL}}(p \\| q) = {tex_difference(ce, h, kl)}",
        ),
    )


@register
class InformationRelations(ScenarioQuestion):
    """How entropy, cross-entropy and KL relate, and what the smallest loss is."""

    id = "information_relations"
    title = "Entropy, cross-entropy and KL: how they relate"
    topic = "cross_entropy"
    banks = {
        1: ("ce_vs_entropy", "kl_identity", "one_hot_minimum"),
        2: ("kl_identity", "soft_target_minimum", "loaded_coin"),
        3: ("soft_target_minimum", "mixup_minimum", "loaded_coin"),
    }

    builders = {
        "ce_vs_entropy": _ce_versus_entropy,
        "kl_identity": _kl_identity,
        "one_hot_minimum": _one_hot_minimum,
        "soft_target_minimum": partial(_soft_target_minimum, "soft_target_minimum"),
        "mixup_minimum": partial(_soft_target_minimum, "mixup_minimum"),
        "loaded_coin": _loaded_coin,
    }
