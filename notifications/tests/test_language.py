"""A notification is written out in the reader's language: the centre in the request's, the
email in the recipient's, whoever caused it and whatever language they used."""

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation

from notifications import channels, kinds
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import deliver_notification

CANCELLED = {"title": "巡逻", "when": "2026-12-05 09:00–11:00", "place": "北门", "reason": "台风"}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LINLI_NOTIFICATION_CHANNELS = ["inapp", "email"]
    settings.LINLI_PUBLIC_URL = "https://linli.example.cn/"


def test_the_centre_shows_a_notification_in_the_readers_language(login, volunteer):
    with translation.override("zh-hans"):  # the actor's language must not stick to the row
        notify(user=volunteer, kind="activity.cancelled", params=CANCELLED, url="/activities/1/")
    client = login(volunteer)
    client.cookies["django_language"] = "en"
    assert "巡逻 is cancelled" in client.get(reverse("notifications:list")).content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "巡逻已取消" in client.get(reverse("notifications:list")).content.decode()


def test_a_row_made_before_kinds_had_parameters_shows_its_stored_text(login, volunteer):
    Notification.objects.create(user=volunteer, kind="activity.cancelled", title="巡逻已取消", body="旧的正文")
    html = login(volunteer).get(reverse("notifications:list")).content.decode()
    assert "巡逻已取消" in html and "旧的正文" in html


def test_an_unknown_kind_or_a_missing_parameter_falls_back_to_the_stored_text(volunteer):
    unknown = Notification(user=volunteer, kind="gone.kind", params={"x": 1}, title="t", body="b")
    missing = Notification(user=volunteer, kind="activity.cancelled", params={}, title="t2", body="b2")
    assert unknown.render() == ("t", "b")
    assert missing.render() == ("t2", "b2")


def test_the_stored_text_is_in_the_recipients_language(volunteer):
    volunteer.language = "zh-hans"
    volunteer.save(update_fields=["language"])
    with translation.override("en"):
        note = notify(user=volunteer, kind="activity.cancelled", params=CANCELLED)
    assert note.title == "巡逻已取消"


def test_the_email_is_in_the_recipients_language_with_an_absolute_link(volunteer, django_capture_on_commit_callbacks):
    volunteer.email, volunteer.language = "chen@example.org", "en"
    volunteer.save(update_fields=["email", "language"])
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        notify(user=volunteer, kind="activity.cancelled", params=CANCELLED, url="/activities/1/")
    [email] = mail.outbox
    assert email.subject == "巡逻 is cancelled"
    assert "The reason given: 台风" in email.body
    assert email.body.endswith("\n\nhttps://linli.example.cn/activities/1/")


def test_without_a_public_address_the_email_carries_no_bare_path(settings, volunteer):
    settings.LINLI_PUBLIC_URL = ""
    volunteer.email = "chen@example.org"
    volunteer.save(update_fields=["email"])
    note = Notification.objects.create(user=volunteer, kind="k", title="t", body="b", url="/activities/1/")
    assert channels.EmailChannel().send(note)
    assert mail.outbox[0].body == "b"


def test_the_language_switch_is_kept_on_the_account(login, volunteer):
    client = login(volunteer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    volunteer.refresh_from_db()
    assert volunteer.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    volunteer.refresh_from_db()
    assert volunteer.language == "en"


def test_the_language_switch_still_works_for_visitors(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_a_channel_sends(settings, world, volunteer):
    """The sending (seconds of SMTP) must not hold the sign-up's row locks or SQLite's write lock."""
    seen = []

    @channels.register("test_probe")
    class Probe(channels.Channel):
        def send(self, notification):
            seen.append((notification.pk, connection.in_atomic_block))
            return True

    settings.LINLI_NOTIFICATION_CHANNELS = ["inapp", "test_probe"]
    try:
        from django.db import transaction

        with transaction.atomic():  # a service's transaction: the task runs on its commit
            with transaction.atomic():
                note = notify(user=volunteer, kind="k", title="Patrol is cancelled")
            assert seen == []  # nothing is sent before the outermost commit
    finally:
        del channels.CHANNELS["test_probe"]
    assert seen == [(note.pk, False)]
    note.refresh_from_db()
    assert note.delivered_at is not None


def test_a_failed_send_gives_the_notification_back_for_a_retry(settings, volunteer):
    @channels.register("test_broken")
    class Broken(channels.Channel):
        def send(self, notification):
            raise OSError("the mail server is down")

    settings.LINLI_NOTIFICATION_CHANNELS = ["test_broken"]
    note = Notification.objects.create(user=volunteer, kind="k", title="t")
    try:
        with pytest.raises(OSError):
            deliver_notification.call(note.pk)
    finally:
        del channels.CHANNELS["test_broken"]
    note.refresh_from_db()
    assert note.delivered_at is None


def test_kinds_registered_by_the_apps():
    assert {"activity.confirmed", "wishes.declined", "volunteering.approved"} <= set(kinds.KINDS)


def test_the_deployment_check_asks_for_the_public_address(settings):
    from notifications.checks import public_url_for_emails

    settings.LINLI_PUBLIC_URL = ""
    assert [w.id for w in public_url_for_emails(None)] == ["notifications.W001"]
    settings.LINLI_PUBLIC_URL = "https://linli.example.cn"
    assert public_url_for_emails(None) == []
