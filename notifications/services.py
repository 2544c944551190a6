"""Every write of notifications. Keyword-only; sending waits for the caller's transaction to commit."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, IntegrityError, router, transaction
from django.utils import timezone, translation
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from core.typing import Actor
from notifications import kinds
from notifications.models import CalendarToken, Notification
from notifications.tasks import deliver_notification

if TYPE_CHECKING:
    from accounts.models import User


def notify(
    *,
    user: User,
    kind: str,
    params: dict[str, Any] | None = None,
    title: str = "",
    body: str = "",
    url: str = "",
    key: str | None = None,
) -> Notification | None:
    """Put a notification in the user's centre and send it once the transaction commits.

    A registered kind (notifications.kinds) with its `params` is written out in each reader's
    language whenever it is shown or sent; the title and body stored with it, in the recipient's
    language, are what an admin sees and what it falls back to. With a `key`, a notification
    that was already made under that key is not made again (None).
    """
    if params is not None:
        with translation.override(getattr(user, "preferred_language", None)):
            title, body = kinds.render(kind, params) or (title, body)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, params=params, title=title[:200], body=body, url=url[:300], key=key
            )
    except IntegrityError:
        if key and Notification.objects.filter(key=key).exists():
            return None
        raise
    if _enqueue_commits_with_the_write():
        # The task is a row beside this one: a rolled-back write takes it back too, and the worker
        # sees it, and sends outside any transaction, only once the write commits. One commit.
        _enqueue(notification.pk)
    else:
        # A rolled-back sign-up rolls back this row too, and on_commit never fires: nothing is sent.
        # The callback runs after the outermost commit, so the task it starts (even one run at once
        # by the immediate backend) sends outside any transaction.
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue_commits_with_the_write() -> bool:
    """The task backend queues in this database, so enqueueing is part of the caller's transaction."""
    backend = deliver_notification.get_backend()
    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


def _enqueue(notification_id: int) -> None:
    deliver_notification.enqueue(notification_id)


def mark_read(*, by: Actor, notification: Notification) -> Notification:
    if notification.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by: Actor) -> int:
    return Notification.objects.for_recipient(by).unread().update(read_at=timezone.now())


def calendar_token(*, by: Actor, renew: bool = False) -> str:
    """The user's calendar link secret, made on first use; `renew` replaces it (the old link dies)."""
    row = CalendarToken.objects.filter(user=by).first()
    if row is None or renew:
        row, _ = CalendarToken.objects.update_or_create(user=by, defaults={"token": secrets.token_urlsafe(32)})
    return row.token
