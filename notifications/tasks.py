"""Background sending of notifications, run by the task worker (`manage.py run_task_worker`)."""

from django.utils import timezone, translation
from django_tasks import task

from notifications.channels import enabled_channels
from notifications.models import Notification


@task()
def deliver_notification(notification_id: int) -> list[str]:
    """Send one notification through the enabled channels; a second run sends nothing again.

    The notification is claimed by one conditional update, which commits at once; the sending
    (an SMTP exchange can take seconds) then happens outside any transaction, so it holds no row
    lock and, on SQLite, not the database's write lock. A failed send gives the claim back so
    a retry of the task can send it.
    """
    claimed_at = timezone.now()
    if not Notification.objects.filter(pk=notification_id, delivered_at__isnull=True).update(delivered_at=claimed_at):
        return []  # gone, or sent (or being sent) by another run
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        # Written out in the recipient's language, whoever's action caused it.
        with translation.override(notification.user.preferred_language):
            return [channel.name for channel in enabled_channels() if channel.send(notification)]
    except Exception:
        Notification.objects.filter(pk=notification_id, delivered_at=claimed_at).update(delivered_at=None)
        raise
