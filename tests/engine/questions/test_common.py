"""Shared helpers of the question families: the shortcuts must give the engine's and numpy's bits.

Questions are pinned by (type, seed, difficulty), so a helper that draws or reduces
faster than the call it stands for must give exactly the same numbers from the same
random stream; these tests would catch a numpy or engine change that breaks that.
"""

from __future__ import annotations

import numpy as np
import pytest

from quizapp.engine import losses
from quizapp.engine.questions._common import (
    dirichlet,
    draw_distribution,
    reduced,
    require_number,
    require_numbers,
)
from quizapp.engine.questions.base import ParamsError
from quizapp.engine.questions.compare_models import _STYLES


@pytest.mark.parametrize("concentration", [0.05, 0.4, 1.0, 3.0])
@pytest.mark.parametrize("size", [2, 3, 5, 10])
def test_dirichlet_draws_what_numpy_draws_and_leaves_the_stream_where_numpy_does(
    size, concentration
):
    ours, numpys = np.random.default_rng(size), np.random.default_rng(size)
    for _ in range(200):
        expected = numpys.dirichlet(np.full(size, concentration)).tolist()
        assert dirichlet(ours, size, concentration) == expected
    assert ours.random() == numpys.random()


def test_drawn_distributions_are_printed_probabilities_that_sum_to_one():
    """Every entry is a multiple of 0.01 above 0, written as the shortest decimal."""
    rng = np.random.default_rng(7)
    for size in (2, 3, 5, 10):
        for _ in range(100):
            probs = draw_distribution(rng, size, peak=size - 1)
            assert all(p > 0 and repr(p) == repr(round(p, 2)) for p in probs)
            assert sum(round(p * 100) for p in probs) == 100
            assert max(probs) == probs[-1]


def test_confidence_styles_are_drawn_as_choice_draws_them():
    """compare_models draws its two styles with integers, as Generator.choice does."""
    ours, numpys = np.random.default_rng(3), np.random.default_rng(3)
    for _ in range(500):
        picked = [_STYLES[i] for i in ours.integers(0, len(_STYLES), size=2).tolist()]
        assert picked == numpys.choice(_STYLES, size=2).tolist()
    assert ours.random() == numpys.random()


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_reduced_matches_the_engine_reductions(reduction):
    """The sum or mean of per-example losses equals the engine's own reduction, bit for bit."""
    rng = np.random.default_rng(11)
    for count in range(1, 20):
        pred = rng.uniform(0.01, 0.99, size=(count, 3)).round(2).tolist()
        target = rng.integers(2, size=(count, 3)).tolist()
        per_example = losses.multilabel_cross_entropy(pred, target, reduction="none", base=2)
        expected = losses.multilabel_cross_entropy(pred, target, reduction=reduction, base=2)
        assert reduced(per_example, reduction) == expected
        per_element = losses.binary_cross_entropy(pred, target, reduction="none")
        expected = losses.binary_cross_entropy(pred, target, reduction=reduction)
        assert reduced(per_element, reduction) == expected
        rows = [[0.5, 0.25, 0.25], [0.1, 0.6, 0.3], [0.7, 0.2, 0.1]] * count
        labels = rng.integers(3, size=len(rows)).tolist()
        per_row = losses.categorical_cross_entropy(rows, labels, reduction="none")
        expected = losses.categorical_cross_entropy(rows, labels, reduction=reduction)
        assert reduced(per_row, reduction) == expected


@pytest.mark.parametrize("huge", [10**400, -(10**400), 2**1100], ids=["1e400", "-1e400", "2**1100"])
def test_an_integer_beyond_float_range_is_a_params_error_not_an_overflow(huge):
    """JSON allows 10**400; math.isfinite(10**400) raises OverflowError, which was a 500."""
    with pytest.raises(
        ParamsError, match=r"p must be between 0 and 1; got a number with \d+ digits"
    ):
        require_number({"p": huge}, "p", low=0.0, high=1.0)
    with pytest.raises(ParamsError, match="must be between"):
        require_numbers({"pred": [0.5, huge]}, "pred")
