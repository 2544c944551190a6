"""Failed-login throttling: too many failures for one name or one address lock it out a while."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.pii import normalize_phone


def _keys(identifier: str, address: str) -> list[str]:
    # Hashed: an identifier is user input (spaces, Chinese) and must be a safe cache key.
    ident = hashlib.sha256(normalize_phone(identifier.strip().lower()).encode()).hexdigest()[:32]
    return [f"login-fail:id:{ident}", f"login-fail:ip:{address}"]


def is_locked(identifier: str, address: str) -> bool:
    # The per-address limit is looser: many people may share a community office's address.
    ident_key, ip_key = _keys(identifier, address)
    return (
        cache.get(ident_key, 0) >= settings.LOGIN_FAILURE_LIMIT
        or cache.get(ip_key, 0) >= settings.LOGIN_FAILURE_LIMIT * 4
    )


def note_failure(identifier: str, address: str) -> None:
    for key in _keys(identifier, address):
        cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)


def clear_failures(identifier: str, address: str) -> None:
    cache.delete(_keys(identifier, address)[0])
