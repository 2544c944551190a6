"""Sending channels: a registry of classes, so an SMS or messaging-app channel is one more class.

The enabled channels are named in settings.LINLI_NOTIFICATION_CHANNELS (default in-app and email).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail

from core.links import absolute_url

if TYPE_CHECKING:
    from notifications.models import Notification

DEFAULT_CHANNELS = ["inapp", "email"]
CHANNELS: dict[str, type[Channel]] = {}


def register(name: str):
    """Class decorator: make a channel available under `name` for the settings to enable."""

    def wrap(cls: type[Channel]) -> type[Channel]:
        cls.name = name
        CHANNELS[name] = cls
        return cls

    return wrap


class Channel:
    name = ""

    def send(self, notification: Notification) -> bool:
        """Send the notification; answer whether it went out (False: nothing to send it to)."""
        raise NotImplementedError


@register("inapp")
class InAppChannel(Channel):
    def send(self, notification: Notification) -> bool:
        return True  # the row is the message: the notification centre lists it


@register("email")
class EmailChannel(Channel):
    """Written in the active language (the task sets the recipient's), with an absolute link."""

    def send(self, notification: Notification) -> bool:
        address = notification.user.email
        if not address:
            return False
        title, body = notification.render()
        link = absolute_url(notification.url)
        if link:
            body = f"{body}\n\n{link}" if body else link
        send_mail(title, body, None, [address], fail_silently=False)
        return True


def enabled_channels() -> list[Channel]:
    names = getattr(settings, "LINLI_NOTIFICATION_CHANNELS", DEFAULT_CHANNELS)
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        raise LookupError(f"Unknown notification channels in LINLI_NOTIFICATION_CHANNELS: {unknown}")
    return [CHANNELS[n]() for n in names]
