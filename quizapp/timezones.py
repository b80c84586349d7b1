"""Time zones: dates are stored in UTC and shown in the user's IANA zone (fallback UTC).

The browser tells us its zone (``Intl.DateTimeFormat().resolvedOptions().timeZone``) as
an account setting; an instructor's due date is typed in their own zone and stored UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FALLBACK_ZONE = "UTC"
MAX_ZONE_CHARS = 64
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC to the second with a ``Z``, e.g. ``2025-11-27T14:03:09Z`` (None stays
    None): the one form the JSON API and the CSV downloads give times in."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").removesuffix("+00:00") + "Z"


class ZoneError(ValueError):
    """A time-zone name we do not know; the message says which and what is expected."""


def checked_zone(name: str) -> str:
    """``name`` (trimmed) if it is an IANA zone zoneinfo knows; else ``ZoneError``."""
    name = (name or "").strip()
    if not name:
        raise ZoneError("Give a time zone, e.g. Europe/Paris or America/New_York.")
    # zoneinfo would read a path: only plain IANA names (letters, digits, "/", "_", "-", "+").
    plain = name.replace("/", "").replace("_", "").replace("-", "").replace("+", "")
    if len(name) > MAX_ZONE_CHARS or not plain.isalnum() or name.startswith("/") or ".." in name:
        raise ZoneError(f"“{name[:MAX_ZONE_CHARS]}” is not a time zone name like Europe/Paris.")
    try:
        ZoneInfo(name)
    # OSError: a folder of the zone database ("Europe") is a path zoneinfo cannot read.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ZoneError(
            f"“{name}” is not a time zone we know; use an IANA name like Europe/Paris."
        ) from None
    return name


def zone_name_of(user: Any) -> str:
    """The zone a user's dates are shown in: theirs if stored and known, else UTC."""
    signed_in = getattr(user, "is_authenticated", False)
    return shown_zone(getattr(user, "timezone", None) if signed_in else None)


@lru_cache(maxsize=64)
def shown_zone(stored: str | None) -> str:
    """The zone dates are shown in for a stored zone name: it, if known, else UTC. Kept
    per name: a class's results page shows 200 dates, and the check of the name for each
    was 7 % of their cost."""
    if not stored:
        return FALLBACK_ZONE
    try:
        return checked_zone(stored)
    except ZoneError:
        return FALLBACK_ZONE


def local_time(moment: datetime | None, zone: str = FALLBACK_ZONE) -> str:
    """``Tue 8 Dec 2026, 17:00 (Europe/Paris)``: ``moment`` (aware) in ``zone``, labelled."""
    if moment is None:
        return "–"
    here = moment.astimezone(ZoneInfo(zone))
    return (
        f"{_DAYS[here.weekday()]} {here.day} {_MONTHS[here.month - 1]} {here.year}, "
        f"{here:%H:%M} ({zone})"
    )


def utc_from_local(day: date, clock: time, zone: str) -> datetime:
    """The UTC instant of wall-clock ``day`` ``clock`` in ``zone`` (a time skipped by a DST
    change moves forward, a repeated one takes its first occurrence)."""
    wall = datetime.combine(day, clock).replace(tzinfo=ZoneInfo(zone), fold=0)
    return wall.astimezone(UTC)


def local_parts(moment: datetime, zone: str) -> tuple[date, time]:
    """``moment`` as the date and time a user in ``zone`` would type."""
    here = moment.astimezone(ZoneInfo(zone))
    return here.date(), here.time().replace(second=0, microsecond=0)
