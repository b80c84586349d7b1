"""The app's idea of "now", which tests can set (due dates and solution visibility)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import current_app, has_app_context

from quizapp.models import utcnow


def now() -> datetime:
    """The current UTC time, or the time ``app.config["QUIZAPP_CLOCK"]`` (a callable) gives.

    Only a test sets the clock; everything about due dates asks here, never
    ``datetime.now()`` directly, so one setting moves the whole app in time.
    """
    clock: Callable[[], datetime] | None = (
        current_app.config.get("QUIZAPP_CLOCK") if has_app_context() else None
    )
    return clock() if clock is not None else utcnow()
