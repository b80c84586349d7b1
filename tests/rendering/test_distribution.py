"""The score distribution's bars: lengths from the counts, the counts said in words."""

from __future__ import annotations

import re

import pytest

from quizapp.rendering.distribution import distribution_bars


def test_bars_are_as_long_as_their_counts_and_carry_them_in_their_name():
    svg = str(distribution_bars(["0", "1"], [1, 4], what="Scores on <q> 1"))
    assert re.findall(r'<rect class="bar" [^>]*width="([\d.]+)"', svg) == ["30.0", "120.0"]
    assert 'aria-label="Scores on &lt;q&gt; 1: 0: 1 learner; 1: 4 learners"' in svg
    assert "style" not in svg and "<script" not in svg


def test_no_answers_draw_empty_bars():
    svg = str(distribution_bars(["0", "1"], [0, 0], what="x"))
    assert re.findall(r'width="([\d.]+)" height', svg)[1:] == ["0.0", "0.0"]


@pytest.mark.parametrize(
    ("labels", "counts", "message"),
    [(["0"], [1, 2], "1 labels for 2 counts"), (["0", "1"], [1, -1], "must not be negative")],
)
def test_bad_input_is_refused_with_its_reason(labels, counts, message):
    with pytest.raises(ValueError, match=message):
        distribution_bars(labels, counts, what="x")
