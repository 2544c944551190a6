"""Usernames made for people who sign themselves up: short, typeable, and saying nothing about them.

A phone number was the username once; the audit log, the people list and every page that names a
login then showed it. Now the phone is kept like every other phone (encrypted, hashed, masked) and
the username is the pinyin initials of the name and four random digits ("hxq4821" for 黄秀琴):
easy to read out and type on a phone, though people who sign up log in with their phone number.
"""

import re
import secrets
from collections.abc import Callable

from pypinyin import Style, lazy_pinyin

from core.pii import is_valid_phone, normalize_phone

_LETTERS = re.compile(r"[^a-z]")


def initials(name: str) -> str:
    """Up to four lower-case pinyin initials of a name; "u" (user) when it has none."""
    letters = "".join(_LETTERS.sub("", part.lower())[:1] for part in lazy_pinyin(name or "", style=Style.NORMAL))
    return letters[:4] or "u"


def new_username(name: str, *, taken: Callable[[str], bool]) -> str:
    """A username free of the phone and the full name, not yet taken: initials and 4 digits, more
    digits after a few clashes (a community has a handful of people with the same initials)."""
    stem = initials(name)
    for attempt in range(30):
        digits = 4 if attempt < 10 else 6
        candidate = f"{stem}{secrets.randbelow(10**digits):0{digits}d}"
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free username after 30 attempts")


_SEPARATORS = re.compile(r"[\s().\-_@+]")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def phone_in(username: str) -> str:
    """The mobile number a username holds, however it is written ("139-0593-0001"), or ""."""
    found = _MOBILE.search(_SEPARATORS.sub("", username.removeprefix("+86")))
    return found.group() if found else ""


def looks_like_phone(username: str) -> bool:
    """A username holding a phone number would show the phone wherever the login is named."""
    return bool(phone_in(username)) or is_valid_phone(normalize_phone(username))
