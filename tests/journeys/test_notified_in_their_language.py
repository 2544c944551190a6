"""Journey: two volunteers of community A sign up for the same activity, one reading English and
one Chinese; each is told in their own language, in the notification centre and by email, and
the email's link works from outside the site.

They choose their language with the site's language switch (which the account remembers), sign
up on the activity page, read the notification centre, and the emails go out through the
background task once the sign-up commits. It ends with the rows and the outbox.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from activities.models import SignUp
from activities.testing import make_activity
from notifications.models import Notification

SITE = "https://linli.example.cn"


@pytest.fixture(autouse=True)
def _mail_and_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LINLI_NOTIFICATION_CHANNELS = ["inapp", "email"]
    settings.LINLI_PUBLIC_URL = SITE + "/"


def _person(user, email: str, language: str) -> Client:
    user.email = email
    user.save(update_fields=["email"])
    client = Client()
    client.force_login(user)
    assert client.post(reverse("set_language"), {"language": language, "next": "/"}).status_code == 302
    return client


def test_each_volunteer_is_told_in_their_own_language(world, vworld, organiser, django_capture_on_commit_callbacks):
    activity = make_activity(world.a, by=organiser, title="周末义诊", place_text="社区卫生站")
    english_user, chinese_user = vworld.member.user, vworld.leader_user
    english = _person(english_user, "chen@example.org", "en")
    chinese = _person(chinese_user, "li@example.org", "zh-hans")

    # Both sign up on the activity page; the emails go out once each sign-up commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert english.post(reverse("activities:signup-create", args=[activity.pk])).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert chinese.post(reverse("activities:signup-create", args=[activity.pk])).status_code == 302

    # The centre: each reads the same kind of message in their own language.
    page = english.get(reverse("notifications:list")).content.decode()
    assert "You have a place at 周末义诊" in page and "Your sign-up is confirmed." in page
    page = chinese.get(reverse("notifications:list")).content.decode()
    assert "您已获得周末义诊的名额" in page and "您的报名已确认。" in page

    # The emails: in the recipient's language, with an absolute link to the activity.
    link = SITE + activity.get_absolute_url()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"chen@example.org", "li@example.org"}
    assert by_address["chen@example.org"].subject == "You have a place at 周末义诊"
    assert by_address["li@example.org"].subject == "您已获得周末义诊的名额"
    assert "社区卫生站" in by_address["li@example.org"].body and "地点" in by_address["li@example.org"].body
    for message in mail.outbox:
        assert message.body.rstrip().endswith(link)

    # The message is written out when read: switching to English shows it in English.
    chinese.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "You have a place at 周末义诊" in chinese.get(reverse("notifications:list")).content.decode()

    # The data: two confirmed sign-ups, two sent notifications of one kind, the languages kept.
    assert set(SignUp.objects.filter(activity=activity).values_list("volunteer_id", "status")) == {
        (vworld.member.pk, SignUp.Status.CONFIRMED),
        (vworld.leader.pk, SignUp.Status.CONFIRMED),
    }
    notes = Notification.objects.filter(kind="activity.confirmed").order_by("user_id")
    assert [(n.user_id, n.params["title"], n.delivered_at is not None) for n in notes] == sorted(
        [(english_user.pk, "周末义诊", True), (chinese_user.pk, "周末义诊", True)]
    )
    english_user.refresh_from_db()
    chinese_user.refresh_from_db()
    assert (english_user.language, chinese_user.language) == ("en", "en")
