"""Plain wording of times and durations for the progress and interview pages (UTC, English)."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_time(moment: datetime) -> str:
    """``27 Nov 2025, 14:05 UTC``: unambiguous whatever the server's locale."""
    # Hour and minute formatted as numbers: strftime cost four times as much (ten a dashboard).
    return (
        f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, "
        f"{moment.hour:02d}:{moment.minute:02d} UTC"
    )


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def relative_to(moment: datetime, now: datetime) -> str:
    """When ``moment`` is, seen from ``now``: "in 10 minutes", "3 days ago", "just now"."""
    seconds = (moment - now).total_seconds()
    ahead = seconds > 0
    seconds = abs(seconds)
    if seconds < 60:
        return "in under a minute" if ahead else "just now"
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            text = _plural(int(seconds // size), unit)
            return f"in {text}" if ahead else f"{text} ago"
    raise AssertionError("unreachable")  # pragma: no cover


def duration(ms: int | None) -> str:
    """A duration in milliseconds as ``1 min 05 s`` or ``42 s``; unknown is a dash."""
    if ms is None:
        return "–"
    seconds = round(ms / 1000)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def percent(fraction: float | None) -> str:
    """A share as a whole percentage with a no-break space (``80 %``)."""
    return "–" if fraction is None else f"{round(fraction * 100)}\u00a0%"


def install_filters(app: Flask) -> None:
    """Register the filters (``day_time``, ``relative_to``, ``duration``, ``percent``)."""
    app.jinja_env.filters.update(
        day_time=day_time, relative_to=relative_to, duration=duration, percent=percent
    )
