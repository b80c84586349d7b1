"""The numpy loss engine: information measures, activations and classification losses.

Every number the app states comes from here, so the maths is exact: float64
throughout, −log 0 is +inf (clipping happens only when ``eps`` asks for it), and
0·log 0 is 0. Inputs are validated and a bad one raises ``ValueError`` naming the
argument. ``base`` picks the unit: ``math.e`` for nats (default), 2 for bits, 10 for
hartleys. The classification losses follow PyTorch's definitions, including how a
weighted "mean" divides by the summed weights of the targets.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.engine import _checks, _kernels
from quizapp.engine._classification import (
    binary_cross_entropy,
    categorical_cross_entropy,
    cross_entropy_grad,
    multilabel_cross_entropy,
)

__all__ = [
    "binary_cross_entropy",
    "categorical_cross_entropy",
    "cross_entropy",
    "cross_entropy_grad",
    "entropy",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "multilabel_cross_entropy",
    "sigmoid",
    "softmax",
    "surprisal",
]


def _plain(value: np.ndarray) -> float | np.ndarray:
    """Return a Python float for a 0-d result so callers get a plain number."""
    return float(value) if np.ndim(value) == 0 else value


def surprisal(p: object, base: float = math.e, *, eps: float | None = None) -> float | np.ndarray:
    """Surprisal (self-information) of outcomes with probability ``p``: −log_b p.

    Rare outcomes surprise us more; a certain one (p = 1) not at all, an impossible
    one (p = 0) infinitely. Elementwise.

    >>> round(surprisal(0.001, base=2), 4)  # meeting a panda in the forest, in bits
    9.9658
    >>> round(surprisal(0.001), 4)  # the same in nats
    6.9078
    """
    ln_base = _checks.check_base(base)
    eps = _checks.check_eps(eps)
    probs = _checks.as_float_array(p, "p")
    _checks.check_probabilities(probs, "p")
    if eps is not None:
        probs = np.clip(probs, eps, 1.0)
    with np.errstate(divide="ignore"):
        result = -np.log(probs) / ln_base + 0.0  # + 0.0 turns −0.0 (at p = 1) into 0.0
    return _plain(result)


def entropy(p: object, base: float = math.e, axis: int = -1) -> float | np.ndarray:
    """Entropy of a distribution: H(p) = −Σ_i p_i log_b p_i, with 0·log 0 = 0.

    The expected surprisal when outcomes are drawn from ``p`` itself; zero for a
    one-hot distribution, largest (log_b C) for a uniform one.

    >>> round(entropy([0.2, 0.3, 0.5]), 4), round(entropy([0.2, 0.3, 0.5], base=2), 4)
    (1.0297, 1.4855)
    """
    ln_base = _checks.check_base(base)
    probs = _checks.as_float_array(p, "p")
    axis = _checks.check_axis(probs, axis, "p")
    _checks.check_distribution(probs, "p", axis)
    result = -_kernels.xlogy(probs, probs).sum(axis=axis) / ln_base + 0.0
    return _plain(result)


def _two_distributions(p: object, q: object, axis: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Validate a true distribution ``p`` and a predicted ``q`` of the same shape."""
    true = _checks.as_float_array(p, "p")
    predicted = _checks.as_float_array(q, "q")
    _checks.check_same_shape(true, predicted, ("p", "q"))
    axis = _checks.check_axis(true, axis, "p")
    _checks.check_distribution(true, "p", axis)
    _checks.check_distribution(predicted, "q", axis)
    return true, predicted, axis


def cross_entropy(
    p: object, q: object, base: float = math.e, axis: int = -1, *, eps: float | None = None
) -> float | np.ndarray:
    """Cross-entropy of a prediction ``q`` against the truth ``p``: H(p, q) = −Σ p_i log_b q_i.

    The expected surprisal of outcomes drawn from ``p`` when we believe ``q``.
    H(p, q) ≥ H(p), with equality only when q = p. A class with p_i = 0 contributes
    nothing; one with p_i > 0 and q_i = 0 makes the result +inf.

    >>> round(cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]), 4)
    0.3567
    >>> round(cross_entropy([0.99, 0.01], [0.01, 0.99], base=2), 4)  # the loaded coin
    6.5776
    """
    ln_base = _checks.check_base(base)
    eps = _checks.check_eps(eps)
    true, predicted, axis = _two_distributions(p, q, axis)
    if eps is not None:
        predicted = np.clip(predicted, eps, 1.0)
    result = -_kernels.xlogy(true, predicted).sum(axis=axis) / ln_base + 0.0
    return _plain(result)


def kl_divergence(p: object, q: object, base: float = math.e, axis: int = -1) -> float | np.ndarray:
    """Kullback–Leibler divergence D_KL(p ‖ q) = Σ p_i log_b(p_i / q_i) = H(p, q) − H(p).

    The extra surprisal paid for believing ``q`` when the truth is ``p``: never
    negative, zero only when q = p, +inf when q_i = 0 where p_i > 0.

    >>> round(kl_divergence([0.99, 0.01], [0.01, 0.99]), 4)
    4.5032
    """
    ln_base = _checks.check_base(base)
    true, predicted, axis = _two_distributions(p, q, axis)
    terms = np.zeros(true.shape)
    present = true > 0
    p_present, q_present = true[present], predicted[present]
    with np.errstate(divide="ignore", over="ignore"):
        log_ratio = np.log(p_present / q_present)
        # p / q overflows when q is tiny but not 0 (say 1e-320); log p − log q is then
        # finite and, with |log q| that large, as accurate as the ratio would have been.
        overflowed = np.isinf(log_ratio) & (q_present > 0)
        log_ratio[overflowed] = np.log(p_present[overflowed]) - np.log(q_present[overflowed])
    terms[present] = p_present * log_ratio
    # Rounding can leave a hair below zero when q ≈ p; the true value never is.
    result = np.maximum(terms.sum(axis=axis), 0.0) / ln_base
    return _plain(result)


def _logits(z: object, axis: int) -> tuple[np.ndarray, int]:
    """Validate finite logits and the axis the classes lie along."""
    logits = _checks.as_float_array(z, "z")
    return logits, _checks.check_axis(logits, axis, "z")


def softmax(z: object, axis: int = -1) -> np.ndarray:
    """softmax(z)_i = e^{z_i} / Σ_j e^{z_j}: logits to probabilities that sum to 1.

    Computed after subtracting the maximum, so logits of ±1e4 are fine. Adding the
    same constant to every logit does not change the result.

    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    logits, axis = _logits(z, axis)
    return _kernels.softmax(logits, axis)


def log_softmax(z: object, axis: int = -1) -> np.ndarray:
    """log softmax(z)_i = z_i − log Σ_j e^{z_j}, finite for any finite logits.

    >>> round(float(log_softmax([1e4, 0.0])[1]), 1)
    -10000.0
    """
    logits, axis = _logits(z, axis)
    return _kernels.log_softmax(logits, axis)


def sigmoid(z: object) -> float | np.ndarray:
    """σ(z) = 1 / (1 + e^{−z}), the probability a binary classifier outputs.

    >>> sigmoid(0.0)
    0.5
    """
    return _plain(_kernels.sigmoid(_checks.as_float_array(z, "z")))


def log_sigmoid(z: object) -> float | np.ndarray:
    """log σ(z) = −log(1 + e^{−z}), exact for large |z| (log σ(−800) = −800).

    >>> log_sigmoid(-800.0)
    -800.0
    """
    return _plain(_kernels.log_sigmoid(_checks.as_float_array(z, "z")))
