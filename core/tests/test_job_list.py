"""The periodic jobs page: superusers and county admins read each job's last run and error."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import make_user
from core.models import ScheduledJob
from core.roles import Role

URL = reverse("core:job-list")


@pytest.fixture
def failing(db):
    """close_notices failed twice in a row; the reminders ran and sent 4."""
    now = timezone.now()
    ScheduledJob.objects.create(
        name="close_notices",
        next_run_at=now + dt.timedelta(minutes=20),
        last_started_at=now - dt.timedelta(minutes=40),
        last_failed_at=now - dt.timedelta(minutes=40),
        last_error='Traceback (most recent call last):\n  ...\nOperationalError: "database is locked"',
        failures=2,
    )
    ScheduledJob.objects.create(
        name="send_activity_reminders",
        next_run_at=now + dt.timedelta(minutes=20),
        last_started_at=now - dt.timedelta(minutes=40),
        last_finished_at=now - dt.timedelta(minutes=39),
        last_result="4",
    )


def test_county_admin_reads_every_job_with_its_last_result_and_error(login, county_admin, failing):
    response = login(county_admin).get(URL)
    assert response.status_code == 200
    names = [row["job"].name for row in response.context["jobs"]]
    assert names == sorted(names)
    assert {"close_notices", "send_activity_reminders", "finish_activities", "release_overdue_claims"} <= set(names)
    page = response.content.decode()
    assert "Record service hours whose public notice has ended" in page
    assert "every hour" in page
    assert "Failed 2 times in a row" in page
    assert "OperationalError: &quot;database is locked&quot;" in page  # escaped, never raw HTML
    reminders = page[page.index('id="job-send_activity_reminders"') :]
    assert "Done" in reminders[: reminders.index("</tr>")]
    assert "Not run yet" in page  # finish_activities has no row yet


def test_a_superuser_reads_it_too(client, failing):
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert client.get(URL).status_code == 200


def test_it_needs_a_login(client, failing):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_community_staff_town_admins_and_volunteers_are_refused(login, world, staff_a, volunteer, failing):
    town_admin = make_user("town_admin", role=Role.TOWN_ADMIN, org_unit=world.town)
    for user in (staff_a, town_admin, volunteer):
        assert login(user).get(URL).status_code == 403, user.username


def test_the_page_costs_a_fixed_number_of_queries(login, county_admin, failing, django_assert_max_num_queries):
    client = login(county_admin)
    client.get(URL)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_the_administration_menu_offers_it_to_those_who_may_read_it(login, county_admin, staff_a):
    def menu(user):
        sections = login(user).get(reverse("core:home")).context["nav_sections"]
        return [item["url"] for section in sections for item in section["items"]]

    assert URL in menu(county_admin)
    assert URL not in menu(staff_a)
