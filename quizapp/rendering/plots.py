"""Plots drawn on the server as SVG, each with a text alternative."""

from __future__ import annotations

import math
import zlib

from markupsafe import Markup, escape

from quizapp.engine.losses import surprisal
from quizapp.engine.numbers import format_number, format_short
from quizapp.rendering.mathml import number_html, number_text

_WIDTH, _HEIGHT, _PAD = 360, 240, 40


def neglog_plot_svg(p: float, *, unit: str = "nats", label: str = "p") -> Markup:
    """The curve −log p over (0, 1] with the question's point marked.

    It shows why the loss punishes confident mistakes: flat near p = 1, steep as
    p → 0. The y axis is capped so the point stays visible; the text alternative
    states the point exactly.
    """
    base = 2.0 if unit == "bits" else math.e
    loss = float(surprisal(p, base=base))
    y_max = max(5.0, math.ceil(min(loss, 12.0)) + 1.0)

    def x_px(x: float) -> float:
        return _PAD + x * (_WIDTH - 2 * _PAD)

    def y_px(y: float) -> float:
        return _HEIGHT - _PAD - min(y, y_max) / y_max * (_HEIGHT - 2 * _PAD)

    xs = [0.005 * i for i in range(1, 201)]
    ys = surprisal(xs, base=base)
    curve = " ".join(f"{x_px(x):.1f},{y_px(float(y)):.1f}" for x, y in zip(xs, ys, strict=True))
    log_name = "log₂" if unit == "bits" else "ln"
    shown_p, shown_loss = format_short(p), format_number(loss)
    description = (
        f"The curve −{log_name} {label} for {label} from 0 to 1: zero at {label} = 1 and rising "
        f"without bound as {label} approaches 0. Marked point: {label} = {shown_p}, "
        f"loss = {shown_loss} {unit}."
    )
    # The label (up to ~190 px) reads away from the nearer edge: to the right of a point
    # near p = 0, to the left of one near p = 1, centred between, so no border cuts it off.
    if p < 0.3:
        label_side, label_x = "", x_px(p) + 8
    elif p > 0.7:
        label_side, label_x = " point-label-left", x_px(p) - 8
    else:
        label_side, label_x = " point-label-centre", x_px(p)
    uid = zlib.crc32(f"{p!r}|{unit}|{label}".encode())  # stable, unique per plot on a page
    ticks = "".join(
        f'<text x="{x_px(t):.1f}" y="{_HEIGHT - _PAD + 16}" class="tick">{t:g}</text>'
        for t in (0, 0.25, 0.5, 0.75, 1)
    ) + "".join(
        f'<text x="{_PAD - 8}" y="{y_px(v) + 4:.1f}" class="tick tick-y">{v:g}</text>'
        for v in range(0, int(y_max) + 1, max(1, int(y_max) // 5))
    )
    point_y = y_px(loss) if math.isfinite(loss) else y_px(y_max)
    svg = (
        f'<svg class="plot" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-labelledby="plot-title-{uid} plot-desc-{uid}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="plot-title-{uid}">Loss −{log_name} {escape(label)}</title>'
        f'<desc id="plot-desc-{uid}">{escape(number_text(description))}</desc>'
        f'<line class="axis" x1="{_PAD}" y1="{_HEIGHT - _PAD}" x2="{_WIDTH - _PAD}" '
        f'y2="{_HEIGHT - _PAD}"/>'
        f'<line class="axis" x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" y2="{_HEIGHT - _PAD}"/>'
        f"{ticks}"
        f'<polyline class="curve" fill="none" points="{curve}"/>'
        f'<circle class="point" cx="{x_px(p):.1f}" cy="{point_y:.1f}" r="5"/>'
        f'<text class="point-label{label_side}" x="{label_x:.1f}" '
        f'y="{max(point_y - 8, _PAD):.1f}">{escape(label)} = {number_text(shown_p)}, '
        f"loss {number_text(shown_loss)}</text>"
        f'<text class="axis-label" x="{_WIDTH / 2}" y="{_HEIGHT - 6}">{escape(label)}</text>'
        "</svg>"
    )
    return Markup(svg) + Markup('<p class="plot-text">') + number_html(description) + Markup("</p>")
