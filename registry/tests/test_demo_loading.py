"""Loading the demo into an empty database (the other demo tests share one load per module)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from core.demo import load as load_demo
from core.models import AuditEvent
from registry import demo
from registry.models import Household, OrgUnit, PartnerUnit, PartyMember, Resident
from registry.tests.test_demo import load_and_forget


def test_same_seed_gives_same_people(db):
    first = load_and_forget(preset="tiny")
    second = load_and_forget(preset="tiny")
    assert len(first) > 50
    assert first == second
    assert load_and_forget(preset="tiny", seed=7) != first


@pytest.mark.slow
def test_party_members_of_every_kind_and_most_show_identity(db):
    load_demo(preset="demo")
    members = PartyMember.objects.filter(community__name="城南社区")
    assert set(members.values_list("kind", flat=True)) == set(PartyMember.Kind.values)
    assert members.filter(shows_identity=True).count() > 0.7 * members.count()
    chengnan = Resident.objects.filter(community__name="城南社区")
    assert 5500 < chengnan.count() < 7000
    assert 1900 < Household.objects.filter(community__name="城南社区").count() < 2200
    assert set(PartnerUnit.objects.values_list("kind", flat=True)) == {"agency", "enterprise", "social_org"}


def test_load_demo_if_empty_does_nothing_the_second_time(db):
    call_command("load_demo", "--if-empty", "--preset", "tiny", stdout=StringIO())
    counts = (OrgUnit.objects.count(), Resident.objects.count(), User.objects.count(), AuditEvent.objects.count())
    out = StringIO()
    call_command("load_demo", "--if-empty", "--preset", "tiny", stdout=out)
    assert "not loaded" in out.getvalue()
    assert counts == (
        OrgUnit.objects.count(),
        Resident.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(CommandError, match="already has an org tree"):
        call_command("load_demo", "--preset", "tiny", stdout=StringIO())


def test_demo_logins_on_a_database_without_demo(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "no demo logins" in out.getvalue()
    assert demo.DEMO_PASSWORD not in out.getvalue()
