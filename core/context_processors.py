from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Cap
from core.scoping import scope_for

# The left menu: (section, [(label, url name, capability or None)]). Later modules add sections.
NAVIGATION = [
    (_("Overview"), [(_("Home"), "core:home", None)]),
    (
        _("Registry"),
        [
            (_("Search"), "registry:search", Cap.REGISTRY_VIEW),
            (_("Org tree"), "registry:org-tree", "registry_beyond_household"),
            (_("Households"), "registry:household-list", Cap.REGISTRY_VIEW),
            (_("Residents"), "registry:resident-list", Cap.REGISTRY_VIEW),
            (_("Service grid"), "registry:grid", "registry_beyond_household"),
            (_("Party organisation"), "registry:party-list", "registry_beyond_household"),
            (_("Partner units"), "registry:partner-list", "registry_beyond_household"),
            (_("Roster import"), "registry:import-start", Cap.REGISTRY_MANAGE),
        ],
    ),
    (
        _("Volunteering"),
        [
            (_("My volunteer page"), "volunteering:my-page", "volunteer_self"),
            (_("Volunteers"), "volunteering:volunteer-list", Cap.VOLUNTEERING_MANAGE),
            (_("Teams"), "volunteering:team-list", Cap.VOLUNTEERING_VIEW),
            (_("Record hours"), "volunteering:record-create", Cap.VOLUNTEERING_RECORD),
            (_("Leaderboard"), "volunteering:leaderboard", Cap.VOLUNTEERING_VIEW),
            (_("Certificates"), "volunteering:certificate-list", Cap.VOLUNTEERING_MANAGE),
            (_("Volunteer data"), "volunteering:import-start", Cap.VOLUNTEERING_VIEW),
        ],
    ),
    (
        _("Activities"),
        [
            (_("Upcoming activities"), "activities:upcoming", "volunteer_active"),
            (_("My activities"), "activities:my-activities", "volunteer_active"),
            (_("Community activities"), "activities:activity-list", "activities_organiser"),
            (_("Calendar"), "activities:calendar-month", "activities_reader"),
        ],
    ),
    (
        _("Wish wall"),
        [
            (_("Wishes"), "wishes:wish-list", Cap.WISHES_VIEW),
            (_("Post a wish"), "wishes:wish-create", Cap.WISHES_RECORD),
            (_("The public wall"), "wishes:wall", "wish_wall"),
            (_("My claims"), "wishes:my-claims", "wish_claimant"),
            (_("Deliveries"), "wishes:deliveries", "volunteer_active"),
            (_("Wall settings"), "wishes:wish-settings", Cap.WISHES_MANAGE),
            (_("Wish figures"), "wishes:figures", "wish_figures"),
        ],
    ),
    (
        _("Administration"),
        [
            (_("People and roles"), "accounts:user-list", Cap.ACCOUNTS_MANAGE),
            (_("Audit log"), "core:audit-log", Cap.AUDIT_VIEW),
            (_("Notifications"), "notifications:list", None),
            (_("My calendar link"), "calendar:mine", "volunteer_self"),
            (_("API tokens"), "accounts:token-list", None),
            (_("Change password"), "accounts:password-change", None),
        ],
    ),
]


def _wish_claimant(scope, user) -> bool:
    """Whether to offer "My claims", without a query for most users: active volunteers are known
    from the scope; users holding no capability (partner-unit contacts, paired cadres) may claim;
    only users linked to a resident, who may be party members, are looked up, once per request."""
    cached = getattr(scope, "_wish_claimant", None)
    if cached is None:
        if scope.own_volunteer_ids() or not any(dict.values(scope.areas)):
            cached = True
        elif user.resident_id:
            from wishes.services import claimant_identities

            cached = bool(claimant_identities(user))
        else:
            cached = False
        scope._wish_claimant = cached
    return cached


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    path = request.path
    sections = []
    for title, items in NAVIGATION:
        visible = []
        for label, name, cap in items:
            if cap == "volunteer_self":
                if not scope.own_registration_ids():
                    continue
            elif cap == "volunteer_active":
                if not scope.own_volunteer_ids():
                    continue
            elif cap == "registry_beyond_household":
                # A resident reads their own household: the org tree, grid, party and partners are empty to them.
                areas = scope.areas.get(Cap.REGISTRY_VIEW, {})
                if not (scope.is_superuser or any(ids for kind, ids in areas.items() if kind != "household")):
                    continue
            elif cap == "activities_reader":
                # The calendar shows a community's activities: to its volunteers, leaders, staff and readers.
                led = scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team")
                if not (
                    scope.is_superuser or scope.own_volunteer_ids() or scope.community_ids(Cap.VOLUNTEERING_VIEW) or led
                ):
                    continue
            elif cap == "activities_organiser":
                # Staff and readers of a community, or a team's leader; not every volunteer.
                led = scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team")
                if not (scope.is_superuser or scope.community_ids(Cap.VOLUNTEERING_VIEW) or led):
                    continue
            elif cap == "wish_wall":
                # The wall of the user's one community; readers of several find theirs on the wish list.
                walls = scope.community_ids(Cap.WISHES_VIEW)
                if len(walls) != 1:
                    continue
                visible.append({"label": label, "url": reverse(name, args=[*walls]), "active": False})
                continue
            elif cap == "wish_claimant":
                if not _wish_claimant(scope, user):
                    continue
            elif cap == "wish_figures":
                # Staff and town and county admins; a grid worker's or resident's wishes are not figures.
                if not (scope.is_superuser or scope.community_ids(Cap.WISHES_VIEW)):
                    continue
            elif cap and not scope.has(cap):
                continue
            url = reverse(name)
            visible.append({"label": label, "url": url, "active": False})
        if visible:
            sections.append({"title": title, "items": visible})
    # One item is current: the one whose address is the longest prefix of this page's.
    matches = [
        i
        for sec in sections
        for i in sec["items"]
        if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_sections": sections}
