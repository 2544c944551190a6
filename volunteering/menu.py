"""The volunteering section of the left menu, registered from VolunteeringConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuItem, has, register_section
from core.roles import Cap


def volunteer_self(request, scope) -> bool:
    """The user has a volunteer registration of their own, in any state."""
    return bool(scope.own_registration_ids())


def volunteer_active(request, scope) -> bool:
    """The user is an active volunteer (activities and the wish wall's deliveries are theirs)."""
    return bool(scope.own_volunteer_ids())


def register() -> None:
    register_section(
        "volunteering",
        order=20,
        title=_("Volunteering"),
        items=[
            MenuItem(_("My volunteer page"), "volunteering:my-page", volunteer_self),
            MenuItem(_("Volunteers"), "volunteering:volunteer-list", has(Cap.VOLUNTEERING_MANAGE)),
            MenuItem(_("Teams"), "volunteering:team-list", has(Cap.VOLUNTEERING_VIEW)),
            MenuItem(_("Record hours"), "volunteering:record-create", has(Cap.VOLUNTEERING_RECORD)),
            MenuItem(_("Leaderboard"), "volunteering:leaderboard", has(Cap.VOLUNTEERING_VIEW)),
            MenuItem(_("Certificates"), "volunteering:certificate-list", has(Cap.VOLUNTEERING_MANAGE)),
            MenuItem(_("Volunteer data"), "volunteering:import-start", has(Cap.VOLUNTEERING_VIEW)),
        ],
    )
