"""A sign-up is one transaction of few statements: the volunteer read once, the account not at
all, the notification's delivery queued beside it (so a refused sign-up queues nothing)."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from activities.models import SignUp
from activities.testing import make_activity
from activities.tests.test_api_activities import post
from notifications.models import Notification
from registry.tests.test_api_helpers import bearer


@pytest.fixture
def activity(world, organiser):
    return make_activity(world.a, by=organiser, places=5)


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_sign_up_page_query_count_is_pinned(login, volunteer, vworld, activity, django_assert_num_queries):
    client = login(volunteer)
    url = reverse("activities:signup-create", args=[activity.pk])
    # session, user, volunteer, scope (3), the activity, its row lock, the place, the sign-up, the
    # notification and its queued delivery, the audit row (head, insert) and the savepoints
    with django_assert_num_queries(18):
        resp = client.post(url)
    assert resp.status_code == 302
    assert SignUp.objects.get(activity=activity, volunteer=vworld.member).status == SignUp.Status.CONFIRMED
    assert Notification.objects.filter(user=volunteer, kind="activity.confirmed").count() == 1
    assert DBTaskResult.objects.count() == 1
    # A second sign-up is refused by the constraint and rolled back: no place taken, nothing queued.
    client.post(url)
    activity.refresh_from_db()
    assert (activity.confirmed_count, Notification.objects.count(), DBTaskResult.objects.count()) == (1, 1, 1)


def test_the_sign_up_api_query_count_is_pinned(vworld, activity, django_assert_num_queries):
    client = bearer(vworld.leader_user)
    with django_assert_num_queries(19):  # the page's, with the token's look-up for the session's two
        resp = post(client, f"/{activity.pk}/signups", {})
    assert resp.status_code == 201 and resp.json()["status"] == "confirmed"
    assert DBTaskResult.objects.count() == 1
    again = post(client, f"/{activity.pk}/signups", {})
    assert again.status_code == 422 and "already signed up" in again.content.decode()
    activity.refresh_from_db()
    assert (activity.confirmed_count, DBTaskResult.objects.count()) == (1, 1)
