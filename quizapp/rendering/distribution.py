"""A score distribution drawn as a small inline SVG of horizontal bars.

Like ``charts``, it obeys the Content-Security-Policy: no script and no ``style=``; looks
come from class names in ``static/css``, sizes from SVG attributes. The counts are written
next to the bars and in the image's accessible name, so nothing is said by length alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

_ROW, _LABEL_W, _BAR_W, _COUNT_W = 18, 44, 120, 36
_WIDTH = _LABEL_W + _BAR_W + _COUNT_W


def _learners(n: int) -> str:
    return f"{n} learner" if n == 1 else f"{n} learners"


def distribution_bars(labels: Sequence[str], counts: Sequence[int], *, what: str) -> Markup:
    """Bars of ``counts`` (one per bin of ``labels``); ``what`` names the chart for readers."""
    if len(labels) != len(counts):
        raise ValueError(f"{len(labels)} labels for {len(counts)} counts; give one per bin")
    if any(count < 0 for count in counts):
        raise ValueError(f"counts must not be negative, got {list(counts)}")
    widest = max(counts, default=0) or 1
    summary = "; ".join(f"{label}: {_learners(n)}" for label, n in zip(labels, counts, strict=True))
    height = _ROW * len(counts)
    parts = [
        f'<svg class="distribution" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(what)}: {escape(summary)}">'
    ]
    for row, (label, count) in enumerate(zip(labels, counts, strict=True)):
        y = row * _ROW
        width = round(_BAR_W * count / widest, 1)
        parts.append(
            f'<text class="bin" x="{_LABEL_W - 6}" y="{y + 13}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="bar" x="{_LABEL_W}" y="{y + 3}" width="{width}" height="{_ROW - 6}"/>'
            f'<text class="count" x="{_LABEL_W + width + 4}" y="{y + 13}">{count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
