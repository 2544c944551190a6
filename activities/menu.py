"""The activities section of the left menu and the calendar link, registered from
ActivitiesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuItem, register_items, register_section
from core.roles import Cap
from volunteering.menu import volunteer_active, volunteer_self


def reader(request, scope) -> bool:
    """The calendar shows a community's activities: to its volunteers, leaders, staff and readers."""
    led = scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team")
    return bool(scope.is_superuser or scope.own_volunteer_ids() or scope.community_ids(Cap.VOLUNTEERING_VIEW) or led)


def organiser(request, scope) -> bool:
    """Staff and readers of a community, or a team's leader; not every volunteer."""
    led = scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team")
    return bool(scope.is_superuser or scope.community_ids(Cap.VOLUNTEERING_VIEW) or led)


def register() -> None:
    register_section(
        "activities",
        order=30,
        title=_("Activities"),
        items=[
            MenuItem(_("Upcoming activities"), "activities:upcoming", volunteer_active),
            MenuItem(_("My activities"), "activities:my-activities", volunteer_active),
            MenuItem(_("Community activities"), "activities:activity-list", organiser),
            MenuItem(_("Calendar"), "activities:calendar-month", reader),
        ],
    )
    register_items("admin", [MenuItem(_("My calendar link"), "calendar:mine", volunteer_self, order=40)])
