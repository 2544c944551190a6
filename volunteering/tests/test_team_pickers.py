"""Team pickers over several communities name each team's community: two 治安巡逻队 are told apart."""

import pytest
from django.urls import reverse

from accounts.services import grant_role
from activities.forms import ActivityForm
from core.roles import Role
from registry.testing import make_user
from volunteering.forms import RecordFilterForm, TeamForm, VolunteerFilterForm
from volunteering.import_views import TeamExportForm
from volunteering.testing import make_team


def _labels(field):
    return [str(label) for value, label in field.choices if value != ""]


def _same_name(vworld, world):
    make_team(world.b, "治安巡逻队")  # the same name as community A's patrol


def test_a_county_admin_sees_which_community_each_team_is_of(vworld, world, county_admin):
    _same_name(vworld, world)
    for form in (VolunteerFilterForm(county_admin), RecordFilterForm(county_admin), TeamExportForm(user=county_admin)):
        labels = _labels(form.fields["team"])
        assert "治安巡逻队 (城南社区)" in labels and "治安巡逻队 (城北社区)" in labels


def test_one_community_staff_see_plain_team_names(vworld, world, staff_a):
    labels = _labels(VolunteerFilterForm(staff_a).fields["team"])
    assert "治安巡逻队" in labels
    assert not any("城南社区" in label for label in labels)


@pytest.fixture
def staff_of_both(world):
    """Staff of both communities, as a town may have one worker serve two small communities."""
    user = make_user("staff_ab", role=Role.COMMUNITY_STAFF, org_unit=world.a)
    grant_role(by=None, user=user, role=Role.COMMUNITY_STAFF, org_unit=world.b)
    return user


def test_the_parent_team_and_the_activity_team_pickers_name_the_community(vworld, world, staff_of_both):
    _same_name(vworld, world)
    assert "治安巡逻队 (城北社区)" in _labels(TeamForm(staff_of_both).fields["parent"])
    assert "治安巡逻队 (城北社区)" in _labels(ActivityForm(staff_of_both).fields["team"])


def test_the_record_batch_team_list_names_the_community(vworld, world, staff_of_both, login):
    _same_name(vworld, world)
    html = login(staff_of_both).get(reverse("volunteering:record-batch")).content.decode()
    assert "治安巡逻队 (城北社区)" in html and "治安巡逻队 (城南社区)" in html
