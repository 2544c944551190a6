from django.urls import reverse

URL = reverse("registry:search")


def test_finds_zeng_xiaoming_by_initials_with_surname_reading(world, staff_a, login):
    response = login(staff_a).get(URL, {"q": "zxm"})
    assert response.status_code == 200
    assert response.context["residents"] == [world.resident2]
    html = response.content.decode()
    assert "曾小明" in html
    assert world.resident2.id_number_masked in html
    assert reverse("registry:resident-detail", args=[world.resident2.pk]) in html
    assert reverse("registry:household-detail", args=[world.household2.pk]) in html


def test_htmx_request_gets_only_the_results_fragment(world, staff_a, login):
    response = login(staff_a).get(URL, {"q": "zxm"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "曾小明" in html
    assert "<html" not in html
    assert 'id="search-q"' not in html


def test_full_page_works_without_javascript(world, staff_a, login):
    html = login(staff_a).get(URL, {"q": "zxm"}).content.decode()
    assert "<html" in html
    assert 'method="get"' in html
    assert 'type="submit"' in html


def test_finds_households_by_address(world, staff_a, login):
    response = login(staff_a).get(URL, {"q": "锦绣 1栋"})
    assert response.context["households"] == [world.household1]
    assert reverse("registry:household-detail", args=[world.household1.pk]) in response.content.decode()


def test_needs_login(client, world):
    response = client.get(URL, {"q": "zxm"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_other_community_finds_nothing(world, staff_b, login):
    response = login(staff_b).get(URL, {"q": "zxm"})
    assert response.status_code == 200
    assert response.context["residents"] == []
    assert "曾小明" not in response.content.decode()


def test_grid_worker_finds_only_their_grid(world, grid_worker, login):
    client = login(grid_worker)
    assert client.get(URL, {"q": "hxq"}).context["residents"] == [world.head1]
    assert client.get(URL, {"q": "zxm"}).context["residents"] == []
    assert client.get(URL, {"q": "锦绣"}).context["households"] == [world.household1]


def test_county_admin_searches_the_county(world, county_admin, login):
    response = login(county_admin).get(URL, {"q": "ljg"})
    assert response.status_code == 200
    assert response.context["residents"] == [world.resident_b]


def test_no_match_says_what_to_try(world, staff_a, login):
    html = login(staff_a).get(URL, {"q": "nobody"}).content.decode()
    assert "Nothing matches" in html
