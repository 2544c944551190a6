"""Where a request comes from: the one answer throttling, the sign-up limits and the audit log use."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The client's network address, as far as this deployment can know it.

    Behind the TLS proxy the deployment declares (BEHIND_TLS_PROXY), REMOTE_ADDR is the proxy and
    X-Forwarded-For holds the client. Its leftmost entries are whatever the client sent; only the
    ones the trusted proxies appended, counted from the right (TRUSTED_PROXY_COUNT, 1 for one
    nginx), can be believed. Without the proxy the header is the client's own words and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.SECURE_PROXY_SSL_HEADER:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if not entries:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, so the leftmost is still one
    # a trusted proxy wrote.
    chosen = entries[max(0, len(entries) - settings.TRUSTED_PROXY_COUNT)]
    return chosen if _is_address(chosen) else remote
