"""Posting a wish: a resident for their household, a grid worker for their grid, staff by search."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.services import grant_role
from core.roles import Role
from registry.testing import make_resident
from wishes.models import Wish, WishSettings
from wishes.testing import make_wish

URL = reverse("wishes:wish-create")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name="照片.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def data(beneficiary, **over):
    values = {
        "beneficiary": beneficiary.pk,
        "title": "《优雅走过下雨天》",
        "category": "goods",
        "value": "45",
        "reason": "喜欢读书",
        "wanted_by": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
    }
    return values | over


def offered(response):
    return [pk for pk, _label in response.context["form"].fields["beneficiary"].widget.choices]


def test_resident_posts_for_themselves_and_hears_it_waits(login, resident_user, world):
    spouse = make_resident(world.household1, name="王建平", gender="M", birth_date=dt.date(1950, 1, 1))
    client = login(resident_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(offered(response)) == sorted([world.head1.pk, spouse.pk])
    assert not response.context["needs_search"]
    response = client.post(URL, data(world.head1), follow=True)
    wish = Wish.objects.get()
    assert response.redirect_chain[-1][0] == wish.get_absolute_url()
    assert (wish.status, wish.via, wish.beneficiary) == (Wish.Status.PENDING, Wish.Via.SELF, world.head1)
    assert "waits for the community staff to verify it" in response.content.decode()


def test_needs_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["household_rep", "county_admin", "volunteer"])
def test_users_who_may_not_post_get_403(login, persona, request):
    assert login(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_resident_cannot_post_for_another_household(login, resident_user, world):
    response = login(resident_user).post(URL, data(world.resident2))
    assert response.status_code == 200
    assert "beneficiary" in response.context["form"].errors
    assert not Wish.objects.exists()


def test_grid_worker_is_offered_their_grid_only(login, grid_worker, world):
    client = login(grid_worker)
    assert offered(client.get(URL)) == [world.head1.pk]
    client.post(URL, data(world.resident2))
    assert not Wish.objects.exists()
    assert client.post(URL, data(world.head1)).status_code == 302
    assert Wish.objects.get().via == Wish.Via.GRID_WORKER


def test_staff_find_the_resident_by_pinyin_when_the_community_is_large(login, staff_a, world, monkeypatch):
    monkeypatch.setattr("wishes.forms.LIST_ALL_UP_TO", 1)
    client = login(staff_a)
    first = client.get(URL)
    assert first.context["needs_search"] and offered(first) == []
    found = client.get(URL, {"q": "hxq"})
    assert offered(found) == [world.head1.pk]
    assert "黄秀琴" in found.content.decode()
    # Posting to the page's address keeps the search, so an error shows the same choice again.
    response = client.post(f"{URL}?q=hxq", data(world.head1, value="abc"))
    assert offered(response) == [world.head1.pk]
    assert client.post(f"{URL}?q=hxq", data(world.head1)).status_code == 302
    assert Wish.objects.get().via == Wish.Via.STAFF


def test_staff_search_does_not_find_other_communities(login, staff_a, world, monkeypatch):
    monkeypatch.setattr("wishes.forms.LIST_ALL_UP_TO", 1)
    response = login(staff_a).get(URL, {"q": "林建国"})
    assert offered(response) == []
    assert "No resident you look after matches" in response.content.decode()


def test_over_the_cap_is_refused_with_the_cap_named_at_the_field(login, grid_worker, world):
    WishSettings.objects.create(community=world.a, value_cap=150)
    client = login(grid_worker)
    assert "at most 150" in client.get(URL).content.decode()
    response = client.post(URL, data(world.head1, value="151"))
    page = response.content.decode()
    assert response.status_code == 200 and not Wish.objects.exists()
    assert "150" in response.context["form"].errors["value"][0]
    assert 'id="id_value_error"' in page and 'aria-describedby="id_value_helptext id_value_error"' in page


def test_missing_fields_are_named(login, resident_user, world):
    response = login(resident_user).post(URL, {"beneficiary": ""})
    errors = response.context["form"].errors
    assert set(errors) == {"beneficiary", "title", "category", "value", "wanted_by"}
    assert errors["beneficiary"] == ["Choose the resident the wish is for."]


def test_service_rules_land_on_the_fields(login, resident_user, world):
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = login(resident_user).post(URL, data(world.head1, wanted_by=past, value="0"))
    errors = response.context["form"].errors
    assert "past" in errors["wanted_by"][0] and "at least 1" in errors["value"][0]


def test_the_open_wish_limit_shows_at_the_resident(login, resident_user, world):
    WishSettings.objects.create(community=world.a, open_limit=1)
    make_wish(world.head1)
    response = login(resident_user).post(URL, data(world.head1))
    assert "already has 1 open wishes" in response.context["form"].errors["beneficiary"][0]
    assert 'aria-describedby="id_beneficiary_error"' in response.content.decode()


def test_posts_with_a_photo_served_to_the_area_only(login, grid_worker, staff_a, staff_b, world):
    client = login(grid_worker)
    assert client.post(URL, data(world.head1, photo=png())).status_code == 302
    wish = Wish.objects.get()
    assert wish.photo.name.endswith(".jpg") and "照片" not in wish.photo.name
    photo_url = reverse("wishes:wish-photo", args=[wish.pk, "photo"])
    assert photo_url in client.get(wish.get_absolute_url()).content.decode()
    response = login(staff_a).get(photo_url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    assert login(staff_b).get(photo_url).status_code == 404


def test_a_file_that_is_not_a_photo_is_refused(login, resident_user, world):
    bad = SimpleUploadedFile("photo.png", b"not a picture", content_type="image/png")
    response = login(resident_user).post(URL, data(world.head1, photo=bad))
    assert "photo" in response.context["form"].errors and not Wish.objects.exists()


def test_for_preselects_the_resident(login, grid_worker, world):
    make_resident(world.household1, name="王建平", gender="M", birth_date=dt.date(1950, 1, 1))
    form = login(grid_worker).get(URL, {"for": world.head1.pk}).context["form"]
    assert form["beneficiary"].value() == world.head1.pk


def test_caps_of_several_communities_are_named_each(login, staff_a, world):
    grant_role(by=None, user=staff_a, role=Role.COMMUNITY_STAFF, org_unit=world.b)
    WishSettings.objects.create(community=world.b, value_cap=300)
    help_text = login(staff_a).get(URL).context["form"].fields["value"].help_text
    assert "城南社区 200 yuan" in help_text and "城北社区 300 yuan" in help_text
