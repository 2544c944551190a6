import pytest
from django.urls import reverse

from notifications.models import Notification


@pytest.fixture
def notes(volunteer, staff_a):
    mine = [Notification.objects.create(user=volunteer, kind="k", title=f"Mine {i}", url="/") for i in range(3)]
    theirs = Notification.objects.create(user=staff_a, kind="k", title="Not yours")
    return mine, theirs


def test_centre_needs_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_centre_lists_only_own_notifications(login, volunteer, notes, django_assert_num_queries):
    client = login(volunteer)
    # session, user, page count, unread count, the menu (roles, own volunteer), the page of rows
    with django_assert_num_queries(7):
        response = client.get(reverse("notifications:list"))
    text = response.content.decode()
    assert "Mine 0" in text and "Mine 2" in text
    assert "Not yours" not in text
    assert "3 unread notifications" in text


def test_mark_read_and_unread_count(login, volunteer, notes):
    mine, _theirs = notes
    client = login(volunteer)
    response = client.post(reverse("notifications:mark-read", args=[mine[0].pk]))
    assert response.status_code == 302
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    assert client.get(reverse("notifications:unread-count")).content == b"2"
    response = client.post(reverse("notifications:mark-read", args=[mine[1].pk]), {"open": "1"})
    assert response["Location"] == "/"


def test_someone_elses_notification_is_404(login, volunteer, notes):
    _, theirs = notes
    response = login(volunteer).post(reverse("notifications:mark-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(login, volunteer, notes):
    mine, _ = notes
    assert login(volunteer).get(reverse("notifications:mark-read", args=[mine[0].pk])).status_code == 405


def test_mark_all_read_touches_only_own(login, volunteer, notes):
    _, theirs = notes
    login(volunteer).post(reverse("notifications:mark-all-read"))
    assert not Notification.objects.filter(user=volunteer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_does_not_follow_an_outside_link(login, volunteer):
    note = Notification.objects.create(user=volunteer, kind="k", title="t", url="https://evil.example/")
    response = login(volunteer).post(reverse("notifications:mark-read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")
