"""Pictures on the pages: the activity's cover, and the summary's photos (public once it is published)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityPhoto
from activities.testing import make_activity, not_an_image, png_bytes, png_upload
from activities.tests.test_views_organise import _form
from core.models import AuditEvent
from core.tests.hostile_files import same_picture


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(name, *args):
    return reverse(f"activities:{name}", args=args)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _ended(world, organiser, **kw):
    """An activity of community A that ended an hour ago."""
    activity = make_activity(world.a, by=organiser, **kw)
    start = timezone.now() - dt.timedelta(hours=3)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), signup_deadline=start
    )
    activity.refresh_from_db()
    return activity


def _with_photos(activity, organiser, n=1, caption=""):
    return services.add_summary_photos(
        by=organiser, activity=activity, photos=[png_upload() for _ in range(n)], caption=caption
    )


# --- the cover ------------------------------------------------------------------------------------


def test_cover_set_on_create_under_a_random_name_and_shown(login, staff_a, volunteer, world, vworld):
    client = login(staff_a)
    resp = client.post(_url("activity-create"), _form(world.a) | {"cover": png_upload()})
    activity = Activity.objects.get()
    assert resp.status_code == 302
    assert activity.cover.name.startswith("activities/covers/") and "王" not in activity.cover.name
    cover_url = _url("activity-cover", activity.pk)
    assert cover_url in client.get(activity.get_absolute_url()).content.decode()
    assert same_picture(_body(client.get(cover_url)), png_bytes())
    # Volunteers see it on the page and on the upcoming cards once the activity is published.
    services.publish_activity(by=staff_a, activity=activity)
    member = login(volunteer)
    assert cover_url in member.get(_url("upcoming")).content.decode()
    assert member.get(cover_url).status_code == 200


def test_cover_replaced_then_removed_on_edit(login, staff_a, world, django_capture_on_commit_callbacks):
    activity = make_activity(world.a, by=staff_a, cover=png_upload())
    old = activity.cover.name
    storage = activity.cover.storage
    client = login(staff_a)
    data = _form(world.a)
    del data["community"]
    form_page = client.get(_url("activity-edit", activity.pk)).content.decode()
    # The edit form links the current cover through the scoped view, never to the media folder.
    assert _url("activity-cover", activity.pk) in form_page and "/media/" not in form_page
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(_url("activity-edit", activity.pk), data | {"cover": png_upload(colour=(0, 90, 0))})
    assert resp.status_code == 302
    activity.refresh_from_db()
    assert activity.cover.name != old and not storage.exists(old)
    assert same_picture(_body(client.get(_url("activity-cover", activity.pk))), png_bytes((0, 90, 0)))
    # Saving without a new file keeps the cover; ticking "clear" removes it.
    client.post(_url("activity-edit", activity.pk), data)
    activity.refresh_from_db()
    assert activity.cover
    client.post(_url("activity-edit", activity.pk), data | {"cover-clear": "on"})
    activity.refresh_from_db()
    assert not activity.cover
    assert client.get(_url("activity-cover", activity.pk)).status_code == 404


def test_a_cover_that_is_not_an_image_is_refused(login, staff_a, world):
    resp = login(staff_a).post(_url("activity-create"), _form(world.a) | {"cover": not_an_image()})
    assert resp.status_code == 200 and "cover" in resp.context["form"].errors
    assert not Activity.objects.exists()


def test_a_cover_over_5_mb_is_refused_by_the_service(staff_a, world):
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        make_activity(world.a, by=staff_a, cover=big)
    assert "larger than 5 MB" in exc.value.message_dict["cover"][0]
    assert not Activity.objects.exists()


def test_cover_is_served_only_to_those_who_see_the_activity(client, login, staff_a, staff_b, volunteer, world, vworld):
    activity = make_activity(world.a, by=staff_a, publish=False, cover=png_upload())
    url = _url("activity-cover", activity.pk)
    assert client.get(url).status_code == 302  # login first
    assert login(staff_b).get(url).status_code == 404
    assert login(volunteer).get(url).status_code == 404  # a draft is not shown to volunteers
    assert login(staff_a).get(url)["Cache-Control"].startswith("private")


# --- summary photos -------------------------------------------------------------------------------


def test_organiser_uploads_photos_shown_on_the_summary(login, organiser, world):
    activity = _ended(world, organiser)
    client = login(organiser)
    resp = client.post(
        _url("summary-photos-add", activity.pk), {"photos": [png_upload(), png_upload()], "caption": "量血压"}
    )
    assert resp.status_code == 302
    photos = list(activity.photos.all())
    assert [(p.position, p.caption, p.uploaded_by) for p in photos] == [
        (1, "量血压", organiser),
        (2, "量血压", organiser),
    ]
    assert all("王" not in p.image.name for p in photos)
    page = client.get(_url("activity-summary", activity.pk))
    body = page.content.decode()
    assert all(_url("summary-photo", activity.pk, p.pk) in body for p in photos)
    assert "faces" in body  # the upload form warns that published photos are public
    assert same_picture(_body(client.get(_url("summary-photo", activity.pk, photos[0].pk))), png_bytes())
    assert AuditEvent.objects.filter(action="activities.photo.add").exists()


def test_leader_of_the_organising_team_uploads_too(login, organiser, leader_user, world, vworld):
    activity = _ended(world, organiser, team=vworld.patrol)
    resp = login(leader_user).post(_url("summary-photos-add", activity.pk), {"photos": [png_upload()]})
    assert resp.status_code == 302 and activity.photos.count() == 1


def test_a_file_that_is_not_a_photo_is_refused(login, organiser, world):
    activity = _ended(world, organiser)
    resp = login(organiser).post(_url("summary-photos-add", activity.pk), {"photos": [png_upload(), not_an_image()]})
    assert resp.status_code == 400 and "photos" in resp.context["photos_form"].errors
    assert not ActivityPhoto.objects.exists()
    resp = login(organiser).post(_url("summary-photos-add", activity.pk), {})
    assert resp.status_code == 400 and "photos" in resp.context["photos_form"].errors


def test_at_most_12_photos_an_activity(login, organiser, world):
    activity = _ended(world, organiser)
    _with_photos(activity, organiser, n=11)
    resp = login(organiser).post(_url("summary-photos-add", activity.pk), {"photos": [png_upload(), png_upload()]})
    assert resp.status_code == 400
    assert "at most 12 photos" in resp.context["photos_form"].errors["photos"][0]
    assert activity.photos.count() == 11


def test_photos_wait_until_the_activity_has_started(login, organiser, world):
    activity = make_activity(world.a, by=organiser)
    resp = login(organiser).post(_url("summary-photos-add", activity.pk), {"photos": [png_upload()]})
    assert resp.status_code == 400 and "started" in resp.context["photos_form"].errors["photos"][0]


def test_remove_deletes_the_row_and_the_file(login, organiser, world, django_capture_on_commit_callbacks):
    activity = _ended(world, organiser)
    photo = _with_photos(activity, organiser)[0]
    name, storage = photo.image.name, photo.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        resp = login(organiser).post(_url("summary-photo-remove", activity.pk, photo.pk))
    assert resp.status_code == 302
    assert not ActivityPhoto.objects.exists() and not storage.exists(name)
    assert AuditEvent.objects.filter(action="activities.photo.remove").exists()


def test_photos_need_login(client, organiser, world):
    activity = _ended(world, organiser)
    photo = _with_photos(activity, organiser)[0]
    for resp in (
        client.get(_url("summary-photo", activity.pk, photo.pk)),
        client.post(_url("summary-photos-add", activity.pk), {"photos": [png_upload()]}),
        client.post(_url("summary-photo-remove", activity.pk, photo.pk)),
    ):
        assert resp.status_code == 302 and "login" in resp["Location"]
    assert activity.photos.count() == 1


def test_other_community_gets_404(login, organiser, staff_b, world):
    activity = _ended(world, organiser)
    photo = _with_photos(activity, organiser)[0]
    client = login(staff_b)
    assert client.get(_url("summary-photo", activity.pk, photo.pk)).status_code == 404
    assert client.post(_url("summary-photos-add", activity.pk), {"photos": [png_upload()]}).status_code == 404
    assert client.post(_url("summary-photo-remove", activity.pk, photo.pk)).status_code == 404
    # A photo id of another activity is not found through this one.
    other = _ended(world, organiser, title="另一个")
    assert login(organiser).get(_url("summary-photo", other.pk, photo.pk)).status_code == 404
    assert activity.photos.count() == 1


def test_county_admin_sees_photos_but_cannot_change_them(login, organiser, county_admin, world):
    activity = _ended(world, organiser)
    photo = _with_photos(activity, organiser)[0]
    client = login(county_admin)
    page = client.get(_url("activity-summary", activity.pk))
    assert page.status_code == 200 and page.context["photos_form"] is None
    assert client.get(_url("summary-photo", activity.pk, photo.pk)).status_code == 200
    assert client.post(_url("summary-photos-add", activity.pk), {"photos": [png_upload()]}).status_code == 403
    assert client.post(_url("summary-photo-remove", activity.pk, photo.pk)).status_code == 403
    assert activity.photos.count() == 1


def test_volunteer_gets_403(login, organiser, volunteer, world, vworld):
    activity = _ended(world, organiser)
    photo = _with_photos(activity, organiser)[0]
    client = login(volunteer)
    assert client.get(_url("summary-photo", activity.pk, photo.pk)).status_code == 403
    assert client.post(_url("summary-photos-add", activity.pk), {"photos": [png_upload()]}).status_code == 403
    assert client.post(_url("summary-photo-remove", activity.pk, photo.pk)).status_code == 403


# --- the public page ------------------------------------------------------------------------------


def test_public_page_shows_and_serves_photos_of_published_summaries_only(client, organiser, world):
    shown = _ended(world, organiser, title="公开的活动")
    shown_photo = _with_photos(shown, organiser, caption="志愿者合影")[0]
    services.publish_summary(by=organiser, activity=shown, story="故事", published=True)
    hidden = _ended(world, organiser, title="未公开的活动")
    hidden_photo = _with_photos(hidden, organiser)[0]
    services.publish_summary(by=organiser, activity=hidden, story="草稿", published=False)

    body = client.get(_url("public-stories", world.a.pk)).content.decode()
    shown_url = _url("public-photo", world.a.pk, shown_photo.pk)
    hidden_url = _url("public-photo", world.a.pk, hidden_photo.pk)
    assert shown_url in body and 'alt="志愿者合影"' in body
    assert hidden_url not in body and "未公开的活动" not in body
    # Without login: the published photo is served, the unpublished one is not found.
    assert same_picture(_body(client.get(shown_url)), png_bytes())
    assert client.get(hidden_url).status_code == 404
    # Not through another community's page either.
    assert client.get(_url("public-photo", world.b.pk, shown_photo.pk)).status_code == 404
    # Taking the summary off the public page takes its photos off at once.
    services.publish_summary(by=organiser, activity=shown, story="故事", published=False)
    assert client.get(shown_url).status_code == 404


def test_public_page_queries_do_not_grow_with_photos(client, organiser, world, django_assert_num_queries):
    url = _url("public-stories", world.a.pk)
    first = _ended(world, organiser)
    _with_photos(first, organiser)
    services.publish_summary(by=organiser, activity=first, story="一", published=True)
    client.get(url)
    # community, summaries, their photos, volunteers, hours, links (no households, so no members)
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(3):
        more = _ended(world, organiser, title=f"活动{n}")
        _with_photos(more, organiser, n=3)
        services.publish_summary(by=organiser, activity=more, story="二", published=True)
    with django_assert_num_queries(6):
        resp = client.get(url)
    assert resp.content.decode().count(url + "photos/") == 10
