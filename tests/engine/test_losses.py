"""Tests of quizapp.engine.losses: worked numbers, independent references, properties, errors.

Hand-computed constants come from the source articles (/work/shared/seeds) and are written
with ``math.log`` so the formula is visible; the independent reference is scipy.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import scipy.special as sp
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose

from quizapp.engine import losses
from quizapp.engine.losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    entropy,
    kl_divergence,
    log_sigmoid,
    log_softmax,
    multilabel_cross_entropy,
    sigmoid,
    softmax,
    surprisal,
)

RTOL = 1e-12
PROPERTY = settings(max_examples=100, deadline=None)
LN2 = math.log(2)


# --------------------------------------------------------------------------- strategies


def _normalised(weights: np.ndarray) -> np.ndarray:
    """Rows of non-negative weights scaled to sum to 1 along the last axis."""
    return weights / weights.sum(axis=-1, keepdims=True)


@st.composite
def distributions(draw, n_classes=None, allow_zero=True):
    """A probability vector (1-D) that sums to 1, optionally with exact zeros."""
    size = draw(st.integers(2, 6)) if n_classes is None else n_classes
    low = 0.0 if allow_zero else 1e-3
    raw = draw(hnp.arrays(np.float64, size, elements=st.floats(low, 1.0)))
    if raw.sum() == 0.0:
        raw[0] = 1.0
    return _normalised(raw)


@st.composite
def distribution_pairs(draw, allow_zero_q=True):
    """A true distribution p and a prediction q with the same number of classes."""
    size = draw(st.integers(2, 6))
    return draw(distributions(size)), draw(distributions(size, allow_zero=allow_zero_q))


@st.composite
def logits_and_targets(draw, scale=20.0, probability_targets=None):
    """An (N, C) logit matrix and class-index or probability-row targets for it."""
    n_rows, n_classes = draw(st.integers(1, 5)), draw(st.integers(2, 5))
    z = draw(hnp.arrays(np.float64, (n_rows, n_classes), elements=st.floats(-scale, scale)))
    as_rows = draw(st.booleans()) if probability_targets is None else probability_targets
    if as_rows:
        target = np.stack([draw(distributions(n_classes)) for _ in range(n_rows)])
    else:
        target = np.array(
            draw(st.lists(st.integers(0, n_classes - 1), min_size=n_rows, max_size=n_rows))
        )
    return z, target


# --------------------------------------------------------------------------- worked numbers


class TestWorkedNumbersFromTheArticles:
    """The numbers the source articles work through, to 1e-12 against hand formulas."""

    def test_panda_surprisal_is_about_ten_bits_or_seven_nats(self):
        """A panda met with probability 0.001 surprises us by 9.9658 bits = 6.9078 nats."""
        assert_allclose(surprisal(0.001, base=2), -math.log2(0.001), rtol=RTOL)
        assert_allclose(surprisal(0.001), -math.log(0.001), rtol=RTOL)
        assert round(surprisal(0.001, base=2), 4) == 9.9658
        assert round(surprisal(0.001), 4) == 6.9078

    def test_entropy_of_panda_bird_dog(self):
        """H([0.2, 0.3, 0.5]) = 1.0297 nats = 1.4855 bits."""
        expected = -(0.2 * math.log(0.2) + 0.3 * math.log(0.3) + 0.5 * math.log(0.5))
        assert_allclose(entropy([0.2, 0.3, 0.5]), expected, rtol=RTOL)
        assert_allclose(entropy([0.2, 0.3, 0.5], base=2), expected / LN2, rtol=RTOL)
        assert round(entropy([0.2, 0.3, 0.5]), 4) == 1.0297
        assert round(entropy([0.2, 0.3, 0.5], base=2), 4) == 1.4855

    @pytest.mark.parametrize("target", [0, [1, 0, 0]], ids=["index", "one-hot"])
    def test_dog_predicted_with_seventy_percent_costs_minus_ln_point_seven(self, target):
        """[0.7, 0.2, 0.1] against class 0 (index or one-hot) costs −ln 0.7 = 0.3567."""
        loss = categorical_cross_entropy([0.7, 0.2, 0.1], target)
        assert_allclose(loss, -math.log(0.7), rtol=RTOL)
        assert round(loss, 4) == 0.3567
        assert_allclose(cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]), -math.log(0.7), rtol=RTOL)

    @pytest.mark.parametrize("target", [2, [0, 0, 1]], ids=["index", "one-hot"])
    def test_softmax_output_for_a_labelled_dog(self, target):
        """Prediction [0.1, 0.2, 0.7] for a dog labelled [0, 0, 1] costs −ln 0.7."""
        loss = categorical_cross_entropy([0.1, 0.2, 0.7], target)
        assert_allclose(loss, -math.log(0.7), rtol=RTOL)
        assert_allclose(cross_entropy([0, 0, 1], [0.1, 0.2, 0.7]), -math.log(0.7), rtol=RTOL)

    def test_loaded_coin(self):
        """Truth 99 % heads, belief 99 % tails: H(p,q) = 4.5592, KL = 4.5032 nats, H(p,q) > H(p)."""
        p, q = [0.99, 0.01], [0.01, 0.99]
        h_pq = -(0.99 * math.log(0.01) + 0.01 * math.log(0.99))
        h_p = -(0.99 * math.log(0.99) + 0.01 * math.log(0.01))
        kl = 0.99 * math.log(0.99 / 0.01) + 0.01 * math.log(0.01 / 0.99)
        assert_allclose(cross_entropy(p, q), h_pq, rtol=RTOL)
        assert_allclose(entropy(p), h_p, rtol=RTOL)
        assert_allclose(kl_divergence(p, q), kl, rtol=RTOL)
        assert_allclose(cross_entropy(p, q, base=2), h_pq / LN2, rtol=RTOL)
        assert round(cross_entropy(p, q), 4) == 4.5592
        assert round(kl_divergence(p, q), 4) == 4.5032
        assert cross_entropy(p, q) > entropy(p)

    def test_binary_cross_entropy_of_sixty_percent_panda(self):
        """Predicting 0.6 for a panda that is there costs −ln 0.6 = 0.5108."""
        assert_allclose(binary_cross_entropy(0.6, 1), -math.log(0.6), rtol=RTOL)
        assert round(binary_cross_entropy(0.6, 1), 4) == 0.5108
        assert_allclose(binary_cross_entropy(0.6, 0), -math.log(0.4), rtol=RTOL)

    def test_multilabel_dog_cat_panda_sums_the_per_label_losses(self):
        """[0.6, 0.2, 0.7] for [dog, no cat, panda] costs −ln 0.6 − ln 0.8 − ln 0.7."""
        expected = -math.log(0.6) - math.log(0.8) - math.log(0.7)
        assert_allclose(multilabel_cross_entropy([0.6, 0.2, 0.7], [1, 0, 1]), expected, rtol=RTOL)
        batch = multilabel_cross_entropy(
            [[0.6, 0.2, 0.7], [0.6, 0.2, 0.7]], [[1, 0, 1], [1, 0, 1]], reduction="none"
        )
        assert_allclose(batch, [expected, expected], rtol=RTOL)

    def test_model_b_beats_model_a_on_the_same_batch(self):
        """Model B, confident and right, has a lower mean loss than hesitant model A."""
        model_a = [[0.5, 0.3, 0.2], [0.4, 0.4, 0.2], [0.3, 0.3, 0.4]]
        model_b = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7]]
        targets = [0, 1, 2]
        loss_a = -(math.log(0.5) + math.log(0.4) + math.log(0.4)) / 3
        loss_b = -(math.log(0.8) + math.log(0.7) + math.log(0.7)) / 3
        assert_allclose(categorical_cross_entropy(model_a, targets), loss_a, rtol=RTOL)
        assert_allclose(categorical_cross_entropy(model_b, targets), loss_b, rtol=RTOL)
        assert_allclose(
            categorical_cross_entropy(model_a, np.eye(3)), loss_a, rtol=RTOL
        )  # one-hot rows give the same numbers
        assert loss_b < loss_a
        assert round(loss_a, 4) == 0.8419
        assert round(loss_b, 4) == 0.3122

    def test_loss_is_zero_at_a_perfect_prediction_and_grows_steeper_away_from_it(self):
        """−ln q for the true class: 0 at q = 1, increasing ever faster as q falls."""
        qs = np.array([1.0, 0.9, 0.5, 0.1, 0.01])
        values = [categorical_cross_entropy([q, 1 - q], 0) for q in qs]
        assert values[0] == 0.0
        assert_allclose(values, -np.log(qs), rtol=RTOL)
        assert np.all(np.diff(values) > 0)


# --------------------------------------------------------------------------- references


SEEDS = [0, 1, 2]
SHAPES = [(1, 3), (7, 5), (64, 10)]


def _random_rows(rng, shape, zeros=False):
    """Random probability rows; with ``zeros`` some entries are exactly 0."""
    raw = rng.random(shape)
    if zeros:
        raw[rng.random(shape) < 0.3] = 0.0
        raw[:, 0] += 0.1  # keep every row positive somewhere
    return _normalised(raw)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
class TestAgainstScipy:
    """Each function against an independent scipy formula at rtol 1e-12."""

    @pytest.mark.parametrize("base", [math.e, 2, 10])
    def test_entropy_matches_scipy_stats(self, seed, shape, base):
        p = _random_rows(np.random.default_rng(seed), shape, zeros=True)
        expected = scipy.stats.entropy(p, base=base, axis=-1)
        assert_allclose(entropy(p, base=base), expected, rtol=RTOL)
        assert_allclose(entropy(p.T, base=base, axis=0), expected, rtol=RTOL)

    @pytest.mark.parametrize("base", [math.e, 2])
    def test_cross_entropy_and_kl_match_xlogy_and_rel_entr(self, seed, shape, base):
        rng = np.random.default_rng(seed)
        p, q = _random_rows(rng, shape, zeros=True), _random_rows(rng, shape)
        ln_b = math.log(base)
        assert_allclose(
            cross_entropy(p, q, base=base), -sp.xlogy(p, q).sum(axis=-1) / ln_b, rtol=RTOL
        )
        assert_allclose(
            kl_divergence(p, q, base=base), sp.rel_entr(p, q).sum(axis=-1) / ln_b, rtol=RTOL
        )
        assert_allclose(
            kl_divergence(p, q, base=base),
            scipy.stats.entropy(p, q, base=base, axis=-1),
            rtol=1e-10,  # scipy renormalises both inputs first
        )

    def test_surprisal_matches_minus_log(self, seed, shape):
        p = np.random.default_rng(seed).random(shape)
        assert_allclose(surprisal(p), -np.log(p), rtol=RTOL)
        assert_allclose(surprisal(p, base=10), -np.log10(p), rtol=RTOL)

    def test_softmax_and_log_softmax_match_scipy(self, seed, shape):
        z = np.random.default_rng(seed).normal(scale=5.0, size=shape)
        assert_allclose(softmax(z), sp.softmax(z, axis=-1), rtol=RTOL)
        assert_allclose(log_softmax(z), sp.log_softmax(z, axis=-1), rtol=RTOL)
        assert_allclose(softmax(z.T, axis=0), sp.softmax(z.T, axis=0), rtol=RTOL)
        assert_allclose(log_softmax(z.T, axis=0), sp.log_softmax(z.T, axis=0), rtol=RTOL)

    def test_sigmoid_and_log_sigmoid_match_expit(self, seed, shape):
        z = np.random.default_rng(seed).normal(scale=30.0, size=shape)
        assert_allclose(sigmoid(z), sp.expit(z), rtol=RTOL)
        assert_allclose(log_sigmoid(z), sp.log_expit(z), rtol=RTOL)

    def test_categorical_cross_entropy_from_logits_matches_log_softmax(self, seed, shape):
        rng = np.random.default_rng(seed)
        z = rng.normal(scale=3.0, size=shape)
        t = rng.integers(0, shape[1], size=shape[0])
        nll = -sp.log_softmax(z, axis=1)[np.arange(shape[0]), t]
        got = categorical_cross_entropy(z, t, from_logits=True, reduction="none")
        assert_allclose(got, nll, rtol=RTOL)
        assert_allclose(categorical_cross_entropy(z, t, from_logits=True), nll.mean(), rtol=RTOL)
        rows = _random_rows(rng, shape)
        soft = -(rows * sp.log_softmax(z, axis=1)).sum(axis=1)
        assert_allclose(
            categorical_cross_entropy(z, rows, from_logits=True, reduction="sum"),
            soft.sum(),
            rtol=RTOL,
        )

    def test_binary_cross_entropy_matches_xlogy(self, seed, shape):
        rng = np.random.default_rng(seed)
        q = rng.uniform(0.01, 0.99, size=shape)
        y = rng.random(shape)
        y[:, 0] = rng.integers(0, 2, size=shape[0])
        expected = -(sp.xlogy(y, q) + sp.xlogy(1 - y, 1 - q))
        assert_allclose(binary_cross_entropy(q, y, reduction="none"), expected, rtol=1e-11)
        z = rng.normal(scale=4.0, size=shape)
        from_z = -(y * sp.log_expit(z) + (1 - y) * sp.log_expit(-z))
        assert_allclose(
            binary_cross_entropy(z, y, from_logits=True, reduction="none"), from_z, rtol=RTOL
        )
        assert_allclose(
            multilabel_cross_entropy(z, y, from_logits=True), from_z.sum(axis=1).mean(), rtol=RTOL
        )


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(distribution_pairs())
def test_cross_entropy_is_never_below_entropy(pq):
    """Gibbs' inequality: H(p, q) ≥ H(p)."""
    p, q = pq
    assert cross_entropy(p, q) >= entropy(p) - 1e-12


@PROPERTY
@given(distribution_pairs())
def test_kl_is_non_negative_and_bounded_below_by_pinsker(pq):
    """KL(p‖q) ≥ ½‖p − q‖₁² ≥ 0, so it is 0 only when q = p."""
    p, q = pq
    kl = kl_divergence(p, q)
    assert kl >= 0.0
    assert kl >= 0.5 * np.abs(p - q).sum() ** 2 - 1e-12


@PROPERTY
@given(distributions())
def test_kl_of_a_distribution_with_itself_is_exactly_zero(p):
    """KL(p‖p) == 0 and H(p, p) == H(p)."""
    assert kl_divergence(p, p) == 0.0
    assert_allclose(cross_entropy(p, p), entropy(p), rtol=RTOL, atol=1e-15)


@PROPERTY
@given(distribution_pairs())
def test_kl_is_cross_entropy_minus_entropy(pq):
    """KL(p‖q) = H(p, q) − H(p), infinite together."""
    p, q = pq
    assert_allclose(kl_divergence(p, q), cross_entropy(p, q) - entropy(p), rtol=1e-9, atol=1e-12)


@PROPERTY
@given(
    hnp.arrays(
        np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-1e4, 1e4)
    ),
    st.floats(-1e3, 1e3),
)
def test_softmax_sums_to_one_and_ignores_a_common_shift(z, shift):
    """Rows of softmax(z) sum to 1, and softmax(z + c) = softmax(z)."""
    probs = softmax(z)
    assert np.all(probs >= 0.0)
    assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-14)
    z_small = np.clip(z, -50, 50)  # keep z + c exact enough that the comparison is fair
    assert_allclose(softmax(z_small + shift), softmax(z_small), rtol=1e-9, atol=1e-300)
    assert_allclose(log_softmax(z_small + shift), log_softmax(z_small), rtol=1e-9, atol=1e-10)


@PROPERTY
@given(
    logits_and_targets(),
    st.sampled_from([0.0, 0.1, 0.7, 1.0]),
    st.booleans(),
    st.sampled_from(["none", "sum", "mean"]),
    st.integers(0, 2**32 - 1),
)
def test_from_logits_equals_softmax_then_probabilities(data, smoothing, weighted, reduction, seed):
    """ce(z, t, from_logits=True) == ce(softmax(z), t) for every option."""
    z, t = data
    weight = np.random.default_rng(seed).uniform(0.1, 2.0, z.shape[1]) if weighted else None
    options = dict(label_smoothing=smoothing, weight=weight, reduction=reduction)
    from_logits = categorical_cross_entropy(z, t, from_logits=True, **options)
    from_probs = categorical_cross_entropy(softmax(z), t, **options)
    assert_allclose(from_logits, from_probs, rtol=1e-9, atol=1e-12)


@PROPERTY
@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(0.0, 1.0)),
    st.data(),
)
def test_binary_cross_entropy_is_two_class_categorical(q, data):
    """BCE(q, y) equals categorical cross-entropy of rows [1 − q, q] against [1 − y, y]."""
    y = data.draw(hnp.arrays(np.float64, q.shape, elements=st.floats(0.0, 1.0)))
    rows_q = np.stack([1 - q, q], axis=1)
    rows_y = np.stack([1 - y, y], axis=1)
    got = binary_cross_entropy(q, y, reduction="none")
    assert_allclose(
        got, categorical_cross_entropy(rows_q, rows_y, reduction="none"), rtol=1e-9, atol=1e-15
    )
    hard = (y > 0.5).astype(int)
    assert_allclose(
        binary_cross_entropy(q, hard, reduction="none"),
        categorical_cross_entropy(rows_q, hard, reduction="none"),
        rtol=1e-9,
        atol=1e-15,
    )


@PROPERTY
@given(distribution_pairs(allow_zero_q=False), st.sampled_from([2, 10, 0.5, 3.7]))
def test_changing_base_divides_by_its_natural_log(pq, base):
    """A loss in base b is the loss in nats divided by ln b."""
    p, q = pq
    ln_b = math.log(base)
    assert_allclose(entropy(p, base=base), entropy(p) / ln_b, rtol=1e-14)
    assert_allclose(cross_entropy(p, q, base=base), cross_entropy(p, q) / ln_b, rtol=1e-14)
    assert_allclose(kl_divergence(p, q, base=base), kl_divergence(p, q) / ln_b, rtol=1e-14)
    assert_allclose(surprisal(q, base=base), surprisal(q) / ln_b, rtol=1e-14)
    assert_allclose(
        categorical_cross_entropy(q, p, base=base),
        categorical_cross_entropy(q, p) / ln_b,
        rtol=1e-14,
    )
    assert_allclose(
        binary_cross_entropy(q, p, base=base), binary_cross_entropy(q, p) / ln_b, rtol=1e-14
    )
    assert_allclose(
        multilabel_cross_entropy(q, p, base=base), multilabel_cross_entropy(q, p) / ln_b, rtol=1e-14
    )


@PROPERTY
@given(logits_and_targets(scale=5.0))
def test_gradient_matches_central_finite_differences(data):
    """cross_entropy_grad(z, t) = softmax(z) − y is the gradient of the summed loss."""
    z, t = data
    h = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (
            categorical_cross_entropy(up, t, from_logits=True, reduction="sum")
            - categorical_cross_entropy(down, t, from_logits=True, reduction="sum")
        ) / (2 * h)
    assert_allclose(cross_entropy_grad(z, t), numeric, atol=1e-6)


def _exact_nll(row: np.ndarray, target: int) -> float:
    """−log softmax(row)[target] to 40 significant digits, rounded once to float64."""
    with mpmath.workdps(40):
        others = [v for i, v in enumerate(row) if i != target]
        rest = mpmath.fsum(mpmath.exp(mpmath.mpf(v) - mpmath.mpf(row[target])) for v in others)
        return float(mpmath.log1p(rest))


@PROPERTY
@given(logits_and_targets(scale=1e4, probability_targets=False))
def test_huge_logits_give_finite_exact_losses(data):
    """Logits up to ±1e4 give finite losses equal to a 40-digit reference.

    The reference is mpmath, not scipy: for a confident right prediction scipy's
    log-softmax rounds 1 + e^(z_j − z_t) before its log and loses digits that the
    engine (which uses log1p) keeps.
    """
    z, t = data
    got = categorical_cross_entropy(z, t, from_logits=True, reduction="none")
    expected = np.array([_exact_nll(row, target) for row, target in zip(z, t, strict=True)])
    assert np.all(np.isfinite(got))
    assert_allclose(got, expected, rtol=RTOL, atol=1e-300)
    assert np.all(np.isfinite(log_softmax(z)))
    assert_allclose(softmax(z), sp.softmax(z, axis=1), rtol=RTOL, atol=1e-300)
    assert np.all(np.isfinite(cross_entropy_grad(z, t)))


def test_extreme_logits_worked_values():
    """[1e4, −1e4, 0]: the true class costs 0, the others exactly 2e4 and 1e4."""
    z = [[1e4, -1e4, 0.0]] * 3
    got = categorical_cross_entropy(z, [0, 1, 2], from_logits=True, reduction="none")
    assert_allclose(got, [0.0, 2e4, 1e4], rtol=RTOL)
    # A confident right answer at logit scale 1e4 keeps its tiny loss: (max − z_t) and
    # log Σ exp(z − max) are added, never cancelled against 1e4. What is left is the
    # rounding of 1 + e^−20 itself (1e-16 absolute), which torch and scipy share.
    assert_allclose(
        categorical_cross_entropy([1e4, 1e4 - 20.0], 0, from_logits=True),
        math.log1p(math.exp(-20.0)),
        rtol=RTOL,
        atol=2e-16,
    )


@PROPERTY
@given(hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-1e4, 1e4)))
def test_sigmoid_and_log_sigmoid_are_stable_for_large_inputs(z):
    """σ and log σ stay finite (log σ) and in [0, 1] (σ), matching scipy up to |z| = 1e4."""
    assert np.all((sigmoid(z) >= 0.0) & (sigmoid(z) <= 1.0))
    assert_allclose(sigmoid(z), sp.expit(z), rtol=RTOL, atol=1e-300)
    assert np.all(np.isfinite(log_sigmoid(z)))
    assert_allclose(log_sigmoid(z), sp.log_expit(z), rtol=RTOL)
    bce = binary_cross_entropy(z, (z > 0).astype(float), from_logits=True, reduction="none")
    assert np.all(np.isfinite(bce))


def test_log_sigmoid_tails_are_exact():
    """log σ(−1e4) = −1e4 and log σ(1e4) = −e^{−1e4} rounds to −0.0/0.0, never NaN."""
    assert log_sigmoid(-1e4) == -1e4
    assert log_sigmoid(-800.0) == -800.0
    assert log_sigmoid(1e4) == 0.0
    assert sigmoid(-1e4) == 0.0
    assert sigmoid(1e4) == 1.0
    assert binary_cross_entropy(1e4, 1, from_logits=True) == 0.0
    assert binary_cross_entropy(-1e4, 1, from_logits=True) == 1e4


# --------------------------------------------------------------------------- exact semantics


class TestExactSemantics:
    """−log 0 = +inf, 0·log 0 = 0, clipping only with eps, scalar and shaped results."""

    def test_surprisal_of_an_impossible_outcome_is_infinite(self):
        assert surprisal(0.0) == math.inf
        assert_allclose(surprisal([0.0, 0.5]), [math.inf, math.log(2)], rtol=RTOL)

    def test_surprisal_of_a_certain_outcome_is_positive_zero(self):
        value = surprisal(1.0)
        assert value == 0.0 and math.copysign(1.0, value) == 1.0

    def test_zero_probability_on_the_true_class_costs_infinity(self):
        assert categorical_cross_entropy([0.0, 1.0], 0) == math.inf
        assert categorical_cross_entropy([[0.0, 1.0]], [[1.0, 0.0]]) == math.inf
        assert cross_entropy([1.0, 0.0], [0.0, 1.0]) == math.inf
        assert kl_divergence([1.0, 0.0], [0.0, 1.0]) == math.inf
        assert binary_cross_entropy(0.0, 1) == math.inf
        assert binary_cross_entropy(1.0, 0) == math.inf
        assert multilabel_cross_entropy([0.0, 0.5], [1, 0]) == math.inf

    def test_eps_clips_only_when_asked(self):
        eps = 1e-7
        assert_allclose(surprisal(0.0, eps=eps), -math.log(eps), rtol=RTOL)
        assert_allclose(
            categorical_cross_entropy([0.0, 1.0], 0, eps=eps), -math.log(eps), rtol=RTOL
        )
        assert_allclose(cross_entropy([1.0, 0.0], [0.0, 1.0], eps=eps), -math.log(eps), rtol=RTOL)
        assert_allclose(binary_cross_entropy(0.0, 1, eps=eps), -math.log(eps), rtol=RTOL)
        # 1.0 is clipped to 1 − eps, whose complement is eps up to rounding of 1 − eps
        assert_allclose(binary_cross_entropy(1.0, 0, eps=eps), -math.log1p(-(1 - eps)), rtol=RTOL)
        assert_allclose(multilabel_cross_entropy([0.0], [1], eps=eps), -math.log(eps), rtol=RTOL)

    def test_zero_times_log_zero_is_zero(self):
        """Absent classes contribute nothing, even where the prediction is 0 too."""
        assert entropy([1.0, 0.0, 0.0]) == 0.0
        assert_allclose(entropy([0.5, 0.5, 0.0]), math.log(2), rtol=RTOL)
        assert_allclose(cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]), math.log(2), rtol=RTOL)
        assert kl_divergence([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == 0.0
        assert categorical_cross_entropy([[0.0, 1.0]], [[0.0, 1.0]]) == 0.0
        assert binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0

    def test_zero_weight_class_contributes_nothing_even_at_probability_zero(self):
        """A class of weight 0 is absent: no NaN from 0 · (−inf)."""
        assert (
            categorical_cross_entropy([[0.0, 1.0]], [0], weight=[0.0, 1.0], reduction="sum") == 0.0
        )
        assert (
            categorical_cross_entropy([[0.0, 1.0]], [1], weight=[0.0, 1.0], label_smoothing=0.1)
            == 0.0
        )
        assert (
            categorical_cross_entropy(
                [[0.0, 1.0]], [[0.0, 1.0]], weight=[0.0, 1.0], label_smoothing=0.1
            )
            == 0.0
        )

    def test_kl_is_finite_for_a_tiny_but_positive_prediction(self):
        """q = 1e-320 makes p/q overflow, yet KL = Σ p (ln p − ln q) is finite."""
        expected = 0.5 * (math.log(0.5) - math.log(1e-320)) + 0.5 * math.log(0.5)
        assert_allclose(kl_divergence([0.5, 0.5], [1e-320, 1.0]), expected, rtol=1e-12)

    @pytest.mark.parametrize("reduction", ["mean", "sum"])
    def test_single_example_returns_a_plain_number(self, reduction):
        results = [
            categorical_cross_entropy([0.7, 0.2, 0.1], 0, reduction=reduction),
            categorical_cross_entropy(
                [1.0, 2.0], [0.5, 0.5], from_logits=True, reduction=reduction
            ),
            binary_cross_entropy([0.6, 0.3], [1, 0], reduction=reduction),
            multilabel_cross_entropy([0.6, 0.2, 0.7], [1, 0, 1], reduction=reduction),
        ]
        for result in results:
            assert isinstance(result, float) or np.ndim(result) == 0

    def test_single_example_weighted_mean_divides_by_the_target_weight(self):
        """As torch: for one example the weighted mean is the unweighted loss."""
        z, w = [1.0, 2.0, 0.5], [2.0, 1.0, 3.0]
        plain = categorical_cross_entropy(z, 0, from_logits=True)
        assert_allclose(
            categorical_cross_entropy(z, 0, from_logits=True, weight=w), plain, rtol=RTOL
        )
        assert_allclose(
            categorical_cross_entropy(z, 0, from_logits=True, weight=w, reduction="sum"),
            2.0 * plain,
            rtol=RTOL,
        )

    def test_scalar_functions_give_floats_for_scalars_and_arrays_for_arrays(self):
        assert isinstance(surprisal(0.5), float)
        assert isinstance(sigmoid(0.0), float)
        assert isinstance(log_sigmoid(0.0), float)
        assert isinstance(entropy([0.5, 0.5]), float)
        assert surprisal([[0.5, 0.25]]).shape == (1, 2)
        assert entropy(np.full((4, 3), 1 / 3)).shape == (4,)
        assert entropy(np.full((4, 3), 1 / 4), axis=0).shape == (3,)

    def test_reduction_none_shapes(self):
        rng = np.random.default_rng(0)
        probs = _random_rows(rng, (6, 4))
        assert categorical_cross_entropy(probs, [0, 1, 2, 3, 0, 1], reduction="none").shape == (6,)
        assert categorical_cross_entropy(probs, probs, reduction="none").shape == (6,)
        assert isinstance(categorical_cross_entropy(probs[0], 1, reduction="none"), float)
        assert binary_cross_entropy(probs, probs, reduction="none").shape == (6, 4)
        assert multilabel_cross_entropy(probs, probs, reduction="none").shape == (6,)
        assert cross_entropy_grad(probs, [0, 1, 2, 3, 0, 1]).shape == (6, 4)
        assert cross_entropy_grad(probs[0], 2).shape == (4,)

    def test_reductions_are_consistent(self):
        rng = np.random.default_rng(1)
        z, t = rng.normal(size=(5, 3)), rng.integers(0, 3, 5)
        each = categorical_cross_entropy(z, t, from_logits=True, reduction="none")
        assert_allclose(
            categorical_cross_entropy(z, t, from_logits=True, reduction="sum"),
            each.sum(),
            rtol=RTOL,
        )
        assert_allclose(categorical_cross_entropy(z, t, from_logits=True), each.mean(), rtol=RTOL)

    def test_weighted_mean_over_indices_divides_by_summed_target_weights(self):
        probs = [[0.7, 0.3], [0.4, 0.6], [0.5, 0.5]]
        w = [1.0, 3.0]
        expected = -(math.log(0.7) + 3 * math.log(0.6) + 3 * math.log(0.5)) / (1 + 3 + 3)
        assert_allclose(categorical_cross_entropy(probs, [0, 1, 1], weight=w), expected, rtol=RTOL)

    def test_label_smoothing_mixes_the_target_with_uniform(self):
        """ε = 0.1 over 3 classes turns class 0 into [0.9 + 0.1/3, 0.1/3, 0.1/3]."""
        q = [0.7, 0.2, 0.1]
        a = 0.1 / 3
        expected = -((0.9 + a) * math.log(0.7) + a * math.log(0.2) + a * math.log(0.1))
        assert_allclose(categorical_cross_entropy(q, 0, label_smoothing=0.1), expected, rtol=RTOL)
        assert_allclose(
            categorical_cross_entropy(q, [1, 0, 0], label_smoothing=0.1), expected, rtol=RTOL
        )

    def test_sum_tolerance_is_one_in_a_million(self):
        """Rows summing to 1 + 5e-7 are accepted; 1 + 2e-6 is rejected."""
        entropy([0.5, 0.5 + 5e-7])
        categorical_cross_entropy([0.5, 0.5 + 5e-7], 0)
        categorical_cross_entropy([0.5, 0.5], [0.5, 0.5 + 5e-7])
        with pytest.raises(ValueError, match="p must sum to 1"):
            entropy([0.5, 0.5 + 2e-6])
        with pytest.raises(ValueError, match="pred must sum to 1"):
            categorical_cross_entropy([0.5, 0.5 + 2e-6], 0)
        with pytest.raises(ValueError, match="target must sum to 1"):
            categorical_cross_entropy([0.5, 0.5], [0.5, 0.5 + 2e-6])


# --------------------------------------------------------------------------- errors


ROWS = [[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]]

ERROR_CASES = [
    # surprisal
    (surprisal, (1.5,), {}, r"p must hold probabilities in \[0, 1\]; found 1\.5"),
    (surprisal, (-0.1,), {}, r"p must hold probabilities"),
    (surprisal, (math.nan,), {}, r"p contains NaN or infinite"),
    (surprisal, ([0.5, math.inf],), {}, r"p contains NaN or infinite"),
    (surprisal, ("abc",), {}, r"p must be numeric"),
    (surprisal, (0.5,), {"base": 0}, r"base must be finite, positive and not 1"),
    (surprisal, (0.5,), {"base": -2}, r"base must be finite, positive and not 1"),
    (surprisal, (0.5,), {"base": 1}, r"base must be finite, positive and not 1"),
    (surprisal, (0.5,), {"base": math.inf}, r"base must be finite"),
    (surprisal, (0.5,), {"base": "two"}, r"base must be a number"),
    (surprisal, (0.5,), {"eps": 0.0}, r"eps must be a number in \(0, 0\.5\)"),
    (surprisal, (0.5,), {"eps": 0.5}, r"eps must be a number"),
    (surprisal, (0.5,), {"eps": -1e-7}, r"eps must be a number"),
    (surprisal, (0.5,), {"eps": "tiny"}, r"eps must be a number"),
    # entropy
    (entropy, ([0.5, 0.6],), {}, r"p must sum to 1"),
    (entropy, ([1.2, -0.2],), {}, r"p must hold probabilities"),
    (entropy, (0.5,), {}, r"p must have at least one dimension"),
    (entropy, ([0.5, 0.5],), {"axis": 1}, r"axis 1 is out of range for p"),
    (entropy, ([[0.5, 0.5]],), {"axis": -3}, r"axis -3 is out of range for p"),
    (entropy, ([math.nan, 1.0],), {}, r"p contains NaN"),
    (entropy, ([0.5, 0.5],), {"base": 1.0}, r"base must be"),
    # cross-entropy and KL
    (cross_entropy, ([1, 0], [0.5, 0.3, 0.2]), {}, r"p and q must have the same shape"),
    (cross_entropy, ([1, 0], [0.5, 0.6]), {}, r"q must sum to 1"),
    (cross_entropy, ([0.9, 0.2], [0.5, 0.5]), {}, r"p must sum to 1"),
    (cross_entropy, ([1, 0], [1.5, -0.5]), {}, r"q must hold probabilities"),
    (cross_entropy, ([1, 0], [math.inf, 0]), {}, r"q contains NaN or infinite"),
    (cross_entropy, ([1, 0], [0.5, 0.5]), {"eps": 1.0}, r"eps must be"),
    (cross_entropy, ([1, 0], [0.5, 0.5]), {"base": 0}, r"base must be"),
    (kl_divergence, ([1, 0], [0.5, 0.3, 0.2]), {}, r"p and q must have the same shape"),
    (kl_divergence, ([0.5, 0.5], [0.5, 0.6]), {}, r"q must sum to 1"),
    (kl_divergence, ([0.5, 0.5], [0.5, math.nan]), {}, r"q contains NaN"),
    (kl_divergence, ([0.5, 0.5], [0.5, 0.5]), {"base": -1}, r"base must be"),
    # activations
    (softmax, ([0.0, math.nan],), {}, r"z contains NaN or infinite"),
    (softmax, ([0.0, math.inf],), {}, r"z contains NaN or infinite"),
    (softmax, (1.0,), {}, r"z must have at least one dimension"),
    (softmax, ([1.0, 2.0],), {"axis": 2}, r"axis 2 is out of range for z"),
    (log_softmax, ([-math.inf, 0.0],), {}, r"z contains NaN or infinite"),
    (log_softmax, ([["a", "b"]],), {}, r"z must be numeric"),
    (sigmoid, (math.nan,), {}, r"z contains NaN or infinite"),
    (log_sigmoid, ([math.inf],), {}, r"z contains NaN or infinite"),
    (sigmoid, ("abc",), {}, r"z must be numeric"),
    # categorical cross-entropy
    (categorical_cross_entropy, (np.ones((2, 2, 2)) / 2, [0, 1]), {}, r"pred must have shape"),
    (categorical_cross_entropy, (np.ones((2, 0)), [0, 1]), {}, r"pred must have at least one"),
    (categorical_cross_entropy, ([[0.5, 0.6]], [0]), {}, r"pred must sum to 1"),
    (categorical_cross_entropy, ([[1.5, -0.5]], [0]), {}, r"pred must hold probabilities"),
    (categorical_cross_entropy, ([[0.5, math.nan]], [0]), {}, r"pred contains NaN"),
    (
        categorical_cross_entropy,
        (
            [[0.5, 0.5]],
            [0],
        ),
        {"weight": [1.0, math.nan]},
        r"weight contains NaN",
    ),
    (categorical_cross_entropy, (ROWS, [0, 3]), {}, r"target class index 3 is out of range"),
    (categorical_cross_entropy, (ROWS, [-1, 0]), {}, r"target class index -1 is out of range"),
    (categorical_cross_entropy, (ROWS, [1e20, 0]), {}, r"target class index 1\d+ is out of"),
    (categorical_cross_entropy, ([0.5, 0.5], 2), {}, r"target class index 2 is out of range"),
    (categorical_cross_entropy, (ROWS, [0.5, 1.0]), {}, r"target class indices must be whole"),
    (categorical_cross_entropy, (ROWS, [0, math.nan]), {}, r"target class indices must be whole"),
    (categorical_cross_entropy, (ROWS, [True, False]), {}, r"target class indices must be int"),
    (categorical_cross_entropy, (ROWS, ["a", "b"]), {}, r"target class indices must be int"),
    (categorical_cross_entropy, (ROWS, [0, 1, 2]), {}, r"target must be class indices or prob"),
    (categorical_cross_entropy, (ROWS, [[1, 0]]), {}, r"target must be class indices or prob"),
    (categorical_cross_entropy, (ROWS, [[1, 0], [1]]), {}, r"target must be array-like"),
    (categorical_cross_entropy, (ROWS, [[1, 0, 0], [0, 0.5, 0.6]]), {}, r"target must sum to 1"),
    (
        categorical_cross_entropy,
        (ROWS, [[1, 0, 0], [0, 1.5, -0.5]]),
        {},
        r"target must hold probabilities",
    ),
    (
        categorical_cross_entropy,
        (ROWS, [0, 2]),
        {"label_smoothing": -0.1},
        r"label_smoothing must be a number in \[0, 1\]",
    ),
    (
        categorical_cross_entropy,
        (ROWS, [0, 2]),
        {"label_smoothing": 1.5},
        r"label_smoothing must be a number in \[0, 1\]",
    ),
    (
        categorical_cross_entropy,
        (ROWS, [0, 2]),
        {"label_smoothing": math.nan},
        r"label_smoothing must be",
    ),
    (
        categorical_cross_entropy,
        (ROWS, [0, 2]),
        {"reduction": "avg"},
        r"reduction must be one of none, sum, mean; got 'avg'",
    ),
    (categorical_cross_entropy, (ROWS, [0, 2]), {"reduction": None}, r"reduction must be one"),
    (
        categorical_cross_entropy,
        (ROWS, [0, 2]),
        {"weight": [1.0, 2.0]},
        r"weight must have one entry per class, shape \(3,\)",
    ),
    (
        categorical_cross_entropy,
        (ROWS, [0, 2]),
        {"weight": [1.0, -2.0, 1.0]},
        r"weight must be non-negative",
    ),
    (categorical_cross_entropy, (ROWS, [0, 2]), {"base": 1}, r"base must be"),
    (categorical_cross_entropy, (ROWS, [0, 2]), {"eps": 0.7}, r"eps must be"),
    (
        categorical_cross_entropy,
        ([[0.0, math.inf]], [0]),
        {"from_logits": True},
        r"pred contains NaN or infinite",
    ),
    # binary and multi-label
    (binary_cross_entropy, ([0.5, 0.5], [1, 0, 1]), {}, r"pred and target must have the same"),
    (binary_cross_entropy, ([1.2], [1]), {}, r"pred must hold probabilities"),
    (binary_cross_entropy, ([0.5], [1.2]), {}, r"target must hold probabilities"),
    (binary_cross_entropy, ([0.5], [math.nan]), {}, r"target contains NaN"),
    (binary_cross_entropy, ([math.inf], [1]), {"from_logits": True}, r"pred contains NaN"),
    (binary_cross_entropy, ("x", [1]), {}, r"pred must be numeric"),
    (
        binary_cross_entropy,
        ([0.5, 0.5, 0.5], [1, 0, 1]),
        {"weight": [1.0, 2.0, 3.0, 4.0]},
        r"weight of shape \(4,\) does not broadcast",
    ),
    (
        binary_cross_entropy,
        ([0.5, 0.5], [1, 0]),
        {"weight": [-1.0, 1.0]},
        r"weight must be non-negative",
    ),
    (
        binary_cross_entropy,
        ([0.5, 0.5], [1, 0]),
        {"pos_weight": [1.0, 2.0, 3.0]},
        r"pos_weight of shape \(3,\) does not broadcast",
    ),
    (
        binary_cross_entropy,
        ([0.5, 0.5], [1, 0]),
        {"pos_weight": -1.0},
        r"pos_weight must be non-negative",
    ),
    (binary_cross_entropy, ([0.5], [1]), {"reduction": "mean_sum"}, r"reduction must be one"),
    (binary_cross_entropy, ([0.5], [1]), {"base": 0.0}, r"base must be"),
    (binary_cross_entropy, ([0.5], [1]), {"eps": 0}, r"eps must be"),
    (
        multilabel_cross_entropy,
        (np.full((2, 2, 2), 0.5), np.ones((2, 2, 2))),
        {},
        r"pred must have shape \(L,\) or \(N, L\)",
    ),
    (multilabel_cross_entropy, ([0.5, 0.5], [1, 0, 1]), {}, r"pred and target must have the"),
    (multilabel_cross_entropy, ([0.5, 1.5], [1, 0]), {}, r"pred must hold probabilities"),
    (multilabel_cross_entropy, ([0.5], [1]), {"reduction": "max"}, r"reduction must be one"),
    (multilabel_cross_entropy, ([0.5], [1]), {"base": 1}, r"base must be"),
    # gradient
    (cross_entropy_grad, ([[0.0, 1.0]], [2]), {}, r"target class index 2 is out of range"),
    (cross_entropy_grad, (np.zeros((1, 1, 2)), [0]), {}, r"logits must have shape"),
    (cross_entropy_grad, ([[0.0, math.nan]], [0]), {}, r"logits contains NaN"),
    (cross_entropy_grad, ([[0.0, 1.0]], [[0.5, 0.6]]), {}, r"target must sum to 1"),
]


@pytest.mark.parametrize(
    ("function", "args", "kwargs", "message"),
    ERROR_CASES,
    ids=[f"{case[0].__name__}-{i}" for i, case in enumerate(ERROR_CASES)],
)
def test_invalid_input_raises_value_error_naming_the_argument(function, args, kwargs, message):
    """Each bad input raises ValueError whose message names the argument and the problem."""
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)


def test_the_public_module_exports_the_contract():
    """The contract's twelve functions are all public names of quizapp.engine.losses."""
    expected = {
        "surprisal",
        "entropy",
        "cross_entropy",
        "kl_divergence",
        "softmax",
        "log_softmax",
        "sigmoid",
        "log_sigmoid",
        "categorical_cross_entropy",
        "binary_cross_entropy",
        "multilabel_cross_entropy",
        "cross_entropy_grad",
    }
    assert expected <= set(losses.__all__)
    assert all(callable(getattr(losses, name)) for name in expected)


FORK_SCRIPT = """
import os, signal
import numpy as np
from quizapp.engine.losses import categorical_cross_entropy
z = np.zeros((100_000, 10))
categorical_cross_entropy(z, np.zeros(100_000, dtype=int), from_logits=True)  # starts the pool
pid = os.fork()
if pid == 0:
    signal.alarm(20)  # a hang kills the child with SIGALRM instead of blocking forever
    loss = categorical_cross_entropy(z, np.zeros(100_000, dtype=int), from_logits=True)
    os._exit(0 if abs(loss - np.log(10)) < 1e-12 else 3)
_, status = os.waitpid(pid, 0)
raise SystemExit(os.waitstatus_to_exitcode(status))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_large_batches_still_work_in_a_forked_child():
    """A pre-forked worker can use the threaded path after its parent already did."""
    done = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
