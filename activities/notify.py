"""What the activity services tell people. Delivery (in-app, email, pluggable channels, sent by
background tasks) is the notifications module's job; this names the events in one place."""

from typing import Any

from activities import notifications


def activity_event(*, event: str, activity: Any, volunteers: list[Any], reason: str = "") -> None:
    """Tell the volunteers of an activity about `event` (confirmed, promoted, changed, cancelled)."""
    notifications.deliver(event=event, activity=activity, volunteers=volunteers, reason=reason)
