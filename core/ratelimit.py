"""Counting attempts per key, for the limits on failed logins and public sign-ups.

A window is fixed: it opens at the first attempt counted under a key and the count goes when it
closes. Counts live in a table (`AttemptCount`), not in the cache: every worker process counts the
same attempts, and a conditional UPDATE adds one atomically, which the database cache cannot do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.models import AttemptCount

# Rows whose window closed longer ago than this are deleted as new keys come.
KEEP_CLOSED = dt.timedelta(days=1)


@dataclass(frozen=True)
class Counted:
    count: int
    last_at: dt.datetime | None
    window_ends: dt.datetime | None


NOTHING = Counted(0, None, None)


def hashed_key(prefix: str, value: str) -> str:
    """A key for user input (spaces, Chinese, a phone number): hashed, so it is safe and the
    table holds no personal data."""
    return f"{prefix}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def current(key: str) -> Counted:
    """The attempts counted under the key in its open window, and when the last one came."""
    row = AttemptCount.objects.filter(key=key, window_ends__gt=timezone.now()).first()
    return Counted(row.count, row.last_at, row.window_ends) if row else NOTHING


def attempts(key: str) -> int:
    """How many attempts were counted under the key in its current window."""
    return current(key).count


def count_attempt(key: str, window: int) -> int:
    """Count one attempt and return the count; the first one opens a window of `window` seconds."""
    now = timezone.now()
    ends = now + dt.timedelta(seconds=window)
    rows = AttemptCount.objects.filter(key=key)
    # Each step is one statement, atomic on its own: whichever process gets there first, none
    # of two concurrent attempts is lost.
    for _try in range(3):
        if rows.filter(window_ends__gt=now).update(count=F("count") + 1, last_at=now):
            break
        if rows.filter(window_ends__lte=now).update(count=1, last_at=now, window_ends=ends):
            break
        try:
            with transaction.atomic():  # a savepoint: a clash must not break the caller's transaction
                AttemptCount.objects.create(key=key, count=1, last_at=now, window_ends=ends)
        except IntegrityError:
            continue  # another process made the row first: count on it
        AttemptCount.objects.filter(window_ends__lt=now - KEEP_CLOSED).delete()
        break
    return attempts(key)


def forget(key: str) -> None:
    AttemptCount.objects.filter(key=key).delete()
