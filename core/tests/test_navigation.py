from django.urls import reverse


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
