"""Loading the volunteering demo into an empty database (the other demo tests share one load per module)."""

from io import StringIO

from django.core.management import call_command

from core.models import AuditEvent
from registry.models import OrgUnit
from volunteering.models import (
    Certificate,
    ServiceRecord,
    StarLevel,
    Volunteer,
)
from volunteering.tests.test_demo import load_and_forget


def test_same_seed_gives_the_same_volunteers_and_ledger(db):
    first = load_and_forget(preset="tiny")
    assert len(first["volunteers"]) > 10
    assert len(first["records"]) > 1000
    assert first == load_and_forget(preset="tiny")
    other = load_and_forget(preset="tiny", seed=7)
    assert other["volunteers"] != first["volunteers"]


def test_load_demo_if_empty_is_still_idempotent(db):
    call_command("load_demo", "--if-empty", "--preset", "tiny", stdout=StringIO())

    def counts():
        return (
            OrgUnit.objects.count(),
            Volunteer.objects.count(),
            ServiceRecord.objects.count(),
            StarLevel.objects.count(),
            Certificate.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    assert before[1] > 0 and before[2] > 0
    out = StringIO()
    call_command("load_demo", "--if-empty", "--preset", "tiny", stdout=out)
    assert "not loaded" in out.getvalue()
    assert counts() == before
