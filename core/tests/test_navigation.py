import pytest
from django.urls import reverse

from accounts.models import User
from conftest import make_user
from core.menu import sections_for
from core.roles import Role


def _menu(client) -> list[str]:
    response = client.get(reverse("core:home"))
    return [item["url"] for section in response.context["nav_sections"] for item in section["items"]]


def test_a_resident_is_not_offered_registry_pages_that_are_empty_to_them(login, resident_user):
    menu = _menu(login(resident_user))
    assert reverse("registry:household-list") in menu
    for name in ("registry:org-tree", "registry:grid", "registry:party-list", "registry:partner-list"):
        assert reverse(name) not in menu
    assert reverse("activities:calendar-month") not in menu


def test_staff_and_grid_workers_keep_them(login, staff_a, grid_worker):
    staff_menu = _menu(login(staff_a))
    assert reverse("registry:org-tree") in staff_menu and reverse("activities:calendar-month") in staff_menu
    assert reverse("registry:grid") in _menu(login(grid_worker))


def test_a_volunteer_has_the_calendar(login, vworld):
    assert reverse("activities:calendar-month") in _menu(login(vworld.member.user))


# Every persona's menu, section by section, pinned when each app still listed its entries in core:
# the apps register them from their AppConfig.ready() now, and the menu must come out the same.
MENUS = {
    "staff_a": [
        ("Overview", ["core:home"]),
        (
            "Registry",
            [
                "registry:search",
                "registry:org-tree",
                "registry:household-list",
                "registry:resident-list",
                "registry:grid",
                "registry:party-list",
                "registry:partner-list",
                "registry:import-start",
            ],
        ),
        (
            "Volunteering",
            [
                "volunteering:volunteer-list",
                "volunteering:team-list",
                "volunteering:record-create",
                "volunteering:leaderboard",
                "volunteering:certificate-list",
                "volunteering:import-start",
            ],
        ),
        ("Activities", ["activities:activity-list", "activities:calendar-month"]),
        (
            "Wish wall",
            ["wishes:wish-list", "wishes:wish-create", "wishes:wall", "wishes:wish-settings", "wishes:figures"],
        ),
        (
            "Administration",
            [
                "accounts:user-list",
                "core:audit-log",
                "notifications:list",
                "accounts:token-list",
                "accounts:password-change",
            ],
        ),
    ],
    "county_admin": [
        ("Overview", ["core:home"]),
        (
            "Registry",
            [
                "registry:search",
                "registry:org-tree",
                "registry:household-list",
                "registry:resident-list",
                "registry:grid",
                "registry:party-list",
                "registry:partner-list",
            ],
        ),
        ("Volunteering", ["volunteering:team-list", "volunteering:leaderboard", "volunteering:import-start"]),
        ("Activities", ["activities:activity-list", "activities:calendar-month"]),
        ("Wish wall", ["wishes:wish-list", "wishes:figures"]),
        (
            "Administration",
            [
                "core:audit-log",
                "core:job-list",
                "notifications:list",
                "accounts:token-list",
                "accounts:password-change",
            ],
        ),
    ],
    "town_admin": [
        ("Overview", ["core:home"]),
        (
            "Registry",
            [
                "registry:search",
                "registry:org-tree",
                "registry:household-list",
                "registry:resident-list",
                "registry:grid",
                "registry:party-list",
                "registry:partner-list",
            ],
        ),
        ("Volunteering", ["volunteering:team-list", "volunteering:leaderboard", "volunteering:import-start"]),
        ("Activities", ["activities:activity-list", "activities:calendar-month"]),
        ("Wish wall", ["wishes:wish-list", "wishes:figures"]),
        ("Administration", ["core:audit-log", "notifications:list", "accounts:token-list", "accounts:password-change"]),
    ],
    "grid_worker": [
        ("Overview", ["core:home"]),
        (
            "Registry",
            [
                "registry:search",
                "registry:org-tree",
                "registry:household-list",
                "registry:resident-list",
                "registry:grid",
                "registry:party-list",
                "registry:partner-list",
            ],
        ),
        ("Wish wall", ["wishes:wish-list", "wishes:wish-create"]),
        ("Administration", ["notifications:list", "accounts:token-list", "accounts:password-change"]),
    ],
    "household_rep": [
        ("Overview", ["core:home"]),
        (
            "Registry",
            [
                "registry:search",
                "registry:org-tree",
                "registry:household-list",
                "registry:resident-list",
                "registry:grid",
                "registry:party-list",
                "registry:partner-list",
            ],
        ),
        ("Wish wall", ["wishes:wish-list"]),
        ("Administration", ["notifications:list", "accounts:token-list", "accounts:password-change"]),
    ],
    "resident_user": [
        ("Overview", ["core:home"]),
        ("Registry", ["registry:search", "registry:household-list", "registry:resident-list"]),
        ("Wish wall", ["wishes:wish-list", "wishes:wish-create"]),
        ("Administration", ["notifications:list", "accounts:token-list", "accounts:password-change"]),
    ],
    "partner_contact": [
        ("Overview", ["core:home"]),
        ("Wish wall", ["wishes:my-claims"]),
        ("Administration", ["notifications:list", "accounts:token-list", "accounts:password-change"]),
    ],
    "volunteer": [
        ("Overview", ["core:home"]),
        (
            "Volunteering",
            ["volunteering:my-page", "volunteering:team-list", "volunteering:leaderboard", "volunteering:import-start"],
        ),
        ("Activities", ["activities:upcoming", "activities:my-activities", "activities:calendar-month"]),
        ("Wish wall", ["wishes:my-claims", "wishes:deliveries"]),
        ("Administration", ["notifications:list", "calendar:mine", "accounts:token-list", "accounts:password-change"]),
    ],
    "leader": [
        ("Overview", ["core:home"]),
        (
            "Volunteering",
            [
                "volunteering:my-page",
                "volunteering:team-list",
                "volunteering:record-create",
                "volunteering:leaderboard",
                "volunteering:import-start",
            ],
        ),
        (
            "Activities",
            [
                "activities:upcoming",
                "activities:my-activities",
                "activities:activity-list",
                "activities:calendar-month",
            ],
        ),
        ("Wish wall", ["wishes:my-claims", "wishes:deliveries"]),
        ("Administration", ["notifications:list", "calendar:mine", "accounts:token-list", "accounts:password-change"]),
    ],
    "nobody": [
        ("Overview", ["core:home"]),
        ("Wish wall", ["wishes:my-claims"]),
        ("Administration", ["notifications:list", "accounts:token-list", "accounts:password-change"]),
    ],
    "root": [
        ("Overview", ["core:home"]),
        (
            "Registry",
            [
                "registry:search",
                "registry:org-tree",
                "registry:household-list",
                "registry:resident-list",
                "registry:grid",
                "registry:party-list",
                "registry:partner-list",
                "registry:import-start",
            ],
        ),
        (
            "Volunteering",
            [
                "volunteering:volunteer-list",
                "volunteering:team-list",
                "volunteering:record-create",
                "volunteering:leaderboard",
                "volunteering:certificate-list",
                "volunteering:import-start",
            ],
        ),
        ("Activities", ["activities:activity-list", "activities:calendar-month"]),
        (
            "Wish wall",
            ["wishes:wish-list", "wishes:wish-create", "wishes:my-claims", "wishes:wish-settings", "wishes:figures"],
        ),
        (
            "Administration",
            [
                "accounts:user-list",
                "core:audit-log",
                "core:job-list",
                "notifications:list",
                "accounts:token-list",
                "accounts:password-change",
            ],
        ),
    ],
}
LABELS = {
    "core:home": "Home",
    "registry:search": "Search",
    "registry:org-tree": "Org tree",
    "registry:household-list": "Households",
    "registry:resident-list": "Residents",
    "registry:grid": "Service grid",
    "registry:party-list": "Party organisation",
    "registry:partner-list": "Partner units",
    "registry:import-start": "Roster import",
    "volunteering:my-page": "My volunteer page",
    "volunteering:volunteer-list": "Volunteers",
    "volunteering:team-list": "Teams",
    "volunteering:record-create": "Record hours",
    "volunteering:leaderboard": "Leaderboard",
    "volunteering:certificate-list": "Certificates",
    "volunteering:import-start": "Volunteer data",
    "activities:upcoming": "Upcoming activities",
    "activities:my-activities": "My activities",
    "activities:activity-list": "Community activities",
    "activities:calendar-month": "Calendar",
    "wishes:wish-list": "Wishes",
    "wishes:wish-create": "Post a wish",
    "wishes:wall": "The public wall",
    "wishes:my-claims": "My claims",
    "wishes:deliveries": "Deliveries",
    "wishes:wish-settings": "Wall settings",
    "wishes:figures": "Wish figures",
    "accounts:user-list": "People and roles",
    "core:audit-log": "Audit log",
    "core:job-list": "Periodic jobs",
    "notifications:list": "Notifications",
    "calendar:mine": "My calendar link",
    "accounts:token-list": "API tokens",
    "accounts:password-change": "Change password",
}


@pytest.fixture
def personas(world, vworld, staff_a, county_admin, grid_worker, household_rep, resident_user, partner_contact):
    return {
        "staff_a": staff_a,
        "county_admin": county_admin,
        "town_admin": make_user("town_admin", role=Role.TOWN_ADMIN, org_unit=world.a.town),
        "grid_worker": grid_worker,
        "household_rep": household_rep,
        "resident_user": resident_user,
        "partner_contact": partner_contact,
        "volunteer": vworld.member.user,
        "leader": vworld.leader_user,
        "nobody": User.objects.create_user("nobody", password="x"),
        "root": User.objects.create_superuser("root", password="x"),
    }


def test_every_persona_sees_the_same_menu(login, world, personas):
    for name, sections in MENUS.items():
        response = login(personas[name]).get(reverse("core:home"))
        wall = reverse("wishes:wall", args=[world.a.pk])
        expected = [
            (title, [(LABELS[n], wall if n == "wishes:wall" else reverse(n)) for n in names])
            for title, names in sections
        ]
        got = [
            (str(s["title"]), [(str(i["label"]), i["url"]) for i in s["items"]])
            for s in response.context["nav_sections"]
        ]
        assert got == expected, name


def test_the_current_page_is_the_longest_matching_entry(login, staff_a):
    response = login(staff_a).get(reverse("registry:resident-list"))
    active = [str(i["label"]) for s in response.context["nav_sections"] for i in s["items"] if i["active"]]
    assert active == ["Residents"]


def test_a_claimant_lookup_runs_once_per_request(login, resident_user, django_assert_max_num_queries):
    """The party-member lookup behind "My claims" is cached on the request, not on the user's scope."""
    client = login(resident_user)
    request = client.get(reverse("core:home")).wsgi_request
    request.user = resident_user
    sections_for(request)
    with django_assert_max_num_queries(0):
        sections_for(request)
    assert "_wish_claimant" not in vars(resident_user._linli_scope)
