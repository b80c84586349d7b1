"""Classification losses of the engine, re-exported by ``quizapp.engine.losses``.

Each public function validates and documents; the arithmetic follows PyTorch's
``cross_entropy``, ``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``
so that a learner's numbers agree with the framework they will use at work.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.engine import _checks, _kernels


def _reduce(
    losses: np.ndarray, reduction: str, denominator: float | None = None
) -> float | np.ndarray:
    """Apply 'none', 'sum' or 'mean' (dividing by ``denominator`` when given)."""
    if reduction == "none":
        return float(losses) if losses.ndim == 0 else losses
    total = float(losses.sum())
    if reduction == "sum":
        return total
    count = losses.size if denominator is None else denominator
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.float64(total) / np.float64(count))


def _check_smoothing(label_smoothing: float) -> float:
    """Require a label-smoothing amount in [0, 1]."""
    if not isinstance(label_smoothing, int | float) or not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be a number in [0, 1]; got {label_smoothing!r}")
    return float(label_smoothing)


def _class_scores(pred: object, name: str = "pred") -> tuple[np.ndarray, bool]:
    """Return ``pred`` as an (N, C) array and whether a single (C,) example was given."""
    scores = _checks.as_float_array(pred, name)
    if scores.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape (C,) or (N, C); got shape {scores.shape}")
    if scores.shape[-1] == 0:
        raise ValueError(f"{name} must have at least one class")
    single = scores.ndim == 1
    return (scores[None, :] if single else scores), single


def _read_target(target: object, scores: np.ndarray, single: bool) -> tuple[np.ndarray, bool]:
    """Return the target as (N,) class indices or (N, C) probability rows, and which."""
    try:
        raw = np.asarray(target)
    except ValueError as exc:
        raise ValueError(
            f"target must be array-like of one shape; could not read it ({exc})"
        ) from None
    n_rows, n_classes = scores.shape
    if raw.shape == (scores.shape[1:] if single else scores.shape):
        rows = _checks.as_float_array(raw, "target")
        rows = rows[None, :] if single else rows
        _checks.check_distribution(rows, "target", axis=1)
        return rows, False
    if raw.shape == (() if single else (n_rows,)):
        indices = _checks.class_indices(raw, n_classes)
        return indices.reshape(n_rows), True
    expected = "() or (C,)" if single else f"({n_rows},) or ({n_rows}, {n_classes})"
    raise ValueError(
        f"target must be class indices or probability rows of shape {expected} "
        f"to match pred of shape {scores.shape[1:] if single else scores.shape}; "
        f"got shape {raw.shape}"
    )


def _log_probabilities(scores: np.ndarray, from_logits: bool, eps: float | None) -> np.ndarray:
    """log q for every class: log-softmax of logits, or the log of given probabilities."""
    if from_logits:
        return _kernels.log_softmax(scores, axis=1)
    _checks.check_distribution(scores, "pred", axis=1)
    if eps is not None:
        scores = np.clip(scores, eps, 1.0 - eps)
    with np.errstate(divide="ignore"):
        return np.log(scores)


def categorical_cross_entropy(
    pred: object,
    target: object,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    weight: object = None,
    reduction: str = "mean",
    base: float = math.e,
    eps: float | None = None,
) -> float | np.ndarray:
    """Categorical cross-entropy of predictions against class indices or probability rows.

    For one example with predicted probabilities q and target y:
    ℓ = −Σ_c w_c y_c log_b q_c, which for a one-hot target is −w_t log_b q_t (only the
    true class t matters). With ``label_smoothing`` ε the target becomes
    (1 − ε) y + ε / C. With ``from_logits=True`` q = softmax(pred). The result equals
    ``torch.nn.functional.cross_entropy`` given the same target, ``weight``,
    ``label_smoothing`` and ``reduction``: a weighted "mean" over class indices
    divides by Σ_i w_{t_i}; over probability rows it divides by N.

    Parameters: ``pred`` (C,) or (N, C) probabilities (rows summing to 1) or logits;
    ``target`` class indices () or (N,), or probability rows of ``pred``'s shape;
    ``weight`` (C,) non-negative per-class weights; ``reduction`` "none", "sum" or
    "mean"; ``base`` of the logarithm; ``eps`` clips probabilities to [eps, 1 − eps].

    >>> round(categorical_cross_entropy([0.7, 0.2, 0.1], 0), 4)
    0.3567
    >>> round(categorical_cross_entropy([0.1, 0.2, 0.7], [0, 0, 1]), 4)
    0.3567
    """
    ln_base = _checks.check_base(base)
    _checks.check_reduction(reduction)
    eps = _checks.check_eps(eps)
    smoothing = _check_smoothing(label_smoothing)
    scores, single = _class_scores(pred)
    n_rows, n_classes = scores.shape
    weights = _checks.class_weights(weight, n_classes)
    targets, are_indices = _read_target(target, scores, single)

    if are_indices:
        losses, denominator = _index_target_losses(
            scores, targets, from_logits, smoothing, weights, eps
        )
    else:
        losses, denominator = (
            _probability_target_losses(scores, targets, from_logits, smoothing, weights, eps),
            None,
        )
    losses = losses / ln_base + 0.0
    if single and reduction == "none":
        return float(losses[0])
    # A single example still divides a weighted "mean" by its target's weight, as torch does.
    return _reduce(losses, reduction, denominator)


def _index_target_losses(
    scores: np.ndarray,
    indices: np.ndarray,
    from_logits: bool,
    smoothing: float,
    weights: np.ndarray | None,
    eps: float | None,
) -> tuple[np.ndarray, float | None]:
    """Per-example losses for class-index targets, and the weighted-mean denominator."""
    n_rows, n_classes = scores.shape
    rows = np.arange(n_rows)
    target_weight = np.ones(n_rows) if weights is None else weights[indices]
    if from_logits and smoothing == 0.0:
        # The hot path: −log softmax(z)_t = logsumexp(z) − z_t, without the full matrix.
        nll = _kernels.nll_rows(scores, indices)
        losses = nll if weights is None else target_weight * nll
    else:
        log_q = _log_probabilities(scores, from_logits, eps)
        losses = np.zeros(n_rows)
        # Masked products: a class of weight 0 contributes 0 even where q = 0 (log q = −inf).
        if smoothing < 1.0:
            losses -= _masked_product((1.0 - smoothing) * target_weight, log_q[rows, indices])
        if smoothing > 0.0:
            per_class = np.ones(n_classes) if weights is None else weights
            losses -= smoothing / n_classes * _masked_product(per_class, log_q).sum(axis=1)
    denominator = None if weights is None else float(target_weight.sum())
    return losses, denominator


def _probability_target_losses(
    scores: np.ndarray,
    targets: np.ndarray,
    from_logits: bool,
    smoothing: float,
    weights: np.ndarray | None,
    eps: float | None,
) -> np.ndarray:
    """Per-example losses −Σ_c w_c y_c log q_c for probability-row targets."""
    n_classes = scores.shape[1]
    if smoothing > 0.0:
        targets = targets * (1.0 - smoothing) + smoothing / n_classes
    log_q = _log_probabilities(scores, from_logits, eps)
    if weights is not None:
        targets = targets * weights  # before masking, so a weight of 0 also means absent
    # 0·log 0 = 0: an absent class never contributes
    return -_masked_product(targets, log_q).sum(axis=1)


def binary_cross_entropy(
    pred: object,
    target: object,
    *,
    from_logits: bool = False,
    weight: object = None,
    pos_weight: object = None,
    reduction: str = "mean",
    base: float = math.e,
    eps: float | None = None,
) -> float | np.ndarray:
    """Binary cross-entropy, elementwise: ℓ = −w [p_w y log_b q + (1 − y) log_b(1 − q)].

    ``pred`` holds probabilities q (or logits, q = σ(pred), with ``from_logits=True``)
    and ``target`` the same shape of targets in [0, 1]. ``weight`` broadcasts to every
    element; ``pos_weight`` (usually one per label) scales the positive term only.
    "mean" averages over every element, as ``torch.nn.functional.binary_cross_entropy``
    and ``binary_cross_entropy_with_logits`` do. Unlike PyTorch, a prediction of
    exactly 0 for a positive target costs +inf, not a clamped 100.

    >>> round(binary_cross_entropy(0.6, 1), 4)  # "60 % panda", and it is a panda
    0.5108
    """
    ln_base = _checks.check_base(base)
    _checks.check_reduction(reduction)
    eps = _checks.check_eps(eps)
    losses = _binary_losses(pred, target, from_logits, pos_weight, eps)
    weights = _checks.elementwise_weights(weight, losses.shape, "weight")
    if weights is not None:
        losses = losses * weights
    return _reduce(losses / ln_base + 0.0, reduction)


def _binary_losses(
    pred: object, target: object, from_logits: bool, pos_weight: object, eps: float | None
) -> np.ndarray:
    """Unweighted elementwise binary cross-entropy in nats, after validation."""
    scores = _checks.as_float_array(pred, "pred")
    targets = _checks.as_float_array(target, "target")
    _checks.check_same_shape(scores, targets, ("pred", "target"))
    _checks.check_probabilities(targets, "target")
    pos = _checks.elementwise_weights(pos_weight, scores.shape, "pos_weight")
    if from_logits:
        log_q, log_not_q = _kernels.log_sigmoid(scores), _kernels.log_sigmoid(-scores)
    else:
        _checks.check_probabilities(scores, "pred")
        if eps is not None:
            scores = np.clip(scores, eps, 1.0 - eps)
        with np.errstate(divide="ignore"):
            log_q, log_not_q = np.log(scores), np.log1p(-scores)
    positive = _masked_product(targets, log_q)
    negative = _masked_product(1.0 - targets, log_not_q)
    if pos is not None:
        positive = positive * pos
    return -(positive + negative)


def _masked_product(coefficient: np.ndarray, log_values: np.ndarray) -> np.ndarray:
    """coefficient · log_value with 0 · (−inf) taken as 0."""
    coefficient, log_values = np.broadcast_arrays(coefficient, log_values)
    out = np.zeros(coefficient.shape)
    present = coefficient != 0
    out[present] = coefficient[present] * log_values[present]
    return out


def multilabel_cross_entropy(
    pred: object,
    target: object,
    *,
    from_logits: bool = False,
    reduction: str = "mean",
    base: float = math.e,
    eps: float | None = None,
) -> float | np.ndarray:
    """Multi-label loss: per example, the SUM over labels of binary cross-entropies.

    Each label is its own yes/no question (a sigmoid output each), so an image may
    hold a dog and a panda at once. ``pred`` and ``target`` are (L,) for one example
    or (N, L) for a batch; the reduction is then taken over the N examples.

    >>> round(multilabel_cross_entropy([0.6, 0.2, 0.7], [1, 0, 1]), 4)
    1.0906
    """
    ln_base = _checks.check_base(base)
    _checks.check_reduction(reduction)
    eps = _checks.check_eps(eps)
    scores = _checks.as_float_array(pred, "pred")
    if scores.ndim not in (1, 2):
        raise ValueError(f"pred must have shape (L,) or (N, L); got shape {scores.shape}")
    losses = _binary_losses(scores, target, from_logits, None, eps).sum(axis=-1)
    return _reduce(losses / ln_base + 0.0, reduction)


def cross_entropy_grad(logits: object, target: object) -> np.ndarray:
    """Gradient of the summed softmax cross-entropy with respect to the logits: softmax(z) − y.

    ``target`` is class indices or probability rows, as in
    ``categorical_cross_entropy``. The gradient is the prediction minus the target,
    so it shrinks smoothly as the prediction approaches the truth.

    >>> cross_entropy_grad([0.0, 0.0], 0).tolist()
    [-0.5, 0.5]
    """
    scores, single = _class_scores(logits, "logits")
    targets, are_indices = _read_target(target, scores, single)
    grad = _kernels.softmax(scores, axis=1)
    if are_indices:
        grad[np.arange(scores.shape[0]), targets] -= 1.0
    else:
        grad -= targets
    return grad[0] if single else grad
