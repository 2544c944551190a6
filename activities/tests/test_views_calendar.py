import datetime as dt

from django.urls import reverse
from django.utils import timezone

from activities.testing import make_activity

MONTH = reverse("activities:calendar-month")
WEEK = reverse("activities:calendar-week")


def _month_of(activity):
    return timezone.localtime(activity.starts_at).strftime("%Y-%m")


def _titles(resp):
    return [a.title for week in resp.context["weeks"] for day in week for a in day["items"]]


def test_staff_sees_drafts_in_the_month_grid(login, staff_a, world, django_assert_num_queries):
    draft = make_activity(world.a, by=staff_a, title="草稿活动", publish=False)
    make_activity(world.a, by=staff_a, title="已发布活动", starts_in=dt.timedelta(days=2, hours=1))
    client = login(staff_a)
    client.get(MONTH)  # six: session, user, roles, own volunteer twice (menu, scope), then ONE for the activities
    with django_assert_num_queries(6):
        resp = client.get(MONTH, {"month": _month_of(draft)})
    assert resp.status_code == 200
    assert _titles(resp) == ["草稿活动", "已发布活动"]
    page = resp.content.decode()
    assert draft.get_absolute_url() in page and '<th scope="col">' in page
    assert len(resp.context["weeks"][0]) == 7 and resp.context["weeks"][0][0]["date"].weekday() == 0


def test_volunteer_sees_published_but_not_drafts(login, staff_a, volunteer, world, vworld):
    draft = make_activity(world.a, by=staff_a, title="草稿活动", publish=False)
    make_activity(world.a, by=staff_a, title="已发布活动")
    resp = login(volunteer).get(MONTH, {"month": _month_of(draft)})
    assert resp.status_code == 200
    assert _titles(resp) == ["已发布活动"]


def test_anonymous_is_redirected_to_login(client):
    for url in (MONTH, WEEK):
        resp = client.get(url)
        assert resp.status_code == 302 and "/login" in resp["Location"]


def test_other_community_does_not_see_a(login, staff_a, staff_b, world):
    activity = make_activity(world.a, by=staff_a, title="城南活动")
    resp = login(staff_b).get(MONTH, {"month": _month_of(activity)})
    assert resp.status_code == 200 and _titles(resp) == []
    assert "城南活动" not in resp.content.decode()


def test_county_admin_reads(login, staff_a, county_admin, world):
    activity = make_activity(world.a, by=staff_a, title="城南活动")
    resp = login(county_admin).get(MONTH, {"month": _month_of(activity)})
    assert _titles(resp) == ["城南活动"]


def test_bad_parameter_falls_back_to_this_month(login, staff_a, world):
    client = login(staff_a)
    for bad in ("2026-13", "nonsense", "0001-01", ""):
        resp = client.get(MONTH, {"month": bad})
        assert resp.status_code == 200
        assert resp.context["first"] == timezone.localdate().replace(day=1)
    resp = client.get(WEEK, {"date": "2026-02-30"})
    assert resp.status_code == 200
    assert timezone.localdate() in [d["date"] for d in resp.context["days"]]


def test_today_is_marked_with_text(login, staff_a, world):
    page = login(staff_a).get(MONTH).content.decode()
    assert 'aria-current="date"' in page and "Today" in page


def test_month_links_to_previous_and_next(login, staff_a, world):
    resp = login(staff_a).get(MONTH, {"month": "2026-12"})
    page = resp.content.decode()
    assert "?month=2026-11" in page and "?month=2027-01" in page
    resp = login(staff_a).get(MONTH, {"month": "2026-01"})
    assert "?month=2025-12" in resp.content.decode()


def test_week_view_lists_seven_days_from_monday(login, staff_a, world, django_assert_num_queries):
    activity = make_activity(world.a, by=staff_a, title="周活动")
    day = timezone.localtime(activity.starts_at).date()
    client = login(staff_a)
    client.get(WEEK)
    with django_assert_num_queries(6):
        resp = client.get(WEEK, {"date": day.isoformat()})
    days = resp.context["days"]
    assert len(days) == 7 and days[0]["date"].weekday() == 0 and days[0]["date"] <= day <= days[6]["date"]
    assert [a.title for d in days for a in d["items"]] == ["周活动"]
    page = resp.content.decode()
    assert activity.get_absolute_url() in page
    assert f"?date={(days[0]['date'] - dt.timedelta(days=7)).isoformat()}" in page
