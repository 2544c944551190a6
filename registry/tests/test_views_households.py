import datetime as dt

import pytest
from django.urls import reverse

from core import pagination
from core.models import AuditEvent
from registry import services
from registry.models import Household, Tag
from registry.testing import make_household, make_party_branch, make_resident

LIST = reverse("registry:household-list")
CREATE = reverse("registry:household-create")


def detail(household):
    return reverse("registry:household-detail", args=[household.pk])


def edit(household):
    return reverse("registry:household-edit", args=[household.pk])


@pytest.fixture
def rental():
    return Tag.objects.get(code="rental", community=None)


# --- list ---------------------------------------------------------------------------------


def test_list_shows_the_community_households(world, staff_a, login):
    response = login(staff_a).get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"]) == [world.household1, world.household2]
    assert "community" not in response.context["form"].fields  # one community: no community filter


def test_list_needs_login(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_list_of_other_community_shows_only_its_own(world, staff_b, login):
    assert list(login(staff_b).get(LIST).context["page"]) == [world.household_b]


def test_grid_worker_lists_only_their_grid(world, grid_worker, login):
    assert list(login(grid_worker).get(LIST).context["page"]) == [world.household1]


def test_county_admin_lists_all_and_can_filter_by_community(world, county_admin, login):
    client = login(county_admin)
    assert len(client.get(LIST).context["page"]) == 3
    response = client.get(LIST, {"community": world.b.pk})
    assert list(response.context["page"]) == [world.household_b]
    assert "New household" not in response.content.decode()


def test_list_filters(world, staff_a, login, rental):
    services.update_household(by=None, household=world.household2, grid_group=world.group2, tags=[rental], notes="")
    client = login(staff_a)
    assert list(client.get(LIST, {"building": world.a_building1.pk}).context["page"]) == [world.household1]
    assert list(client.get(LIST, {"grid_group": world.group2.pk}).context["page"]) == [world.household2]
    assert list(client.get(LIST, {"tag": rental.pk}).context["page"]) == [world.household2]
    assert list(client.get(LIST, {"q": "2栋 502"}).context["page"]) == [world.household2]
    # A choice from another community is ignored, not an error page.
    assert client.get(LIST, {"building": world.b_building.pk}).status_code == 200


def test_list_columns(world, staff_a, login, rental):
    services.update_household(by=None, household=world.household1, grid_group=world.group1, tags=[rental], notes="")
    branch = make_party_branch(world.a, world.compound)
    services.register_party_member(by=None, resident=world.head1, party_org=branch, kind="retired")
    response = login(staff_a).get(LIST)
    row = response.context["page"][0]
    assert (row.member_count, row.has_party_badge) == (1, True)
    html = response.content.decode()
    assert rental.label in html
    assert "Party member household" in html


def test_list_query_count_is_pinned(world, staff_a, login, rental, django_assert_num_queries):
    client = login(staff_a)
    with django_assert_num_queries(12):
        client.get(LIST)
    for n in range(5):
        household = make_household(world.a_building1, room=f"9{n}1", grid_group=world.group1, tags=[rental])
        make_resident(household, name=f"王{n}")
    with django_assert_num_queries(12):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 7


def test_list_pages_by_fifty(world, staff_a, login):
    for n in range(49):
        make_household(world.a_building2, room=str(600 + n))
    client = login(staff_a)
    assert len(client.get(LIST).context["page"]) == 50
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 1


# --- create --------------------------------------------------------------------------------


def test_staff_create_a_household(world, staff_a, login, rental):
    client = login(staff_a)
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "building": world.a_building1.pk,
            "unit": "2",
            "room": "402",
            "grid_group": world.group1.pk,
            "tags": [rental.pk],
        },
    )
    household = Household.objects.get(building=world.a_building1, unit="2", room="402")
    assert response.status_code == 302
    assert response["Location"] == detail(household)
    assert list(household.tags.all()) == [rental]
    assert AuditEvent.objects.filter(action="registry.household.create", object_id=str(household.pk)).exists()


def test_create_shows_the_service_error_on_the_field(world, staff_a, login):
    response = login(staff_a).post(CREATE, {"building": world.a_building1.pk, "unit": "1", "room": "301"})
    assert response.status_code == 200
    assert "already has a household" in str(response.context["form"].errors["room"])
    assert Household.objects.filter(building=world.a_building1).count() == 1


def test_create_cannot_use_a_building_of_another_community(world, staff_b, login):
    response = login(staff_b).post(CREATE, {"building": world.a_building1.pk, "room": "999"})
    assert "building" in response.context["form"].errors
    assert not Household.objects.filter(room="999").exists()


@pytest.mark.parametrize("persona", ["county_admin", "grid_worker", "volunteer"])
def test_create_needs_manage_rights(world, login, request, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"building": world.a_building1.pk, "room": "777"}).status_code == 403
    assert not Household.objects.filter(room="777").exists()


def test_create_needs_login(client, world):
    assert client.get(CREATE).status_code == 302


# --- edit ----------------------------------------------------------------------------------


def test_staff_edit_a_household(world, staff_a, login, rental):
    client = login(staff_a)
    assert client.get(edit(world.household1)).status_code == 200
    response = client.post(
        edit(world.household1), {"grid_group": world.group2.pk, "tags": [rental.pk], "notes": "独居"}
    )
    assert response.status_code == 302
    world.household1.refresh_from_db()
    assert (world.household1.grid_group, world.household1.notes) == (world.group2, "独居")
    event = AuditEvent.objects.get(action="registry.household.update", object_id=str(world.household1.pk))
    assert set(event.details["changed"]) == {"grid_group", "tags", "notes"}


def test_grid_worker_edits_their_grid_only(world, grid_worker, login):
    client = login(grid_worker)
    response = client.get(edit(world.household1))
    assert response.status_code == 200
    assert list(response.context["form"].fields["grid_group"].queryset) == [world.group1]
    assert client.post(edit(world.household1), {"grid_group": world.group1.pk, "notes": "visited"}).status_code == 302
    # Taking the household out of every grid group would take it out of the worker's reach too.
    response = client.post(edit(world.household1), {"grid_group": "", "notes": "visited"})
    assert "grid_group" in response.context["form"].errors
    world.household1.refresh_from_db()
    assert world.household1.grid_group == world.group1
    assert client.get(edit(world.household2)).status_code == 404


def test_edit_by_read_only_role_is_403(world, county_admin, login):
    client = login(county_admin)
    assert client.get(edit(world.household1)).status_code == 403
    assert client.post(edit(world.household1), {"notes": "x"}).status_code == 403


def test_edit_of_other_community_is_404(world, staff_b, login):
    assert login(staff_b).get(edit(world.household1)).status_code == 404


def test_edit_needs_login(client, world):
    assert client.get(edit(world.household1)).status_code == 302


# --- detail --------------------------------------------------------------------------------


def test_detail_shows_members_masked_and_the_grid(world, staff_a, grid_worker, login):
    response = login(staff_a).get(detail(world.household1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "黄秀琴" in html
    assert "138****1234" in html
    assert "13805931234" not in html
    assert world.head1.id_number_masked in html
    assert str(grid_worker) in html  # the group's grid worker, by name
    assert "The system registered the household" in html  # the timeline
    assert reverse("registry:household-edit", args=[world.household1.pk]) in html


def test_detail_flags_a_child_and_the_guardian(world, staff_a, login):
    make_resident(
        world.household1,
        name="黄小宝",
        birth_date=dt.date.today().replace(year=dt.date.today().year - 6),
        relation="grandchild",
        guardian=world.head1,
    )
    html = login(staff_a).get(detail(world.household1)).content.decode()
    assert "Under 14" in html
    assert "guardian: 黄秀琴" in html


def test_party_badge_shows_when_a_member_shows_identity(world, staff_a, login):
    branch = make_party_branch(world.a, world.compound)
    services.register_party_member(by=None, resident=world.head1, party_org=branch, kind="retired")
    html = login(staff_a).get(detail(world.household1)).content.decode()
    assert 'data-testid="party-badge"' in html
    assert "Party member household" in html


def test_no_party_badge_when_the_member_does_not_show_identity(world, staff_a, login):
    branch = make_party_branch(world.a, world.compound)
    services.register_party_member(
        by=None, resident=world.head1, party_org=branch, kind="retired", shows_identity=False
    )
    response = login(staff_a).get(detail(world.household1))
    assert response.context["party_badge"] is False
    assert 'data-testid="party-badge"' not in response.content.decode()


def test_timeline_names_changed_fields_not_values(world, staff_a, login):
    client = login(staff_a)
    client.post(edit(world.household1), {"grid_group": world.group1.pk, "notes": "secret note"})
    response = client.get(detail(world.household1))
    assert response.context["timeline"][0].action == "registry.household.update"
    html = response.content.decode()
    assert "staff_a changed the household" in html and "changed: notes" in html
    assert html.count("secret note") == 1  # shown once as the notes field, never in the history


def test_detail_of_other_community_is_404(world, staff_b, login):
    assert login(staff_b).get(detail(world.household1)).status_code == 404


def test_grid_worker_sees_household1_not_household2(world, grid_worker, login):
    client = login(grid_worker)
    assert client.get(detail(world.household1)).status_code == 200
    assert client.get(detail(world.household2)).status_code == 404


def test_county_admin_reads_the_detail_without_edit_actions(world, county_admin, login):
    response = login(county_admin).get(detail(world.household1))
    assert response.status_code == 200
    assert reverse("registry:household-edit", args=[world.household1.pk]) not in response.content.decode()


def test_detail_needs_login(client, world):
    assert client.get(detail(world.household1)).status_code == 302


def test_list_count_stops_at_the_cap(world, staff_a, login, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    response = login(staff_a).get(LIST)
    assert response.context["page"].paginator.capped is True
    assert "More than 1 households" in response.content.decode()
    assert list(response.context["page"]) == [world.household1]
