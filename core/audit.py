"""Writing the audit log. Services call `record_event` inside their own transaction."""

from typing import Any

from django.db import models

from core.models import AuditEvent


def origin_of(user: Any) -> str:
    # Views put the client address on request.user (see core.middleware); scripts have none.
    return getattr(user, "audit_origin", "") or ""


def record_event(
    *,
    by: Any,
    action: str,
    obj: models.Model | None = None,
    community_id: int | None = None,
    county_id: int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one audit row; call inside the transaction of the change it records."""
    actor = by if getattr(by, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=(actor.get_username() if actor else "system")[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        community_id=community_id,
        county_id=county_id,
        origin=origin_of(by)[:64],
        details=details or {},
    )
