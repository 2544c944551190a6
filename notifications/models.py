"""Notifications: the in-app notification centre's rows, each also sent through the enabled channels."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.kinds import render


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user) -> "NotificationQuerySet":
        """A user's own notifications; nobody, not even staff, reads another person's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user: sign-up confirmed, promoted, reminder, changed, cancelled..."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # What the message says, written out from its kind in the reader's language when shown or
    # sent (notifications.kinds). Null on rows made before kinds had parameters: their stored
    # title and body, written in the language of the day, are what they show.
    params = models.JSONField(_("parameters"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set for a message that must go out once only (the reminder of one sign-up): the unique
    # constraint makes a second run of the reminder job, even a concurrent one, a no-op.
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    def render(self) -> tuple[str, str]:
        """Title and body in the active language; the stored text when the kind cannot say it."""
        return render(self.kind, self.params) or (self.title, self.body)

    @property
    def shown_title(self) -> str:
        return self.render()[0]

    @property
    def shown_body(self) -> str:
        return self.render()[1]


class CalendarToken(models.Model):
    """The secret in a volunteer's calendar subscription link; a new one makes the old link stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return f"{self.user}"
