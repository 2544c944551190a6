from django.urls import reverse

from registry.models import PartyMember
from registry.testing import make_party_branch


def test_the_party_organisation_is_a_link_only_for_its_readers(login, world, staff_a, grid_worker):
    branch = make_party_branch(world.a, world.compound)
    PartyMember.objects.create(
        resident=world.head1, county=world.county, community=world.a, party_org=branch, kind="retired"
    )
    link = reverse("registry:party-org-detail", args=[branch.pk])
    url = reverse("registry:resident-detail", args=[world.head1.pk])
    assert link in login(staff_a).get(url).content.decode()
    page = login(grid_worker).get(url).content.decode()
    assert branch.name in page
    assert link not in page
    assert login(grid_worker).get(link).status_code == 404  # why the link would have been broken
