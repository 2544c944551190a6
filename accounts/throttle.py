"""Failed-login throttling: too many failures for one name or one address lock it out a while."""

from django.conf import settings

from core import ratelimit
from core.pii import normalize_phone


def _keys(identifier: str, address: str) -> list[str]:
    return [
        ratelimit.hashed_key("login-fail:id", normalize_phone(identifier.strip().lower())),
        f"login-fail:ip:{address}",
    ]


def is_locked(identifier: str, address: str) -> bool:
    # The per-address limit is looser: many people may share a community office's address.
    ident_key, ip_key = _keys(identifier, address)
    return (
        ratelimit.attempts(ident_key) >= settings.LOGIN_FAILURE_LIMIT
        or ratelimit.attempts(ip_key) >= settings.LOGIN_FAILURE_LIMIT * 4
    )


def note_failure(identifier: str, address: str) -> None:
    for key in _keys(identifier, address):
        ratelimit.count_attempt(key, settings.LOGIN_FAILURE_WINDOW)


def clear_failures(identifier: str, address: str) -> None:
    ratelimit.forget(_keys(identifier, address)[0])
