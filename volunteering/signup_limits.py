"""How often the public volunteer sign-up may be tried, per mobile number, per device and per address.

A recruitment drive signs up a hundred neighbours on the community centre's one Wi-Fi, so the
network address is only a loose ceiling against floods. What the community limits (its
`VolunteeringSettings.signup_limit`) is the attempts per hour of one mobile number and of one
browser, known by a signed cookie the sign-up page hands out. Every submitted form counts, not
only the ones that succeed: the limit is against trying over and over.

Failed sign-ups (a refused field, or an ID number already registered, which is answered as a new
sign-up so it tells nothing) count a second time, against a far tighter ceiling per address and
per device: someone trying ID numbers one after another is stopped long before a drive would be.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from core import ratelimit

WINDOW = 3600  # one hour, in seconds
DEVICE_COOKIE = "linli_device"
DEVICE_SALT = "volunteering.signup-device"
DEVICE_MAX_AGE = 365 * 24 * 3600

TOO_MANY_FROM_PHONE = _(
    "This mobile number was used for too many sign-ups in the last hour. Wait an hour and try again, "
    "or ask the community staff to register you."
)
TOO_MANY_FROM_DEVICE = _(
    "Too many sign-ups from this phone or computer in the last hour. Wait an hour and try again, "
    "or ask the community staff to register you."
)
TOO_MANY_FROM_NETWORK = _(
    "Too many sign-ups from this network in the last hour. Try again later, or ask the community staff."
)


def failure_ceiling() -> int:
    """Failed sign-ups per network address, and per device, per hour."""
    return getattr(settings, "VOLUNTEER_SIGNUP_FAILURE_LIMIT", 20)


def address_ceiling() -> int:
    """Sign-up attempts per network address per hour: generous, a drive of 100 people passes."""
    return getattr(settings, "VOLUNTEER_SIGNUP_ADDRESS_LIMIT", 300)


def device_id(request: HttpRequest) -> str:
    """The browser's device token from its signed cookie; empty when missing or forged."""
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""


def give_device_id(request: HttpRequest, response: HttpResponse) -> None:
    """Hand a browser without a device cookie a new one; a browser that has one keeps it."""
    if device_id(request):
        return
    response.set_signed_cookie(
        DEVICE_COOKIE,
        secrets.token_urlsafe(16),
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _key(kind: str, value: str) -> str:
    return ratelimit.hashed_key(f"volunteer-signup:{kind}", value)


def check_and_note(*, limit: int, phone: str, device: str, address: str) -> Any:
    """Count this attempt; the message of the first limit it goes over, or None when it may go on."""
    counted = [
        (_key("phone", phone) if phone else "", limit, TOO_MANY_FROM_PHONE),
        (_key("device", device) if device else "", limit, TOO_MANY_FROM_DEVICE),
        (_key("address", address), address_ceiling(), TOO_MANY_FROM_NETWORK),
    ]
    failed = [
        (_key("failed-device", device) if device else "", failure_ceiling(), TOO_MANY_FROM_DEVICE),
        (_key("failed-address", address), failure_ceiling(), TOO_MANY_FROM_NETWORK),
    ]
    for key, most, message in counted + failed:
        if key and ratelimit.attempts(key) >= most:
            return message
    for key, _most, _message in counted:
        if key:
            ratelimit.count_attempt(key, WINDOW)
    return None


def note_failure(*, device: str, address: str) -> None:
    """Count a sign-up that was refused or not taken, against the tighter ceiling."""
    for key in (_key("failed-device", device) if device else "", _key("failed-address", address)):
        if key:
            ratelimit.count_attempt(key, WINDOW)
