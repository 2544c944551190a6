"""The cover and the summary photos through the API: multipart uploads, scoped reads, removal."""

import pytest
from django.test import Client

from activities import services
from activities.models import ActivityPhoto
from activities.testing import make_activity, not_an_image, png_bytes, png_upload
from activities.tests.test_api_activities import API, get
from activities.tests.test_photos import _ended
from core.tests.hostile_files import same_picture
from registry.tests.test_api_helpers import as_user, bearer


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, path, **files):
    return client.post(API + path, files)


def delete(client, path):
    return client.delete(API + path)


def _file(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


# --- the cover ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_cover_upload_read_and_remove(organiser, world, how):
    activity = make_activity(world.a, by=organiser)
    client = as_user(organiser, how)
    assert get(client, f"/{activity.pk}").json()["cover_url"] is None
    answer = upload(client, f"/{activity.pk}/cover", cover=png_upload())
    assert answer.status_code == 200, answer.json()
    activity.refresh_from_db()
    assert activity.cover and "王" not in activity.cover.name
    assert same_picture(_file(client, answer.json()["cover_url"]), png_bytes())
    removed = delete(client, f"/{activity.pk}/cover")
    assert removed.status_code == 200 and removed.json()["cover_url"] is None


def test_cover_that_is_not_an_image_is_a_field_error(organiser, world):
    activity = make_activity(world.a, by=organiser)
    answer = upload(bearer(organiser), f"/{activity.pk}/cover", cover=not_an_image())
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "cover"
    activity.refresh_from_db()
    assert not activity.cover


def test_cover_is_scoped(organiser, staff_b, county_admin, vworld, world):
    activity = make_activity(world.a, by=organiser, cover=png_upload())
    path = f"/{activity.pk}/cover"
    assert get(Client(), path).status_code == 401
    assert upload(Client(), path, cover=png_upload()).status_code == 401
    assert get(bearer(staff_b), path).status_code == 404
    assert upload(bearer(staff_b), path, cover=png_upload()).status_code == 404
    assert delete(bearer(staff_b), path).status_code == 404
    # Readers (the county, a volunteer of a published activity) see it but cannot change it.
    for user in (county_admin, vworld.member.user):
        assert get(bearer(user), path).status_code == 200
        assert upload(bearer(user), path, cover=png_upload()).status_code == 403
        assert delete(bearer(user), path).status_code == 403
    activity.refresh_from_db()
    assert activity.cover


# --- summary photos -------------------------------------------------------------------------------


def test_photos_upload_list_read_and_delete(organiser, world):
    activity = _ended(world, organiser)
    client = bearer(organiser)
    added = client.post(API + f"/{activity.pk}/photos", {"photos": [png_upload(), png_upload()], "caption": "合影"})
    assert added.status_code == 201, added.json()
    assert [(p["position"], p["caption"]) for p in added.json()] == [(1, "合影"), (2, "合影")]
    listed = get(client, f"/{activity.pk}/photos").json()
    assert [p["id"] for p in listed] == [p["id"] for p in added.json()]
    assert same_picture(_file(client, listed[0]["url"]), png_bytes())
    assert delete(client, f"/{activity.pk}/photos/{listed[0]['id']}").status_code == 204
    assert [p["id"] for p in get(client, f"/{activity.pk}/photos").json()] == [listed[1]["id"]]


def test_bad_photo_and_too_many_are_field_errors(organiser, world):
    activity = _ended(world, organiser)
    client = bearer(organiser)
    bad = upload(client, f"/{activity.pk}/photos", photos=[png_upload(), not_an_image()])
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "photos"
    services.add_summary_photos(by=organiser, activity=activity, photos=[png_upload() for _ in range(12)])
    full = upload(client, f"/{activity.pk}/photos", photos=[png_upload()])
    assert full.status_code == 422 and "at most 12" in full.json()["detail"][0]["message"]
    assert ActivityPhoto.objects.count() == 12


def test_photos_are_scoped(organiser, staff_b, county_admin, vworld, world):
    activity = _ended(world, organiser)
    photo = services.add_summary_photos(by=organiser, activity=activity, photos=[png_upload()])[0]
    listing, one = f"/{activity.pk}/photos", f"/{activity.pk}/photos/{photo.pk}"
    anonymous, other = Client(), bearer(staff_b)
    assert get(anonymous, listing).status_code == 401
    assert get(anonymous, one).status_code == 401
    assert upload(anonymous, listing, photos=[png_upload()]).status_code == 401
    for answer in (
        get(other, listing),
        get(other, one),
        upload(other, listing, photos=[png_upload()]),
        delete(other, one),
    ):
        assert answer.status_code == 404
    county = bearer(county_admin)
    assert get(county, listing).status_code == 200 and get(county, one).status_code == 200
    assert upload(county, listing, photos=[png_upload()]).status_code == 403
    assert delete(county, one).status_code == 403
    # A volunteer browsing activities does not read summaries.
    member = bearer(vworld.member.user)
    assert get(member, listing).status_code == 403 and get(member, one).status_code == 403
    assert ActivityPhoto.objects.count() == 1
