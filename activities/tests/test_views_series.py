"""Recurring activities on the pages: the form that makes the occurrences, and the series' page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivitySeries
from activities.testing import png_upload
from core.models import AuditEvent


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def _form(community, team=None, **kw):
    data = {
        "community": community.pk,
        "title": "夜间巡逻",
        "kind": "patrol",
        "weekdays": ["1", "3"],  # Tuesday and Thursday
        "start_time": "19:00",
        "end_time": "21:00",
        "first_date": _next_monday().isoformat(),
        "count": "4",
        "deadline_hours": "2",
        "places": "6",
        "eligibility": "anyone",
        "place_text": "社区东门",
    }
    if team is not None:
        data["team"] = team.pk
    return data | kw


def _series(organiser, community, **kw):
    return services.create_series(
        by=organiser,
        community=community,
        title="周二巡逻",
        kind="patrol",
        weekdays=[1],
        start_time=dt.time(19),
        end_time=dt.time(21),
        first_date=_next_monday(),
        count=kw.pop("count", 3),
        places=5,
        **kw,
    )


def test_staff_make_a_series_of_dated_drafts(login, staff_a, world):
    client = login(staff_a)
    resp = client.post(reverse("activities:series-create"), _form(world.a))
    series = ActivitySeries.objects.get()
    assert resp.status_code == 302 and resp["Location"] == series.get_absolute_url()
    occurrences = list(series.occurrences.order_by("starts_at"))
    days = [timezone.localtime(a.starts_at) for a in occurrences]
    monday = _next_monday()
    assert [d.date() for d in days] == [monday + dt.timedelta(days=n) for n in (1, 3, 8, 10)]
    assert all((d.hour, d.minute) == (19, 0) for d in days)
    first = occurrences[0]
    assert (first.status, first.places, first.place_text, first.kind) == ("draft", 6, "社区东门", "patrol")
    assert first.signup_deadline == first.starts_at - dt.timedelta(hours=2)
    assert (series.weekday_numbers(), series.last_date) == ([1, 3], monday + dt.timedelta(days=10))
    assert AuditEvent.objects.filter(action="activities.series.create").count() == 1


def test_until_a_last_date(login, staff_a, world):
    monday = _next_monday()
    data = _form(world.a, weekdays=["1"], count="", last_date=(monday + dt.timedelta(days=27)).isoformat())
    assert login(staff_a).post(reverse("activities:series-create"), data).status_code == 302
    assert ActivitySeries.objects.get().occurrences.count() == 4


def test_series_page_lists_occurrences_and_each_stays_changeable(login, staff_a, world):
    series = _series(staff_a, world.a)
    client = login(staff_a)
    resp = client.get(series.get_absolute_url())
    assert resp.status_code == 200 and len(resp.context["occurrences"]) == 3
    assert "Tuesday" in resp.content.decode()
    second = series.occurrences.order_by("starts_at")[1]
    page = client.get(second.get_absolute_url()).content.decode()
    assert series.get_absolute_url() in page and "3 occurrences" in page
    # Change one occurrence: the others keep their places.
    edit = client.get(reverse("activities:activity-edit", args=[second.pk])).context["form"].initial
    data = {k: v for k, v in edit.items() if v not in (None, "") and k != "cover"}
    for key in ("starts_at", "ends_at", "signup_deadline"):
        data[key] = timezone.localtime(data[key]).strftime("%Y-%m-%dT%H:%M")
    data["places"] = 9
    assert client.post(reverse("activities:activity-edit", args=[second.pk]), data).status_code == 302
    assert sorted(series.occurrences.values_list("places", flat=True)) == [5, 5, 9]


def test_occurrences_share_the_cover_until_each_changes_it(
    login, staff_a, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    assert (
        login(staff_a).post(reverse("activities:series-create"), _form(world.a, cover=png_upload())).status_code == 302
    )
    shared = {a.cover.name for a in Activity.objects.all()}
    assert len(shared) == 1 and "王" not in next(iter(shared))
    name = shared.pop()
    first, *others = Activity.objects.order_by("starts_at")
    storage = first.cover.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.update_activity(by=staff_a, activity=first, cover=png_upload(colour=(0, 0, 200)))
    first.refresh_from_db()
    # The others still use the file: it stays until the last of them lets it go.
    assert first.cover.name != name and storage.exists(name)
    for activity in others:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_activity(by=staff_a, activity=activity, cover=False)
    assert not storage.exists(name)


def test_organise_list_links_to_the_series_form(login, staff_a, world):
    body = login(staff_a).get(reverse("activities:activity-list")).content.decode()
    assert reverse("activities:series-create") in body


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"count": "", "last_date": "2000-01-01"}, "last_date", "on or after the first date"),
        ({"count": "200"}, "count", "at most 104 occurrences"),
        ({"weekdays": [str(d) for d in range(7)], "count": "", "last_date": "+300"}, "last_date", "more than the 104"),
        ({"count": "", "last_date": "+400"}, "last_date", "one year at most"),
        ({"count": "", "last_date": ""}, "last_date", "last date or the number"),
        ({"last_date": "+30"}, "count", "not both"),
        ({"weekdays": ["2"], "count": "", "last_date": "+1"}, "weekdays", "None of the chosen weekdays"),
        ({"weekdays": []}, "weekdays", "required"),
        ({"first_date": "2000-01-03"}, "first_date", "from today on"),
        ({"end_time": "18:00"}, "end_time", "end must be after the start"),
    ],
)
def test_refusals_are_form_errors(login, staff_a, world, change, field, words):
    monday = _next_monday()
    for key, value in change.items():
        if isinstance(value, str) and value.startswith("+"):
            change[key] = (monday + dt.timedelta(days=int(value[1:]))).isoformat()
    resp = login(staff_a).post(reverse("activities:series-create"), _form(world.a) | change)
    assert resp.status_code == 200
    assert any(words in e for e in resp.context["form"].errors[field]), resp.context["form"].errors
    assert not ActivitySeries.objects.exists() and not Activity.objects.exists()


def test_leader_makes_a_series_for_own_team_only(login, leader_user, world, vworld):
    client = login(leader_user)
    assert client.post(reverse("activities:series-create"), _form(world.a, team=vworld.patrol)).status_code == 302
    resp = client.post(reverse("activities:series-create"), _form(world.a, team=vworld.youth))
    assert resp.status_code == 200 and "team" in resp.context["form"].errors
    assert ActivitySeries.objects.count() == 1


def test_series_pages_need_login(client, staff_a, world):
    series = _series(staff_a, world.a)
    for url in (reverse("activities:series-create"), series.get_absolute_url()):
        resp = client.get(url)
        assert resp.status_code == 302 and "login" in resp["Location"]


def test_other_community_gets_404_and_cannot_choose_it(login, staff_a, staff_b, world):
    series = _series(staff_a, world.a)
    client = login(staff_b)
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get(reverse("activities:series-detail", args=[series.pk + 100])).status_code == 404
    resp = client.post(reverse("activities:series-create"), _form(world.a))
    assert resp.status_code == 200 and "community" in resp.context["form"].errors
    assert ActivitySeries.objects.count() == 1


def test_read_only_users_get_403_on_the_form(login, staff_a, county_admin, volunteer, world, vworld):
    series = _series(staff_a, world.a)
    for user in (county_admin, volunteer):
        client = login(user)
        assert client.get(reverse("activities:series-create")).status_code == 403
        assert client.post(reverse("activities:series-create"), _form(world.a)).status_code == 403
    assert ActivitySeries.objects.count() == 1
    # The county reads the series; a volunteer sees it once an occurrence is published.
    assert login(county_admin).get(series.get_absolute_url()).status_code == 200
    assert login(volunteer).get(series.get_absolute_url()).status_code == 404
    services.publish_activity(by=staff_a, activity=series.occurrences.order_by("starts_at").first())
    resp = login(volunteer).get(series.get_absolute_url())
    assert resp.status_code == 200 and len(resp.context["occurrences"]) == 1


def test_series_page_query_count_is_fixed(login, staff_a, world, django_assert_num_queries):
    short = _series(staff_a, world.a, count=2)
    long = _series(staff_a, world.a, count=8)
    client = login(staff_a)
    client.get(short.get_absolute_url())
    with django_assert_num_queries(
        9
    ) as short_queries:  # session, user, series, scope, own volunteer record, occurrences
        client.get(short.get_absolute_url())
    with django_assert_num_queries(len(short_queries)):
        assert len(client.get(long.get_absolute_url()).context["occurrences"]) == 8
