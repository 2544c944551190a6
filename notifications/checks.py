"""Deployment checks of the notifications app."""

from django.conf import settings
from django.core.checks import Warning


def public_url_for_emails(app_configs, **kwargs):
    """Emails link back to the site only through LINLI_PUBLIC_URL: without it they carry no link."""
    channels = getattr(settings, "LINLI_NOTIFICATION_CHANNELS", ["inapp", "email"])
    if "email" in channels and not getattr(settings, "LINLI_PUBLIC_URL", ""):
        return [
            Warning(
                "Emailed notifications carry no link to the site.",
                hint="Set LINLI_PUBLIC_URL to the site's public address, e.g. https://linli.example.cn.",
                id="notifications.W001",
            )
        ]
    return []
