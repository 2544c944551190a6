import datetime as dt

import pytest
from django.urls import reverse

from core.models import AuditEvent
from registry import services
from registry.models import PartyOrg
from registry.testing import make_party_branch

PARTY = reverse("registry:party-list")


@pytest.fixture
def branch(world):
    branch = make_party_branch(world.a, world.compound, status=PartyOrg.Status.PROVISIONAL)
    services.register_party_member(by=None, resident=world.head1, party_org=branch, kind="retired")
    services.register_party_member(by=None, resident=world.resident2, party_org=branch, kind="floating")
    return branch


def detail(org):
    return reverse("registry:party-org-detail", args=[org.pk])


def formalize(org):
    return reverse("registry:party-org-formalize", args=[org.pk])


def test_party_list_shows_orgs_with_member_counts_by_kind(world, staff_a, login, branch):
    committee = services.create_party_org(
        by=None, community=world.a, kind="committee", name="城南社区党委", founded_on=dt.date(2010, 1, 1)
    )
    response = login(staff_a).get(PARTY)
    assert response.status_code == 200
    orgs = response.context["orgs"]
    assert orgs == [committee, branch]  # the committee first
    # registered, retired, in service, floating, other
    assert orgs[1].kind_counts == [0, 1, 0, 1, 0]
    assert orgs[1].member_total == 2
    assert "Provisional since 2016-03-01" in response.content.decode()


def test_party_list_needs_login(client, world):
    assert client.get(PARTY).status_code == 302


def test_party_list_of_other_community_is_empty(world, staff_b, login, branch):
    assert login(staff_b).get(PARTY).context["orgs"] == []


def test_county_admin_reads_the_party_list(world, county_admin, login, branch):
    assert login(county_admin).get(PARTY).context["orgs"] == [branch]


def test_detail_lists_members_with_household_links(world, staff_a, login, branch):
    response = login(staff_a).get(detail(branch))
    assert response.status_code == 200
    assert {m.resident for m in response.context["members"]} == {world.head1, world.resident2}
    html = response.content.decode()
    assert reverse("registry:household-detail", args=[world.household1.pk]) in html
    assert formalize(branch) in html


def test_detail_of_other_community_is_404(world, staff_b, grid_worker, login, branch):
    assert login(staff_b).get(detail(branch)).status_code == 404


def test_county_admin_reads_the_detail_without_the_formalize_form(world, county_admin, login, branch):
    response = login(county_admin).get(detail(branch))
    assert response.status_code == 200
    assert formalize(branch) not in response.content.decode()


def test_detail_needs_login(client, world, branch):
    assert client.get(detail(branch)).status_code == 302


def test_formalize_keeps_the_history(world, staff_a, login, branch):
    client = login(staff_a)
    response = client.post(formalize(branch), {"formalized_on": "2018-06-01"})
    assert response.status_code == 302
    branch.refresh_from_db()
    assert (branch.status, branch.founded_on, branch.formalized_on) == (
        "formal",
        dt.date(2016, 3, 1),
        dt.date(2018, 6, 1),
    )
    assert AuditEvent.objects.filter(action="registry.party_org.formalize", object_id=str(branch.pk)).exists()
    html = client.get(detail(branch)).content.decode()
    assert "Provisional since 2016-03-01, formal since 2018-06-01" in html
    assert "staff_a made the branch" in html and "formal since: 2018-06-01" in html


def test_formalize_before_founding_shows_the_error(world, staff_a, login, branch):
    response = login(staff_a).post(formalize(branch), {"formalized_on": "2015-01-01"})
    assert response.status_code == 200
    assert "formalized_on" in response.context["form"].errors
    branch.refresh_from_db()
    assert branch.status == "provisional"


def test_formalize_by_read_only_role_is_403(world, county_admin, login, branch):
    assert login(county_admin).post(formalize(branch), {"formalized_on": "2018-06-01"}).status_code == 403
    branch.refresh_from_db()
    assert branch.status == "provisional"


def test_formalize_in_other_community_is_404(world, staff_b, login, branch):
    assert login(staff_b).post(formalize(branch), {"formalized_on": "2018-06-01"}).status_code == 404


def test_formalize_is_post_only_and_needs_login(client, world, staff_a, login, branch):
    assert client.post(formalize(branch), {"formalized_on": "2018-06-01"}).status_code == 302
    assert login(staff_a).get(formalize(branch)).status_code == 405
