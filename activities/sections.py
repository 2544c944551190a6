"""What activities add to other apps' pages (core.sections), registered from ActivitiesConfig.ready()."""

from typing import Any

from django.utils import timezone

from activities.queries import upcoming_for_volunteer

VOLUNTEER_PAGE = "volunteering.my_page"  # the page's object: the user's own active volunteer record


def volunteer_upcoming(request: Any, volunteer: Any) -> dict:
    """The next activities the volunteer may sign up for."""
    activities = list(upcoming_for_volunteer(volunteer, now=timezone.now())[:5])
    return {"template": "activities/_volunteer_upcoming.html", "activities": activities}
