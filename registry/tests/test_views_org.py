from django.urls import reverse

from registry.testing import make_building, make_household


def test_tree_shows_the_community_down_to_buildings_with_counts(world, staff_a, login):
    response = login(staff_a).get(reverse("registry:org-tree"))
    assert response.status_code == 200
    [root] = response.context["roots"]
    assert root.unit == world.a
    [compound] = root.children
    assert compound.unit == world.compound
    assert compound.households == 2
    assert {(b.unit.name, b.households) for b in compound.children} == {("1栋", 1), ("2栋", 1)}
    assert "城北社区" not in response.content.decode()


def test_tree_query_count_does_not_grow_with_buildings(world, staff_a, login, django_assert_num_queries):
    client = login(staff_a)
    url = reverse("registry:org-tree")
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(3):
        building = make_building(world.a, "新城小区", f"{n + 1}栋")
        make_household(building, room="101")
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.context["roots"][0].households == 5


def test_tree_over_several_communities_stops_at_compounds(world, county_admin, login):
    response = login(county_admin).get(reverse("registry:org-tree"))
    assert response.status_code == 200
    [county] = response.context["roots"]
    assert county.unit == world.county
    assert county.households == 3
    html = response.content.decode()
    assert "城南社区" in html
    assert "城北社区" in html
    assert "2 buildings" in html


def test_tree_needs_login(client, world):
    assert client.get(reverse("registry:org-tree")).status_code == 302


def test_community_page_shows_compounds_and_numbers(world, staff_a, login):
    response = login(staff_a).get(reverse("registry:org-unit-detail", args=[world.a.pk]))
    assert response.status_code == 200
    assert response.context["children"] == [(world.compound, 2)]
    summary = response.context["summary"]
    assert summary["households"] == 2
    assert summary["residents"] == 2
    assert summary["gridded"] == 2


def test_compound_page_lists_buildings_and_households(world, staff_a, login):
    response = login(staff_a).get(reverse("registry:org-unit-detail", args=[world.compound.pk]))
    assert response.status_code == 200
    assert response.context["children"] == [(world.a_building1, 1), (world.a_building2, 1)]
    assert list(response.context["page"]) == [world.household1, world.household2]


def test_building_page_lists_its_households_and_offers_to_add_one(world, staff_a, login):
    response = login(staff_a).get(reverse("registry:org-unit-detail", args=[world.a_building1.pk]))
    assert list(response.context["page"]) == [world.household1]
    assert f"{reverse('registry:household-create')}?building={world.a_building1.pk}" in response.content.decode()


def test_org_unit_of_another_community_is_404(world, staff_b, login):
    client = login(staff_b)
    assert client.get(reverse("registry:org-unit-detail", args=[world.compound.pk])).status_code == 404
    assert client.get(reverse("registry:org-unit-detail", args=[world.a.pk])).status_code == 404


def test_county_admin_reads_but_is_not_offered_to_add(world, county_admin, login):
    response = login(county_admin).get(reverse("registry:org-unit-detail", args=[world.a_building1.pk]))
    assert response.status_code == 200
    assert reverse("registry:household-create") not in response.content.decode()


def test_grid_worker_sees_no_org_units(world, grid_worker, login):
    client = login(grid_worker)
    assert client.get(reverse("registry:org-tree")).context["roots"] == []
    assert client.get(reverse("registry:org-unit-detail", args=[world.a_building1.pk])).status_code == 404


def test_org_unit_detail_needs_login(client, world):
    assert client.get(reverse("registry:org-unit-detail", args=[world.a.pk])).status_code == 302
