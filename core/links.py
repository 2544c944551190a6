"""Absolute links for what leaves the site without a request (emails, messages): one site root."""

from django.conf import settings


def site_root() -> str:
    """LINLI_PUBLIC_URL without its trailing slash, e.g. https://linli.example.cn; "" when unset."""
    return (getattr(settings, "LINLI_PUBLIC_URL", "") or "").rstrip("/")


def absolute_url(path: str) -> str:
    """`path` on the public site; "" when no public address is set (a bare path is no link in an
    email). An address that is absolute already is returned as it is."""
    if not path or "://" in path:
        return path
    root = site_root()
    return f"{root}/{path.lstrip('/')}" if root else ""
