"""Failed-login throttling: a soft lock per account that grows, and a looser limit per address.

Per account (tried by its username or its phone alike): after LOGIN_FAILURE_LIMIT failures in a
row it waits a minute before the next try, then twice as long after each further failure, up to
an hour. While it waits even the
right password is refused (else the wait would not slow a guesser down), and tries during the wait
are not counted, so the person the login belongs to is never locked out for longer than an hour.
Names that belong to no one are counted alike, so the answer says nothing about which exist.

Per network address (the client's, see core.net): four times the failures in a fixed window of
LOGIN_FAILURE_WINDOW seconds, then that address waits for the window to close. A community office
shares one address, hence looser; and it stops one machine from putting many accounts to sleep.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from accounts.queries import users_with_phone
from accounts.usernames import looks_like_phone
from core import ratelimit
from core.pii import normalize_phone

FIRST_WAIT = 60  # seconds, after the LOGIN_FAILURE_LIMIT-th failure in a row
LONGEST_WAIT = 3600
# Failures in a row are remembered this long after the first; a name left alone starts afresh.
NAME_MEMORY = 24 * 3600


def _name_key(identifier: str) -> str:
    # One count per account, whether it is tried by its username or by its phone (found as the
    # login backend finds it); a name that belongs to no one is counted under the name itself.
    ident = identifier.strip()
    users = users_with_phone(ident) if looks_like_phone(ident) else User.objects.filter(username=ident)
    pk = users.values_list("pk", flat=True).first()
    if pk is not None:
        return f"login-fail:user:{pk}"
    return ratelimit.hashed_key("login-fail:id", normalize_phone(ident.lower()))


def _address_key(address: str) -> str:
    return f"login-fail:ip:{address}"


def _address_limit() -> int:
    return settings.LOGIN_FAILURE_LIMIT * 4


def wait_after(failures: int) -> int:
    """Seconds a name waits after this many failures in a row: none below the limit, then
    a minute, doubling with each failure, at most an hour."""
    over = failures - settings.LOGIN_FAILURE_LIMIT
    if over < 0:
        return 0
    return min(FIRST_WAIT * 2 ** min(over, 16), LONGEST_WAIT)


def _locked_until(identifier: str, address: str) -> dt.datetime | None:
    ends = []
    name = ratelimit.current(_name_key(identifier))
    if name.last_at is not None and (wait := wait_after(name.count)):
        ends.append(name.last_at + dt.timedelta(seconds=wait))
    place = ratelimit.current(_address_key(address))
    if place.window_ends is not None and place.count >= _address_limit():
        ends.append(place.window_ends)
    return max(ends, default=None)


def seconds_locked(identifier: str, address: str) -> int:
    """How many seconds this login name, or this address, must still wait; 0 when it may try."""
    until = _locked_until(identifier, address)
    if until is None:
        return 0
    return max(0, math.ceil((until - timezone.now()).total_seconds()))


def is_locked(identifier: str, address: str) -> bool:
    return seconds_locked(identifier, address) > 0


def note_failure(identifier: str, address: str) -> None:
    ratelimit.count_attempt(_name_key(identifier), NAME_MEMORY)
    ratelimit.count_attempt(_address_key(address), settings.LOGIN_FAILURE_WINDOW)


def clear_failures(identifier: str) -> None:
    """A successful login ends the account's failures in a row; the address's count stays, so a
    guesser who also holds one good login cannot reset their budget with it."""
    ratelimit.forget(_name_key(identifier))


def clear_account(user: User) -> None:
    """A new password (changed or reset by staff) ends the account's wait."""
    ratelimit.forget(f"login-fail:user:{user.pk}")
