"""Argument checks shared by the loss engine.

Every check raises ``ValueError`` whose message names the argument and says what
was wrong, so a caller (or a learner reading an instructor's error) can fix it.
"""

from __future__ import annotations

import math

import numpy as np

#: How far a row of probabilities may drift from summing to one.
SUM_TOLERANCE = 1e-6
REDUCTIONS = ("none", "sum", "mean")


def as_float_array(value: object, name: str) -> np.ndarray:
    """Convert ``value`` to a finite float64 array or say why it cannot be one."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be numeric array-like; could not convert it ({exc})"
        ) from None
    if array.size and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values; every entry must be finite")
    return array


def check_probabilities(array: np.ndarray, name: str) -> None:
    """Require every entry of ``array`` to lie in [0, 1]."""
    if array.size and (array.min() < 0.0 or array.max() > 1.0):
        bad = float(array[(array < 0.0) | (array > 1.0)].flat[0])
        raise ValueError(f"{name} must hold probabilities in [0, 1]; found {bad!r}")


def check_distribution(array: np.ndarray, name: str, axis: int = -1) -> None:
    """Require probabilities whose slices along ``axis`` each sum to 1 within 1e-6."""
    check_probabilities(array, name)
    if array.ndim == 0:
        raise ValueError(f"{name} must be a probability vector, not a single number")
    if array.shape[axis] == 0:
        raise ValueError(f"{name} has no classes along axis {axis}")
    totals = array.sum(axis=axis)
    off = np.abs(totals - 1.0) > SUM_TOLERANCE
    if off.any():
        bad = np.asarray(totals)[off].flat[0]
        raise ValueError(
            f"{name} must sum to 1 along axis {axis} (within {SUM_TOLERANCE:g}); "
            f"a slice sums to {bad:.10g}"
        )


def check_base(base: float) -> float:
    """Return ln(base), the divisor that converts nats to the requested unit."""
    try:
        base = float(base)
    except (TypeError, ValueError):
        raise ValueError(f"base must be a number such as math.e, 2 or 10; got {base!r}") from None
    if not math.isfinite(base) or base <= 0.0 or base == 1.0:
        raise ValueError(f"base must be finite, positive and not 1; got {base!r}")
    return math.log(base)


def check_reduction(reduction: str) -> str:
    """Require one of the reductions PyTorch knows: 'none', 'sum' or 'mean'."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {', '.join(REDUCTIONS)}; got {reduction!r}")
    return reduction


def check_eps(eps: float | None) -> float | None:
    """Require an explicit clipping epsilon to lie in (0, 0.5) when one is given."""
    if eps is None:
        return None
    if not isinstance(eps, int | float) or not 0.0 < eps < 0.5:
        raise ValueError(f"eps must be a number in (0, 0.5) or None; got {eps!r}")
    return float(eps)


def check_same_shape(first: np.ndarray, second: np.ndarray, names: tuple[str, str]) -> None:
    """Require two arrays of identical shape, naming both in the message."""
    if first.shape != second.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape; "
            f"got {first.shape} and {second.shape}"
        )


def check_axis(array: np.ndarray, axis: int, name: str) -> int:
    """Return ``axis`` normalised to a non-negative index of ``array``."""
    if array.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension")
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {array.ndim} dimension(s)")
    return axis % array.ndim


def class_weights(weight: object, n_classes: int) -> np.ndarray | None:
    """Validate a per-class rescaling weight of shape (C,)."""
    if weight is None:
        return None
    weights = as_float_array(weight, "weight")
    if weights.shape != (n_classes,):
        raise ValueError(
            f"weight must have one entry per class, shape ({n_classes},); got {weights.shape}"
        )
    if (weights < 0).any():
        raise ValueError("weight must be non-negative")
    return weights


def elementwise_weights(weight: object, shape: tuple[int, ...], name: str) -> np.ndarray | None:
    """Validate a non-negative weight that broadcasts to ``shape``."""
    if weight is None:
        return None
    weights = as_float_array(weight, name)
    try:
        np.broadcast_shapes(weights.shape, shape)
    except ValueError:
        raise ValueError(
            f"{name} of shape {weights.shape} does not broadcast to pred's shape {shape}"
        ) from None
    if (weights < 0).any():
        raise ValueError(f"{name} must be non-negative")
    return weights


def class_indices(target: object, n_classes: int) -> np.ndarray:
    """Validate integer class indices in [0, n_classes)."""
    indices = np.asarray(target)
    if indices.dtype.kind == "b" or indices.dtype.kind not in "iuf":
        raise ValueError(f"target class indices must be integers; got dtype {indices.dtype}")
    if indices.dtype.kind == "f" and (
        not np.isfinite(indices).all() or (indices != np.round(indices)).any()
    ):
        raise ValueError("target class indices must be whole numbers")
    # Check the range before casting: 1e20 or a huge uint64 would not survive int64.
    out_of_range = (indices < 0) | (indices >= n_classes)
    if out_of_range.any():
        bad = int(indices[out_of_range].flat[0])
        raise ValueError(
            f"target class index {bad} is out of range for {n_classes} classes "
            f"(valid: 0 to {n_classes - 1})"
        )
    return indices.astype(np.int64)
