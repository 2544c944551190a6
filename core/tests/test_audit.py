import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from core.audit import record_event
from core.models import AuditEvent


def test_audit_rows_cannot_be_changed_or_deleted(world):
    event = record_event(by=None, action="test.event", community_id=world.a.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_services_leave_audit_rows_with_origin(login, staff_a, world):
    client = login(staff_a)
    client.get(reverse("core:home"), REMOTE_ADDR="10.1.2.3")  # origin is attached per request
    staff_a.audit_origin = "10.1.2.3"
    from registry.services import create_tag

    create_tag(by=staff_a, community=world.a, name="重点关注")
    event = AuditEvent.objects.get(action="registry.tag.create")
    assert (event.actor, event.origin, event.community_id) == (staff_a, "10.1.2.3", world.a.pk)


def test_staff_read_only_their_communitys_log(login, staff_a, staff_b, world):
    record_event(by=staff_a, action="test.a", community_id=world.a.pk)
    record_event(by=staff_b, action="test.b", community_id=world.b.pk)
    page = login(staff_a).get(reverse("core:audit-log"), {"action": "test."}).content.decode()
    assert "test.a" in page and "test.b" not in page


def test_audit_log_needs_the_right_role(login, grid_worker, volunteer):
    assert login(grid_worker).get(reverse("core:audit-log")).status_code == 403
    assert login(volunteer).get(reverse("core:audit-log")).status_code == 403


def test_audit_log_needs_login(client, world):
    assert client.get(reverse("core:audit-log")).status_code == 302
