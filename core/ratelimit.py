"""Counting attempts per key in the cache, for the limits on failed logins and public sign-ups.

A window is fixed: it opens at the first attempt counted under a key and the count goes when it
closes. The cache is the project's shared one, so every worker process counts the same attempts.
"""

import hashlib

from django.core.cache import cache


def hashed_key(prefix: str, value: str) -> str:
    """A cache key for user input (spaces, Chinese, a phone number): hashed, so it is safe and
    the cache holds no personal data."""
    return f"{prefix}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def attempts(key: str) -> int:
    """How many attempts were counted under the key in its current window."""
    return cache.get(key, 0)


def count_attempt(key: str, window: int) -> None:
    """Count one attempt; the first one opens a window of `window` seconds."""
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


def forget(key: str) -> None:
    cache.delete(key)
