"""Why cross-entropy rather than a plain difference: unbounded penalty, simple gradient.

Scenarios comparing −ln p with 1 − p and with squared error, for a confident mistake
and for the gradient at the logits; every number is from the loss engine.
"""

from __future__ import annotations

from quizapp.engine import losses
from quizapp.engine.numbers import format_number, format_vector
from quizapp.engine.questions._scenario import Option, Scenario, ScenarioQuestion, num, shown
from quizapp.engine.questions.base import register


def _bounded_difference() -> Scenario:
    p = 0.01
    diff, ce = 1 - p, float(losses.surprisal(p))
    return Scenario(
        prompt="Someone proposes a simpler loss: the difference \\(1 - p\\) between the target "
        "1 and the probability p the model gives the true class. What is the main argument "
        "for \\(-\\ln p\\) instead?",
        right=Option(
            "unbounded_penalty",
            "The difference never exceeds 1, so a confident mistake costs hardly more than a "
            "mild one; \\(-\\ln p\\) grows without bound and punishes it hard",
            f"At p = {shown(p)} the difference is {num(diff)}, while "
            f"\\(-\\ln {shown(p)} = {num(ce)}\\) "
            "nats, and it keeps growing as p falls.",
        ),
        wrong=(
            Option(
                "not_differentiable",
                "\\(1 - p\\) cannot be differentiated, so gradient descent cannot use it",
                "1 − p is linear in p and has a gradient everywhere; the trouble is how weakly "
                "it grows, not whether it can be differentiated.",
                "difference_not_differentiable",
            ),
            Option(
                "same_ranking",
                "There is no real difference: both rank predictions the same way, so they "
                "train the same model",
                "Both fall as p rises, but they weigh mistakes very differently, and training "
                "follows the gradients, which differ a lot.",
                "same_ranking_same_loss",
            ),
            Option(
                "smaller_values",
                "\\(-\\ln p\\) gives smaller numbers, which keeps training stable",
                "It is the other way round: \\(-\\ln p \\ge 1 - p\\) for every p, and the gap "
                "grows as p falls.",
                "smaller_is_better",
            ),
        ),
        hints=(f"Compare both losses for a very confident mistake, say p = {shown(p)}.",),
        formulas=(f"1 - {shown(p)} = {num(diff)}", f"-\\ln {shown(p)} = {num(ce)}"),
        plot_p=p,
    )


def _confident_mistake() -> Scenario:
    mild, bold = 0.5, 0.01
    diff_ratio = (1 - bold) / (1 - mild)
    ce_ratio = float(losses.surprisal(bold) / losses.surprisal(mild))
    return Scenario(
        prompt=f"Compare a mild mistake, where the true class gets p = {shown(mild)}, with a "
        f"confident one, where it gets p = {shown(bold)}. How many times more does each loss "
        "charge the confident mistake?",
        right=Option(
            "log_grows_faster",
            f"The difference \\(1 - p\\) charges {num(diff_ratio)} times as much; "
            f"\\(-\\ln p\\) charges {num(ce_ratio)} times as much",
            "The log loss singles out the confident mistake; the difference barely notices "
            "it. That is the point of using −ln p.",
        ),
        wrong=(
            Option(
                "swapped",
                f"The difference \\(1 - p\\) charges {num(ce_ratio)} times as much; "
                f"\\(-\\ln p\\) charges {num(diff_ratio)} times as much",
                "The two ratios are swapped: the difference is capped at 1, so it cannot grow "
                "much, while −ln p keeps climbing.",
                "swapped_ratios",
            ),
            Option(
                "both_same",
                f"Both charge {num(diff_ratio)} times as much",
                "Only the difference grows in step with the lost probability; the log grows "
                "faster and faster as p nears 0.",
                "linear_penalty",
            ),
            Option(
                "fifty",
                f"Both charge {num(mild / bold)} times as much, since p is that many times smaller",
                "Neither loss is proportional to 1/p: the difference compares 1 − p, the log "
                "turns the factor into an added step.",
                "ratio_of_probabilities",
            ),
        ),
        hints=("Compute 1 − p and −ln p for both mistakes, then divide.",),
        formulas=(
            f"\\frac{{1 - {shown(bold)}}}{{1 - {shown(mild)}}} = {num(diff_ratio)}",
            f"\\frac{{-\\ln {shown(bold)}}}{{-\\ln {shown(mild)}}} = {num(ce_ratio)}",
        ),
        plot_p=bold,
    )


def _gradient_rule() -> Scenario:
    return Scenario(
        prompt="For softmax outputs \\(q = \\mathrm{softmax}(z)\\) and a one-hot target y, what "
        "is the gradient of the cross-entropy loss with respect to the logits z?",
        right=Option(
            "q_minus_y",
            "\\(q - y\\), the prediction minus the target",
            "The derivative of −ln and that of softmax cancel down to q − y: linear in the "
            "output, large when the prediction is far off and vanishing as it reaches the "
            "target, which keeps training smooth.",
        ),
        wrong=(
            Option(
                "y_minus_q",
                "\\(y - q\\)",
                "That is the direction that lowers the loss, the negative gradient; the "
                "gradient itself is q − y.",
                "gradient_sign",
            ),
            Option(
                "minus_y_over_q",
                "\\(-y / q\\)",
                "That is the derivative with respect to the probabilities q; going back "
                "through softmax turns it into q − y.",
                "gradient_wrt_probabilities",
            ),
            Option(
                "softmax_slope",
                "\\(q(1 - q)\\)",
                "That is the slope of the softmax (or sigmoid) output alone; combined with "
                "the loss's own derivative it cancels to leave q − y.",
                "softmax_derivative_only",
            ),
        ),
        hints=("Differentiate \\(-z_t + \\ln \\sum_j e^{z_j}\\) with respect to each \\(z_i\\).",),
        formulas=("\\frac{\\partial L}{\\partial z_i} = \\mathrm{softmax}(z)_i - y_i",),
    )


def _gradient_example() -> Scenario:
    logits, target = [2.0, 1.0, 0.1], [1, 0, 0]
    grad = losses.cross_entropy_grad(logits, 0).tolist()
    probs = losses.softmax(logits).tolist()
    reverse = [-g for g in grad]
    raw = [z - y for z, y in zip(logits, target, strict=True)]

    def vec(values: list[float]) -> str:
        return format_vector(values, format_number)

    return Scenario(
        prompt=f"A classifier outputs the logits \\(z = {format_vector(logits)}\\) for an "
        f"example of the first class (target \\(y = {format_vector(target)}\\)). What is the "
        "gradient of the cross-entropy loss with respect to z?",
        right=Option(
            "q_minus_y",
            f"\\({vec(grad)}\\)",
            f"Softmax gives q = {vec(probs)}; subtracting the target gives the gradient "
            "q − y: negative for the true class (raise its logit), positive for the others.",
        ),
        wrong=(
            Option(
                "y_minus_q",
                f"\\({vec(reverse)}\\)",
                "That is y − q, the negative gradient; the gradient is q − y.",
                "gradient_sign",
            ),
            Option(
                "q_only",
                f"\\({vec(probs)}\\)",
                "That is softmax(z) alone; the target still has to be subtracted.",
                "target_not_subtracted",
            ),
            Option(
                "z_minus_y",
                f"\\({vec(raw)}\\)",
                "You subtracted the target from the logits; pass the logits through softmax first.",
                "no_softmax",
            ),
        ),
        hints=(
            "Compute softmax(z) first.",
            "The gradient with respect to the logits is softmax(z) − y.",
        ),
        formulas=(f"q = \\mathrm{{softmax}}(z) = {vec(probs)}", f"q - y = {vec(grad)}"),
    )


def _saturation() -> Scenario:
    z = -6.0
    q = float(losses.sigmoid(z))
    ce_grad = q - 1.0
    mse_grad = 2 * (q - 1.0) * q * (1 - q)
    return Scenario(
        prompt="A binary classifier with a sigmoid output is confidently wrong: its logit is "
        "\\(z = -6\\) for a positive example (y = 1). Why does it learn faster from "
        "cross-entropy than from the squared error \\((\\sigma(z) - y)^2\\)?",
        right=Option(
            "mse_saturates",
            "The squared error's gradient carries the factor \\(\\sigma(z)(1 - \\sigma(z))\\), "
            "which is tiny when the output saturates; cross-entropy's gradient is "
            "\\(\\sigma(z) - y\\)",
            f"Here σ(z) = {num(q)}: the squared-error gradient is only {num(mse_grad)}, while "
            f"the cross-entropy gradient is {num(ce_grad)}, so the mistake is corrected fast.",
        ),
        wrong=(
            Option(
                "mse_explodes",
                "The squared error's gradient explodes for confident mistakes, so training "
                "must slow down",
                "The squared error is bounded by 1 here and its gradient all but vanishes; it "
                "is the log loss that keeps a strong gradient.",
                "mse_unbounded",
            ),
            Option(
                "ce_smaller_gradient",
                "Cross-entropy has the smaller gradient here, which makes its steps more careful",
                f"It is the other way round: {num(ce_grad)} for cross-entropy against "
                f"{num(mse_grad)} for the squared error.",
                "gradient_reversed",
            ),
        ),
        hints=("Differentiate both losses with respect to z using σ'(z) = σ(z)(1 − σ(z)).",),
        formulas=(
            f"\\sigma(-6) = {num(q)}",
            "\\frac{\\partial}{\\partial z} (\\sigma - y)^2"
            f" = 2(\\sigma - y)\\sigma(1 - \\sigma) = {num(mse_grad)}",
            f"\\frac{{\\partial}}{{\\partial z}} \\mathrm{{BCE}} = \\sigma - y = {num(ce_grad)}",
        ),
        plot_p=q,
    )


@register
class WhyCrossEntropy(ScenarioQuestion):
    """Why cross-entropy and not a plain difference: unbounded penalty, simple gradient."""

    id = "why_cross_entropy"
    title = "Why cross-entropy rather than a plain difference"
    banks = {
        1: ("bounded_difference", "confident_mistake"),
        2: ("confident_mistake", "gradient_rule"),
        3: ("gradient_rule", "gradient_example", "saturation"),
    }
    builders = {
        "bounded_difference": _bounded_difference,
        "confident_mistake": _confident_mistake,
        "gradient_rule": _gradient_rule,
        "gradient_example": _gradient_example,
        "saturation": _saturation,
    }
