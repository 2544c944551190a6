import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from activities import services
from activities.notifications import send_reminders
from activities.testing import make_activity
from notifications import channels
from notifications.models import Notification


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LINLI_NOTIFICATION_CHANNELS = ["inapp", "email"]


@pytest.fixture
def member_user(vworld):
    user = vworld.member.user
    user.email = "chen@example.org"
    user.save(update_fields=["email"])
    return user


def test_confirmed_sign_up_is_notified_in_app_and_by_email(
    organiser, vworld, member_user, django_capture_on_commit_callbacks
):
    activity = make_activity(vworld.patrol.community, by=organiser, title="Patrol")
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(by=member_user, activity=activity, volunteer=vworld.member)
    note = Notification.objects.get(user=member_user)
    assert note.kind == "activity.confirmed"
    assert "Patrol" in note.title and note.delivered_at is not None
    assert [m.to for m in mail.outbox] == [["chen@example.org"]]
    assert mail.outbox[0].subject == note.title


def test_nothing_is_made_or_sent_for_a_rolled_back_sign_up(
    organiser, vworld, member_user, django_capture_on_commit_callbacks
):
    activity = make_activity(vworld.patrol.community, by=organiser)

    def failing_request():
        with transaction.atomic():
            services.sign_up(by=member_user, activity=activity, volunteer=vworld.member)
            raise RuntimeError("the request failed after the sign-up")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_request()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_waitlist_then_promotion(organiser, vworld, member_user, django_capture_on_commit_callbacks):
    activity = make_activity(vworld.patrol.community, by=organiser, places=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sign_up(by=None, activity=activity, volunteer=vworld.leader)
        services.sign_up(by=None, activity=activity, volunteer=vworld.member)
        services.cancel_signup(by=None, signup=first)
    kinds = list(Notification.objects.filter(user=member_user).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["activity.waitlisted", "activity.promoted"]


def test_cancelled_activity_tells_the_reason(organiser, vworld, member_user, django_capture_on_commit_callbacks):
    activity = make_activity(vworld.patrol.community, by=organiser)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_activity(by=organiser, activity=activity, reason="Typhoon warning")
    note = Notification.objects.get(user=member_user, kind="activity.cancelled")
    assert "Typhoon warning" in note.body
    assert "Typhoon warning" in mail.outbox[-1].body


def test_changed_and_rejected(organiser, vworld, member_user):
    activity = make_activity(vworld.patrol.community, by=organiser, requires_approval=True)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    assert not Notification.objects.exists()  # pending: nothing to tell yet
    services.update_activity(by=organiser, activity=activity, place_text="North gate")
    services.decide_signup(by=organiser, signup=signup, accept=False)
    notes = Notification.objects.filter(user=member_user).order_by("pk")
    assert [n.kind for n in notes] == ["activity.changed", "activity.rejected"]
    assert "North gate" in notes[0].body


def test_volunteer_without_account_gets_nothing(organiser, vworld):
    activity = make_activity(vworld.patrol.community, by=organiser)
    services.sign_up(by=organiser, activity=activity, volunteer=vworld.outsider)
    assert not Notification.objects.exists()


def test_enabled_channels_come_from_settings(
    settings, organiser, vworld, member_user, django_capture_on_commit_callbacks
):
    sent = []

    @channels.register("test_sms")
    class FakeSms(channels.Channel):
        def send(self, notification):
            sent.append(notification.title)
            return True

    try:
        settings.LINLI_NOTIFICATION_CHANNELS = ["inapp", "test_sms"]
        activity = make_activity(vworld.patrol.community, by=organiser, title="Clinic")
        with django_capture_on_commit_callbacks(execute=True):
            services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    finally:
        del channels.CHANNELS["test_sms"]
    assert mail.outbox == []
    assert len(sent) == 1 and "Clinic" in sent[0]


def test_email_channel_skips_a_user_without_address(vworld):
    note = Notification.objects.create(user=vworld.member.user, kind="x", title="t")
    assert channels.EmailChannel().send(note) is False
    assert mail.outbox == []


def test_delivery_task_sends_once(member_user):
    from notifications.tasks import deliver_notification

    note = Notification.objects.create(user=member_user, kind="x", title="t")
    assert deliver_notification.enqueue(note.pk).return_value == ["inapp", "email"]
    assert deliver_notification.enqueue(note.pk).return_value == []
    assert len(mail.outbox) == 1


def test_reminders_are_sent_once_per_confirmed_sign_up(organiser, vworld, member_user):
    soon = make_activity(vworld.patrol.community, by=organiser, starts_in=dt.timedelta(hours=20), places=1)
    later = make_activity(vworld.patrol.community, by=organiser, starts_in=dt.timedelta(days=3))
    services.sign_up(by=None, activity=soon, volunteer=vworld.member)
    services.sign_up(by=None, activity=soon, volunteer=vworld.leader)  # waitlisted: no reminder
    services.sign_up(by=None, activity=later, volunteer=vworld.member)
    Notification.objects.all().delete()
    assert send_reminders() == 1
    assert send_reminders() == 0
    call_command("send_activity_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    reminders = Notification.objects.filter(kind="activity.reminder")
    assert [(n.user, soon.get_absolute_url() == n.url or n.url == "") for n in reminders] == [(member_user, True)]
    # A day later the other activity is due, once.
    assert send_reminders(now=timezone.now() + dt.timedelta(days=2, hours=12)) == 1
