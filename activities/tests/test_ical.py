import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from activities import services
from activities.testing import make_activity
from notifications.services import calendar_token


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def signed_up(organiser, vworld):
    mine = make_activity(vworld.patrol.community, by=organiser, title="Evening patrol", place_text="North gate")
    other = make_activity(vworld.patrol.community, by=organiser, title="Clinic")
    waiting = make_activity(vworld.patrol.community, by=organiser, title="Full one", places=1)
    services.sign_up(by=None, activity=mine, volunteer=vworld.member)
    services.sign_up(by=None, activity=other, volunteer=vworld.leader)
    services.sign_up(by=None, activity=waiting, volunteer=vworld.leader)
    services.sign_up(by=None, activity=waiting, volunteer=vworld.member)  # waitlisted: not in the feed
    return mine


def test_volunteer_feed_has_confirmed_activities_with_time_zone(client, vworld, signed_up):
    token = calendar_token(by=vworld.member.user)
    events = _events(client.get(reverse("calendar:volunteer-feed", args=[token])))  # no login
    assert set(events) == {"Evening patrol"}
    event = events["Evening patrol"]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=8)
    assert getattr(start.tzinfo, "key", str(start.tzinfo)) == "Asia/Shanghai"
    assert start == signed_up.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert event.decoded("dtend") == signed_up.ends_at
    assert str(event["location"]) == "North gate"


def test_another_volunteers_token_shows_their_activities_only(client, vworld, signed_up):
    theirs = calendar_token(by=vworld.leader.user)
    events = _events(client.get(reverse("calendar:volunteer-feed", args=[theirs])))
    assert set(events) == {"Clinic", "Full one"}


def test_wrong_or_renewed_token_is_404(client, vworld, signed_up):
    old = calendar_token(by=vworld.member.user)
    assert client.get(reverse("calendar:volunteer-feed", args=["not-a-token"])).status_code == 404
    new = calendar_token(by=vworld.member.user, renew=True)
    assert new != old
    assert client.get(reverse("calendar:volunteer-feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar:volunteer-feed", args=[new])).status_code == 200


def test_cancelled_activity_stays_marked_cancelled(client, organiser, vworld, signed_up):
    services.cancel_activity(by=organiser, activity=signed_up, reason="Rain")
    token = calendar_token(by=vworld.member.user)
    events = _events(client.get(reverse("calendar:volunteer-feed", args=[token])))
    assert str(events["Evening patrol"]["status"]) == "CANCELLED"


def test_community_feed_is_public_and_has_published_only(client, organiser, vworld, world):
    make_activity(world.a, by=organiser, title="Published")
    make_activity(world.a, by=organiser, title="Draft", publish=False)
    events = _events(client.get(reverse("calendar:community-feed", args=[world.a.pk])))
    assert set(events) == {"Published"}
    assert set(_events(client.get(reverse("calendar:community-feed", args=[world.b.pk])))) == set()


def test_community_feed_of_a_non_community_is_404(client, world):
    assert client.get(reverse("calendar:community-feed", args=[world.a.county_id])).status_code == 404


def test_my_calendar_page_needs_login_and_renews(client, login, volunteer):
    assert client.get(reverse("calendar:mine")).status_code == 302
    client = login(volunteer)
    first = client.get(reverse("calendar:mine")).content.decode()
    token = calendar_token(by=volunteer)
    assert token in first and '<label class="form-label" for="feed-url">' in first
    assert client.post(reverse("calendar:renew")).status_code == 302
    assert calendar_token(by=volunteer) != token
