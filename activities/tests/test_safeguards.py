"""Rules that keep an activity's record true: dates it can take, hours only for activities that took
place, nothing cancelled or moved once started, finishing, and input that must answer with a message."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities import services
from activities.models import Activity, ActivityPhoto, SignUp
from activities.testing import make_activity, png_bytes
from activities.tests.test_api_activities import get, patch
from core.uploads import check_photo, photo_extension
from registry.tests.test_api_helpers import bearer


@pytest.fixture
def under_way(organiser, world, vworld):
    """An activity that started an hour ago, the member confirmed on it."""
    activity = make_activity(world.a, by=organiser, team=vworld.patrol)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        signup_deadline=now - dt.timedelta(hours=2),
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    activity.refresh_from_db()
    return activity, signup


@pytest.mark.parametrize("year", [1, 1999, 9999])
def test_far_dates_are_refused(organiser, world, year):
    starts = dt.datetime(year, 6, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        services.create_activity(
            by=organiser,
            community=world.a,
            title="巡逻",
            kind=Activity.Kind.PATROL,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            places=5,
            signup_deadline=starts - dt.timedelta(hours=1),
        )
    assert "starts_at" in exc.value.message_dict
    assert not Activity.objects.exists()


def test_too_many_places_are_refused(organiser, world):
    with pytest.raises(ValidationError) as exc:
        make_activity(world.a, by=organiser, places=10_001)
    assert "places" in exc.value.message_dict
    activity = make_activity(world.a, by=organiser)
    assert patch(bearer(organiser), f"/{activity.pk}", {"places": 10**20}).status_code == 422


def test_null_in_a_patch_is_a_field_error(organiser, world):
    activity = make_activity(world.a, by=organiser)
    answer = patch(bearer(organiser), f"/{activity.pk}", {"starts_at": None, "places": None})
    assert answer.status_code == 422
    assert {row["field"] for row in answer.json()["detail"]} == {"places", "starts_at"}


def test_a_huge_community_filter_is_refused(organiser):
    assert get(bearer(organiser), "/", community=10**20).status_code == 422


def test_no_hours_for_a_cancelled_activity(organiser, world, vworld):
    activity = make_activity(world.a, by=organiser)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    services.cancel_activity(by=organiser, activity=activity, reason="台风")
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        signup_deadline=now - dt.timedelta(hours=2),
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    activity.refresh_from_db()
    with pytest.raises(ValidationError):
        services.check_in(by=organiser, signup=signup)
    token = services.checkin_token(activity)
    with pytest.raises(ValidationError):
        services.check_in(by=vworld.member.user, signup=signup, token=token)
    assert SignUp.objects.get(pk=signup.pk).checked_in_at is None


def test_a_checked_in_sign_up_cannot_be_cancelled_nor_a_started_activity(organiser, under_way):
    activity, signup = under_way
    services.check_in(by=organiser, signup=signup)
    with pytest.raises(ValidationError):
        services.cancel_signup(by=None, signup=signup)
    with pytest.raises(ValidationError):
        services.cancel_activity(by=organiser, activity=activity, reason="下雨")
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.PUBLISHED
    services.check_out(by=organiser, signup=signup, now=timezone.now() + dt.timedelta(minutes=30))
    assert SignUp.objects.get(pk=signup.pk).record is not None


def test_a_cancelled_sign_up_cannot_be_checked_out(organiser, under_way):
    _activity, signup = under_way
    services.check_in(by=organiser, signup=signup)
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.check_out(by=organiser, signup=signup)
    assert SignUp.objects.get(pk=signup.pk).record is None


def test_a_started_activity_keeps_its_time(organiser, under_way):
    activity, _signup = under_way
    with pytest.raises(ValidationError) as exc:
        services.update_activity(by=organiser, activity=activity, starts_at=activity.starts_at + dt.timedelta(days=30))
    assert "starts_at" in exc.value.message_dict
    services.update_activity(by=organiser, activity=activity, description="带好手电")  # other fields still change


def test_no_show_only_once_started(organiser, world, vworld):
    activity = make_activity(world.a, by=organiser)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    with pytest.raises(ValidationError):
        services.mark_no_show(by=organiser, signup=signup)


def test_ended_activities_become_finished_after_the_check_out_window(organiser, under_way):
    activity, _signup = under_way
    assert services.finish_ended_activities() == 0
    later = activity.ends_at + services.CHECKIN_LATE + dt.timedelta(minutes=1)
    assert services.finish_ended_activities(now=later) == 1
    activity.refresh_from_db()
    assert activity.status == Activity.Status.FINISHED
    assert services.finish_ended_activities(now=later) == 0
    with pytest.raises(ValidationError):
        services.update_activity(by=organiser, activity=activity, description="x")


def test_the_finishing_command(organiser, under_way, monkeypatch):
    activity, _signup = under_way
    later = activity.ends_at + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("finish_activities")
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.FINISHED


def test_a_leader_cannot_hand_away_their_own_activity(leader_user, world, vworld):
    activity = make_activity(world.a, by=leader_user, team=vworld.patrol)
    with pytest.raises(ValidationError) as exc:
        services.update_activity(by=leader_user, activity=activity, team=None)
    assert "team" in exc.value.message_dict
    assert Activity.objects.get(pk=activity.pk).team == vworld.patrol


def test_a_cancelled_activitys_summary_and_photos_are_not_public(settings, tmp_path, organiser, world):
    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(world.a, by=organiser)
    Activity.objects.filter(pk=activity.pk).update(story="很热闹", summary_published=True)
    photo = ActivityPhoto(activity=activity, uploaded_by=organiser, position=1)
    photo.image.save("p.png", SimpleUploadedFile("p.png", png_bytes()), save=True)
    page = reverse("activities:public-stories", args=[world.a.pk])
    photo_url = reverse("activities:public-photo", args=[world.a.pk, photo.pk])
    assert "很热闹" in Client().get(page).content.decode()
    assert Client().get(photo_url).status_code == 200
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)
    assert "很热闹" not in Client().get(page).content.decode()
    assert Client().get(photo_url).status_code == 404


def _picture(fmt: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 10)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_pictures_must_be_jpeg_png_or_webp_and_are_named_by_their_content():
    with pytest.raises(ValidationError):
        check_photo(_picture("BMP", "photo.jpg"))
    png_named_jpg = _picture("PNG", "photo.jpg")
    check_photo(png_named_jpg)
    assert photo_extension(png_named_jpg) == "png"


def test_the_leader_checks_in_by_hand_only_from_an_hour_before(organiser, world, vworld, login):
    activity = make_activity(world.a, by=organiser, starts_in=dt.timedelta(days=1))
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    with pytest.raises(ValidationError):
        services.check_in(by=organiser, signup=signup)
    page = login(organiser).get(reverse("activities:activity-detail", args=[activity.pk])).content.decode()
    assert 'value="check_in"' not in page and 'value="no_show"' not in page
    services.check_in(by=organiser, signup=signup, now=activity.starts_at - dt.timedelta(minutes=30))
