from django.urls import reverse

from core.roles import Role
from registry.testing import make_household, make_user

GRID = reverse("registry:grid")


def unit_url(unit):
    return reverse("registry:grid-unit-detail", args=[unit.pk])


def test_grid_page_shows_groups_with_counts_and_contacts(world, staff_a, grid_worker, login):
    make_user("rep_a", role=Role.HOUSEHOLD_REP, grid_unit=world.zone)  # a zone's rep serves its groups
    response = login(staff_a).get(GRID)
    assert response.status_code == 200
    groups = {g.pk: g for g in response.context["groups"]}
    assert set(groups) == {world.group1.pk, world.group2.pk}
    assert groups[world.group1.pk].household_count == 1
    assert groups[world.group1.pk].grid_workers == ["grid_worker"]
    assert groups[world.group2.pk].household_reps == ["rep_a"]


def test_coverage_is_a_number_and_a_bar_with_text(world, staff_a, login):
    make_household(world.a_building2, room="901")  # not placed in a grid group
    response = login(staff_a).get(GRID)
    [row] = response.context["coverage"]
    assert (row["community"], row["gridded"], row["total"], row["percent"]) == (world.a, 2, 3, 67)
    html = response.content.decode()
    assert "67% (2 of 3 households)" in html
    assert '<progress class="w-100" max="3" value="2"' in html


def test_grid_needs_login(client, world):
    assert client.get(GRID).status_code == 302


def test_other_community_does_not_see_the_grid(world, staff_b, login):
    response = login(staff_b).get(GRID)
    assert response.context["groups"] == []
    assert [row["community"] for row in response.context["coverage"]] == [world.b]


def test_grid_worker_sees_their_group_only(world, grid_worker, login):
    response = login(grid_worker).get(GRID)
    assert [g.pk for g in response.context["groups"]] == [world.group1.pk]
    assert response.context["coverage"] == []


def test_county_admin_reads_the_grid(world, county_admin, login):
    response = login(county_admin).get(GRID)
    assert response.status_code == 200
    assert len(response.context["coverage"]) == 2


def test_group_page_lists_its_households(world, staff_a, login):
    response = login(staff_a).get(unit_url(world.group1))
    assert response.status_code == 200
    assert list(response.context["page"]) == [world.household1]


def test_zone_page_lists_its_groups_and_households(world, staff_a, login):
    response = login(staff_a).get(unit_url(world.zone))
    assert set(response.context["groups"]) == {world.group1, world.group2}
    assert list(response.context["page"]) == [world.household1, world.household2]


def test_grid_worker_gets_404_for_another_group(world, grid_worker, login):
    client = login(grid_worker)
    assert client.get(unit_url(world.group1)).status_code == 200
    assert client.get(unit_url(world.group2)).status_code == 404


def test_group_of_other_community_is_404(world, staff_b, login):
    assert login(staff_b).get(unit_url(world.group1)).status_code == 404


def test_county_admin_reads_a_group(world, county_admin, login):
    assert login(county_admin).get(unit_url(world.group1)).status_code == 200


def test_group_page_needs_login(client, world):
    assert client.get(unit_url(world.group1)).status_code == 302
