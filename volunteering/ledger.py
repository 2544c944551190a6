"""Facts about the service-hour ledger that services and queries share."""

import datetime as dt
from decimal import Decimal

from django.conf import settings

DEFAULT_STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)


def star_thresholds() -> tuple[int, ...]:
    """Hours for one to five stars; a deployment sets LINLI_STAR_THRESHOLDS to change them."""
    return tuple(getattr(settings, "LINLI_STAR_THRESHOLDS", DEFAULT_STAR_THRESHOLDS))


def star_level(hours: Decimal) -> int:
    return sum(1 for threshold in star_thresholds() if hours >= threshold)


def next_star(hours: Decimal) -> tuple[int, Decimal] | None:
    """(the next level, the hours still needed), or None at five stars."""
    for level, threshold in enumerate(star_thresholds(), start=1):
        if hours < threshold:
            return level, Decimal(threshold) - hours
    return None


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday to Friday) after `start`.

    Public holidays are not known here; a community that needs them lengthens its notice period.
    """
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def hours_between(start: dt.time, end: dt.time) -> Decimal:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
