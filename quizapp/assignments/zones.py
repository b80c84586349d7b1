"""Template helpers that show UTC moments in the signed-in user's time zone."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from flask_login import current_user

from quizapp.assignments import bp
from quizapp.timezones import local_time, shown_zone


def _current_zone() -> str:
    """The signed-in user's zone: a class's results page shows 200 dates, and checking
    the zone's name for each was two fifths of their cost, so the check is kept per name."""
    user = current_user._get_current_object()
    return _kept_zone(getattr(user, "timezone", None) if user.is_authenticated else None)


_kept_zone = lru_cache(maxsize=64)(shown_zone)


@bp.app_template_filter("local_time")
def local_time_filter(moment: datetime | None) -> str:
    """``{{ due_at|local_time }}``: e.g. "Tue 8 Dec 2026, 17:00 (Europe/Paris)"."""
    return local_time(moment, _current_zone())


@bp.app_template_global("user_zone")
def user_zone() -> str:
    """The zone the signed-in user's dates are shown in ("UTC" when none is stored)."""
    return _current_zone()
