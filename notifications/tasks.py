"""Background sending of notifications, run by the task worker (`manage.py db_worker`)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications.channels import enabled_channels
from notifications.models import Notification


@task()
def deliver_notification(notification_id: int) -> list[str]:
    """Send one notification through the enabled channels; a second run sends nothing again."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        )
        if notification is None or notification.delivered_at is not None:
            return []
        sent = [channel.name for channel in enabled_channels() if channel.send(notification)]
        notification.delivered_at = timezone.now()
        notification.save(update_fields=["delivered_at"])
    return sent
