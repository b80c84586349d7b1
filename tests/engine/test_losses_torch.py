"""The classification losses agree with PyTorch's to 1e-12 on float64 inputs.

PyTorch is the reference a learner meets at work, so its definitions (weighted means,
label smoothing, pos_weight) are the contract. The one intended difference: torch clamps
log at −100 in ``binary_cross_entropy``, while the engine returns +inf for a prediction of
exactly 0 or 1 on the wrong side; the comparisons avoid exact 0/1 probabilities.
"""

from __future__ import annotations

import decimal
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from quizapp.engine.losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    cross_entropy_grad,
    multilabel_cross_entropy,
)

torch = pytest.importorskip("torch")
F = torch.nn.functional

RTOL = 1e-12
#: Both libraries round 1 + Σ e^{z − max} before its log, summing in different orders, so a
#: small loss may differ by a few units of 1e-16 absolute (never relative to a large loss).
ATOL_LOG_SUM = 5e-16
#: torch computes BCE with logits as (1 − y)·z + softplus(−z), which cancels for a small loss
#: at a large |z| (error ≈ 1e-16·|z|); the engine uses log σ directly and stays exact.
ATOL_TORCH_BCE_LOGITS = 1e-14
SEEDS = [0, 1, 2]
SHAPES = [(7, 5), (1, 3), (64, 10)]
REDUCTIONS = ["none", "sum", "mean"]
SMOOTHINGS = [0.0, 0.1, 0.7, 1.0]


def _tensor(array) -> torch.Tensor:
    """A float64 tensor of ``array`` (int64 for integer arrays)."""
    return torch.from_numpy(np.ascontiguousarray(array))


def _value(result: torch.Tensor):
    """A torch result as a float (0-d) or numpy array."""
    array = result.detach().numpy()
    return float(array) if array.ndim == 0 else array


def _case(seed, shape):
    """Logits, class indices, probability rows and class weights for one random case."""
    rng = np.random.default_rng(seed)
    n_rows, n_classes = shape
    z = rng.normal(scale=3.0, size=shape)
    indices = rng.integers(0, n_classes, size=n_rows)
    rows = rng.dirichlet(np.ones(n_classes), size=n_rows)
    weight = rng.uniform(0.1, 3.0, size=n_classes)
    return z, indices, rows, weight


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("smoothing", SMOOTHINGS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
class TestCategoricalMatchesTorchCrossEntropy:
    """categorical_cross_entropy(from_logits=True) == F.cross_entropy, every option."""

    def test_class_index_targets(self, seed, shape, smoothing, weighted, reduction):
        """Weighted "mean" divides by the summed weights of the target classes, as torch."""
        z, indices, _, weight = _case(seed, shape)
        weight = weight if weighted else None
        ours = categorical_cross_entropy(
            z,
            indices,
            from_logits=True,
            weight=weight,
            label_smoothing=smoothing,
            reduction=reduction,
        )
        theirs = F.cross_entropy(
            _tensor(z),
            _tensor(indices),
            weight=None if weight is None else _tensor(weight),
            label_smoothing=smoothing,
            reduction=reduction,
        )
        assert_allclose(ours, _value(theirs), rtol=RTOL, atol=ATOL_LOG_SUM)

    def test_probability_targets(self, seed, shape, smoothing, weighted, reduction):
        """With probability rows a weighted "mean" divides by N, as torch."""
        z, _, rows, weight = _case(seed, shape)
        weight = weight if weighted else None
        ours = categorical_cross_entropy(
            z,
            rows,
            from_logits=True,
            weight=weight,
            label_smoothing=smoothing,
            reduction=reduction,
        )
        theirs = F.cross_entropy(
            _tensor(z),
            _tensor(rows),
            weight=None if weight is None else _tensor(weight),
            label_smoothing=smoothing,
            reduction=reduction,
        )
        assert_allclose(ours, _value(theirs), rtol=RTOL, atol=ATOL_LOG_SUM)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("smoothing", SMOOTHINGS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_single_unbatched_example_matches_torch(seed, smoothing, weighted, reduction):
    """A (C,) input with a () target reduces as torch's unbatched cross_entropy."""
    z, indices, rows, weight = _case(seed, (1, 4))
    weight = weight if weighted else None
    torch_weight = None if weight is None else _tensor(weight)
    for target in (indices[0], rows[0]):
        ours = categorical_cross_entropy(
            z[0],
            target,
            from_logits=True,
            weight=weight,
            label_smoothing=smoothing,
            reduction=reduction,
        )
        theirs = F.cross_entropy(
            _tensor(z[0]),
            torch.tensor(target),
            weight=torch_weight,
            label_smoothing=smoothing,
            reduction=reduction,
        )
        assert_allclose(ours, _value(theirs), rtol=RTOL, atol=ATOL_LOG_SUM)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_probability_inputs_match_nll_of_their_log(seed, shape, weighted, reduction):
    """Probabilities (from_logits=False) against class indices equal F.nll_loss(log q)."""
    z, indices, _, weight = _case(seed, shape)
    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    weight = weight if weighted else None
    ours = categorical_cross_entropy(q, indices, weight=weight, reduction=reduction)
    theirs = F.nll_loss(
        torch.log(_tensor(q)),
        _tensor(indices),
        weight=None if weight is None else _tensor(weight),
        reduction=reduction,
    )
    assert_allclose(ours, _value(theirs), rtol=RTOL)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("weight_kind", ["none", "per-label", "elementwise"])
@pytest.mark.parametrize("soft", [False, True], ids=["hard", "soft"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_matches_torch(seed, shape, weight_kind, soft, reduction):
    """binary_cross_entropy on probabilities (away from exact 0/1) == F.binary_cross_entropy."""
    rng = np.random.default_rng(seed)
    q = rng.uniform(1e-6, 1 - 1e-6, size=shape)
    y = rng.random(shape) if soft else rng.integers(0, 2, size=shape).astype(np.float64)
    weight = {
        "none": None,
        "per-label": rng.uniform(0.1, 2.0, size=shape[1]),
        "elementwise": rng.uniform(0.1, 2.0, size=shape),
    }[weight_kind]
    ours = binary_cross_entropy(q, y, weight=weight, reduction=reduction)
    theirs = F.binary_cross_entropy(
        _tensor(q),
        _tensor(y),
        weight=None if weight is None else _tensor(weight),
        reduction=reduction,
    )
    assert_allclose(ours, _value(theirs), rtol=RTOL)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("pos_weighted", [False, True], ids=["no-pos_weight", "pos_weight"])
@pytest.mark.parametrize("weight_kind", ["none", "per-label", "elementwise"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_with_logits_matches_torch(
    seed, shape, pos_weighted, weight_kind, reduction
):
    """from_logits=True with pos_weight and weight == F.binary_cross_entropy_with_logits."""
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=4.0, size=shape)
    y = rng.integers(0, 2, size=shape).astype(np.float64)
    y[0] = rng.random(shape[1])  # one row of soft targets
    pos_weight = rng.uniform(0.2, 5.0, size=shape[1]) if pos_weighted else None
    weight = {
        "none": None,
        "per-label": rng.uniform(0.1, 2.0, size=shape[1]),
        "elementwise": rng.uniform(0.1, 2.0, size=shape),
    }[weight_kind]
    ours = binary_cross_entropy(
        z, y, from_logits=True, weight=weight, pos_weight=pos_weight, reduction=reduction
    )
    theirs = F.binary_cross_entropy_with_logits(
        _tensor(z),
        _tensor(y),
        weight=None if weight is None else _tensor(weight),
        pos_weight=None if pos_weight is None else _tensor(pos_weight),
        reduction=reduction,
    )
    assert_allclose(ours, _value(theirs), rtol=RTOL, atol=ATOL_TORCH_BCE_LOGITS)


def test_binary_cross_entropy_with_logits_is_exact_where_torch_cancels():
    """For y = 0, z = −9.6 the loss is log(1 + e^z) ≈ 6.8e-5: exact here, not in torch."""
    decimal.getcontext().prec = 50
    z = -9.592931461591085
    exact = float((1 + decimal.Decimal(z).exp()).ln())
    ours = binary_cross_entropy(z, 0.0, from_logits=True)
    theirs = float(
        F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(0.0, dtype=torch.float64))
    )
    assert_allclose(ours, exact, rtol=1e-15)
    assert abs(theirs - exact) > abs(ours - exact)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_multilabel_is_torch_bce_summed_over_labels(seed, shape, reduction):
    """multilabel_cross_entropy = per-example sum of torch's elementwise BCE, then reduced."""
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=4.0, size=shape)
    y = rng.integers(0, 2, size=shape).astype(np.float64)
    per_example = F.binary_cross_entropy_with_logits(_tensor(z), _tensor(y), reduction="none").sum(
        dim=1
    )
    expected = {"none": per_example, "sum": per_example.sum(), "mean": per_example.mean()}
    ours = multilabel_cross_entropy(z, y, from_logits=True, reduction=reduction)
    assert_allclose(ours, _value(expected[reduction]), rtol=RTOL)
    q = 1.0 / (1.0 + np.exp(-z))
    assert_allclose(
        multilabel_cross_entropy(q, y, reduction=reduction),
        _value(
            {"none": lambda t: t, "sum": torch.sum, "mean": torch.mean}[reduction](
                F.binary_cross_entropy(_tensor(q), _tensor(y), reduction="none").sum(dim=1)
            )
        ),
        rtol=1e-10,  # probabilities of σ(z) near 1 lose a few digits in 1 − q
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("soft", [False, True], ids=["indices", "rows"])
def test_gradient_matches_torch_autograd(seed, shape, soft):
    """cross_entropy_grad equals autograd of the summed F.cross_entropy."""
    z, indices, rows, _ = _case(seed, shape)
    target = rows if soft else indices
    logits = _tensor(z.copy()).requires_grad_(True)
    F.cross_entropy(logits, _tensor(target), reduction="sum").backward()
    assert_allclose(cross_entropy_grad(z, target), logits.grad.numpy(), rtol=1e-11, atol=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_large_batch_over_the_parallel_path_matches_torch(seed):
    """A batch big enough for the threaded log-sum-exp still agrees with torch."""
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=5.0, size=(20_000, 17))
    indices = rng.integers(0, 17, size=20_000)
    weight = rng.uniform(0.1, 3.0, size=17)
    ours = categorical_cross_entropy(z, indices, from_logits=True, reduction="none")
    theirs = F.cross_entropy(_tensor(z), _tensor(indices), reduction="none")
    assert_allclose(ours, _value(theirs), rtol=RTOL, atol=ATOL_LOG_SUM)
    assert_allclose(
        categorical_cross_entropy(z, indices, from_logits=True, weight=weight),
        _value(F.cross_entropy(_tensor(z), _tensor(indices), weight=_tensor(weight))),
        rtol=RTOL,
    )


def test_extreme_logits_match_torch():
    """Logits of ±1e4 give the same finite losses as torch."""
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4 - 20.0], [5e3, -5e3, 1e4]])
    for target in ([0, 1, 2], [1, 2, 0]):
        ours = categorical_cross_entropy(z, target, from_logits=True, reduction="none")
        theirs = F.cross_entropy(_tensor(z), _tensor(np.array(target)), reduction="none")
        assert np.all(np.isfinite(ours))
        assert_allclose(ours, _value(theirs), rtol=RTOL, atol=ATOL_LOG_SUM)


def test_exact_zero_probability_costs_infinity_where_torch_clamps_at_100():
    """The intended difference: torch reports 100 for log 0, the engine reports +inf."""
    theirs = F.binary_cross_entropy(_tensor(np.array([0.0])), _tensor(np.array([1.0])))
    assert float(theirs) == 100.0
    assert binary_cross_entropy([0.0], [1.0]) == math.inf
    assert_allclose(binary_cross_entropy([0.0], [1.0], eps=math.exp(-100)), 100.0, rtol=RTOL)
